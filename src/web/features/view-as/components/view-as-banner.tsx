import { currentViewAs, stopViewAs } from '../api/view-as';

/**
 * ViewAsBanner says, above everything, whom the console acts as and who is really signed in
 * ("Viewing as bob — signed in as alice"), and offers the way back. Everything below it — nav,
 * permissions, data — is what the viewed user would see; `signedInAs` is undefined while it loads.
 */
export function ViewAsBanner({ signedInAs }: { signedInAs?: string }) {
  const user = currentViewAs();
  if (!user) return null;
  return (
    <div className="view-as-banner" role="region" aria-label="View as">
      <p>
        <span aria-hidden="true">👁 </span>Viewing as <strong>{user}</strong>
        {signedInAs && <> — signed in as <strong>{signedInAs}</strong></>}
        . You see the console exactly as {user} would; your actions are recorded as yours.
      </p>
      <button type="button" className="button button-small" onClick={() => stopViewAs()}>Stop viewing as {user}</button>
    </div>
  );
}
