import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../../lib/api-client';
import { Spinner } from './spinner';

/** ConfirmDialogProps: `open` shows the dialog; `confirmText`, when set, must be typed before confirming. */
export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** pendingLabel is announced while `pending` (e.g. "Revoking…"). */
  pendingLabel?: string;
  danger?: boolean;
  pending?: boolean;
  error?: unknown;
  /** confirmText asks the person to type this exact text (e.g. a namespace's name) to enable the action. */
  confirmText?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * ConfirmDialog is a modal question (native <dialog>, so focus stays inside and Escape cancels) with
 * Cancel focused first: a destructive action is never one keypress away. Errors from the action are
 * announced inside the dialog, which stays open so the person can retry or cancel.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, pendingLabel, danger, pending, error, confirmText, onConfirm, onCancel }: ConfirmDialogProps) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [typed, setTyped] = useState('');

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setTyped('');
      d.showModal();
      if (!confirmText) cancelRef.current?.focus();
    } else if (!open && d.open) d.close();
  }, [open, confirmText]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pending || (confirmText !== undefined && typed !== confirmText)) return;
    onConfirm();
  };
  const blocked = confirmText !== undefined && typed !== confirmText;

  return (
    <dialog
      ref={ref} className="dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}
      onCancel={(e) => { e.preventDefault(); if (!pending) onCancel(); }}
    >
      <form onSubmit={submit} aria-busy={pending}>
        <h2 id={`${id}-title`} className="dialog-title">{title}</h2>
        <div id={`${id}-body`} className="dialog-body">{children}</div>
        {confirmText !== undefined && (
          <div className="field">
            <label htmlFor={`${id}-confirm`}>Type <strong className="mono">{confirmText}</strong> to confirm</label>
            <input id={`${id}-confirm`} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} autoFocus />
          </div>
        )}
        <div role="alert" className="form-error">{error ? errorMessage(error) : ''}</div>
        <div className="dialog-actions">
          <button ref={cancelRef} type="button" className="button" onClick={onCancel} disabled={pending}>Cancel</button>
          <button type="submit" className={`button ${danger ? 'button-danger' : 'button-primary'}`} disabled={pending || blocked} aria-disabled={blocked || undefined}>
            {pending && <Spinner />}
            {confirmLabel}
          </button>
          <span role="status" className="form-progress">{pending ? pendingLabel ?? 'Working…' : ''}</span>
        </div>
      </form>
    </dialog>
  );
}
