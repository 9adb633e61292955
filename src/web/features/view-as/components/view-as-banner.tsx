import { currentViewAs, stopViewAs } from '../api/view-as';

/**
 * ViewAsBanner says, above everything, that the console acts as another user, and offers the way back.
 * Everything below it — nav, permissions, data — is what that user would see.
 */
export function ViewAsBanner() {
  const user = currentViewAs();
  if (!user) return null;
  return (
    <div className="view-as-banner" role="region" aria-label="View as">
      <p>
        <span aria-hidden="true">👁 </span>Viewing as <strong>{user}</strong> — you see the console exactly as {user} would; your actions are recorded as yours.
      </p>
      <button type="button" className="button button-small" onClick={() => stopViewAs()}>Return to admin</button>
    </div>
  );
}
