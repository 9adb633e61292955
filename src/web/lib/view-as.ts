// "View as" (DESIGN "The console"): a cluster admin sees the console as another user through
// Kubernetes impersonation. The choice lives in sessionStorage (it is a username, not a secret) so it
// lasts for this tab only and survives reloads; the fetch wrapper reads it on every request.

/** VIEW_AS_KEY is the sessionStorage key holding the impersonated username. */
export const VIEW_AS_KEY = 'gatehouse.viewAs';

function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    // Storage can be unavailable (privacy modes); then there is simply no "view as".
    return undefined;
  }
}

/** viewAsUser returns the username the console acts as, or undefined when acting as oneself. */
export function viewAsUser(): string | undefined {
  try {
    return storage()?.getItem(VIEW_AS_KEY)?.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** setViewAs starts acting as `username`, or stops when it is empty. The caller reloads the console. */
export function setViewAs(username: string | undefined): void {
  try {
    const s = storage();
    if (!s) return;
    if (username?.trim()) s.setItem(VIEW_AS_KEY, username.trim());
    else s.removeItem(VIEW_AS_KEY);
  } catch { /* see storage() */ }
}
