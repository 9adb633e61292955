import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { errorMessage } from '../../lib/api-client';

function ErrorContent() {
  const error = useRouteError();
  // A failed chunk download usually means a new version was deployed (hashed file names changed).
  const stale = error instanceof TypeError && /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(error.message);
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const title = notFound ? 'Page not found' : stale ? 'Gatehouse was updated' : 'Something went wrong';
  const text = notFound
    ? 'There is nothing at this address.'
    : stale ? 'A newer version of the console is available. Reload the page to use it.'
      : isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorMessage(error);
  return (
    <div className="page-error">
      <h1>{title}</h1>
      <p role="alert">{text}</p>
      <p className="actions">
        <button type="button" className="button button-primary" onClick={() => window.location.reload()}>Reload</button>
        <Link className="button" to="/">Go to the start page</Link>
      </p>
    </div>
  );
}

/** RouteError replaces the whole page when the app itself fails to load (it brings its own <main>). */
export function RouteError() {
  return <main id="main" tabIndex={-1}><ErrorContent /></main>;
}

/** PageError replaces one view inside the app shell, so the header and nav stay usable. */
export function PageError() {
  return <ErrorContent />;
}
