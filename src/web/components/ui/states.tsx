import type { ReactNode } from 'react';
import { errorMessage, isApiError } from '../../lib/api-client';
import { Spinner } from './spinner';

/** LoadingState announces that content is on its way (a polite live region). */
export function LoadingState({ label }: { label: string }) {
  return (
    <div className="state state-loading" role="status">
      <Spinner /> <span>{label}</span>
    </div>
  );
}

/**
 * EmptyState says that there is nothing yet and, in `children`, what would make something appear. Its
 * title is a heading one level below the page's h1 (`level`), so it is reachable by heading navigation.
 */
export function EmptyState({ title, level = 2, children }: { title: string; level?: 2 | 3; children?: ReactNode }) {
  const Heading = `h${level}` as const;
  return (
    <div className="state state-empty">
      <svg className="state-icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M4 7h16v12H4zM8 7V5h8v2" fill="none" stroke="currentColor" strokeWidth="1.5" /></svg>
      <Heading className="state-title">{title}</Heading>
      {children && <div className="state-body">{children}</div>}
    </div>
  );
}

/**
 * ErrorState explains a failed load: `title` says what failed (a 403 or 404 gets a plainer title from
 * `titles`), the body is the server's readable message, and Retry runs `onRetry` when given.
 */
export function ErrorState({ title, titles, error, onRetry }: { title: string; titles?: Partial<Record<number, string>>; error: unknown; onRetry?: () => void }) {
  const heading = (isApiError(error) && titles?.[error.status]) || title;
  return (
    <div className="state state-error" role="alert">
      <h2 className="state-title">{heading}</h2>
      <p className="state-body">{errorMessage(error)}</p>
      {onRetry && <button type="button" className="button" onClick={onRetry}>Try again</button>}
    </div>
  );
}
