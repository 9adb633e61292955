import type { ReactNode } from 'react';
import { Spinner } from './spinner';

/** FormActionsProps: `progress` is announced while `pending`; `status` (e.g. "Unsaved changes") otherwise. */
export interface FormActionsProps {
  /** submit is the primary button's label. */
  submit: string;
  pending: boolean;
  progress: string;
  status?: ReactNode;
  /** statusClassName replaces the status line's class (default `form-progress`). */
  statusClassName?: string;
  /** disabled disables the submit button besides while pending. */
  disabled?: boolean;
  /** children are further buttons before the submit button. */
  children?: ReactNode;
}

/**
 * FormActions is the end of a form: its submit button, which shows a spinner and cannot be pressed
 * twice while the request runs, and a polite status line that says what is going on.
 */
export function FormActions({ submit, pending, progress, status, statusClassName = 'form-progress', disabled, children }: FormActionsProps) {
  return (
    <div className="form-actions">
      {children}
      <button type="submit" className="button button-primary" disabled={pending || disabled}>
        {pending && <Spinner />}
        {submit}
      </button>
      <span role="status" className={statusClassName}>{pending ? progress : status ?? ''}</span>
    </div>
  );
}
