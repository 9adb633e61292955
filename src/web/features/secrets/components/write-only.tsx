import type { InputHTMLAttributes } from 'react';

/**
 * WriteOnlyInput is an input for a secret value: masked, never autofilled or remembered, never
 * spell-checked (which would send text to a service), and uncontrolled, so the value lives only in
 * the input until the form reads it on submit and clears it.
 */
export function WriteOnlyInput(props: Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'defaultValue'>) {
  return <input {...props} type="password" autoComplete="off" spellCheck={false} autoCapitalize="off" autoCorrect="off" data-1p-ignore="" data-lpignore="true" />;
}

/** clearValues empties every password and file input of `form` (after a submit, whatever its outcome). */
export function clearValues(form: HTMLFormElement | null): void {
  form?.querySelectorAll<HTMLInputElement>('input[type="password"], input[type="file"]').forEach((i) => { i.value = ''; });
}
