import { paths } from '../../../config/paths';
import { setViewAs, viewAsUser } from '../../../lib/view-as';

// Entering and leaving "view as" reloads the console: every cached answer (nav, permissions, data)
// belonged to the other identity, and a fresh start guarantees nothing of it lingers.

/** startViewAs makes the console act as `username` (Impersonate-User on every request) from the start page. */
export function startViewAs(username: string): void {
  setViewAs(username);
  window.location.assign(paths.home.getHref());
}

/** stopViewAs returns to acting as oneself, on `returnTo` (the users list by default). */
export function stopViewAs(returnTo: string = paths.users.getHref()): void {
  setViewAs(undefined);
  window.location.assign(returnTo);
}

/** currentViewAs is the username being viewed as, if any. */
export const currentViewAs = viewAsUser;
