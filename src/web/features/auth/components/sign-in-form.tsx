import { useId, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { useSignIn } from '../api/sign-in';
import { FormActions } from '../../../components/ui/form-actions';

/** SignInFormProps: `onSuccess` runs after the session cookie is set (the route navigates on). */
export interface SignInFormProps { onSuccess: () => void | Promise<void> }

/**
 * SignInForm asks for a username and password. While signing in the button is disabled and progress is
 * announced; a failure is announced in an alert region and focus returns to the password field.
 */
export function SignInForm({ onSuccess }: SignInFormProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const [invalid, setInvalid] = useState<string>();
  const signIn = useSignIn({ onSuccess });
  const message = invalid ?? (signIn.isError ? errorMessage(signIn.error) : undefined);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (signIn.isPending) return;
    const form = new FormData(e.currentTarget);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!username || !password) {
      setInvalid('Enter your username and password.');
      (username ? passwordRef : usernameRef).current?.focus();
      return;
    }
    setInvalid(undefined);
    signIn.mutate({ username, password }, {
      onError: () => {
        // The password is not kept around after a failed attempt; the username usually was right.
        if (passwordRef.current) passwordRef.current.value = '';
        passwordRef.current?.focus();
      },
    });
  };

  return (
    <form className="sign-in-form" onSubmit={submit} noValidate aria-busy={signIn.isPending}>
      <div className="field">
        <label htmlFor={`${id}-username`}>Username</label>
        <input
          ref={usernameRef} id={`${id}-username`} name="username" type="text" autoComplete="username" autoCapitalize="none" spellCheck={false}
          autoFocus required aria-invalid={message ? true : undefined} aria-describedby={message ? errorId : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          ref={passwordRef} id={`${id}-password`} name="password" type="password" autoComplete="current-password"
          required aria-invalid={message ? true : undefined} aria-describedby={message ? errorId : undefined}
        />
      </div>
      <div id={errorId} role="alert" className="form-error">{message}</div>
      <FormActions submit="Sign in" pending={signIn.isPending} progress="Signing in…" />
    </form>
  );
}
