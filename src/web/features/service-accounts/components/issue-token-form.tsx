import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/api-client';
import { issueToken, type IssuedToken } from '../api/service-accounts';

/** DURATIONS are the lifetimes offered (upstream's TokenRequest accepts 10 minutes to 48 hours here). */
const DURATIONS: { label: string; seconds: number }[] = [
  { label: '10 minutes', seconds: 600 },
  { label: '1 hour', seconds: 3600 },
  { label: '8 hours', seconds: 8 * 3600 },
  { label: '24 hours', seconds: 24 * 3600 },
  { label: '48 hours', seconds: 48 * 3600 },
];

/**
 * IssueTokenForm issues a bound, expiring token for a service account (a TokenRequest, audited as
 * yours) and shows it once: it lives only in this component's state — never in the query cache, web
 * storage or the URL — and "Hide" forgets it.
 */
export function IssueTokenForm({ namespace, name }: { namespace: string; name: string }) {
  const id = useId();
  const [token, setToken] = useState<IssuedToken>();
  const [copied, setCopied] = useState(false);
  const issue = useMutation({ mutationFn: (seconds: number) => issueToken(namespace, name, seconds), gcTime: 0 });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const seconds = Number(new FormData(e.currentTarget).get('duration'));
    setCopied(false);
    issue.mutate(seconds, { onSuccess: (t) => { setToken(t); issue.reset(); } });
  };
  return (
    <section aria-labelledby={`${id}-t`} className="panel">
      <h2 id={`${id}-t`} className="panel-title">Issue a token</h2>
      <p className="muted">A token lets a program outside the cluster act as {namespace}/{name} until it expires. It is shown once; Gatehouse keeps only the audit record that you issued it.</p>
      <form className="form-row" onSubmit={submit} aria-label={`Issue a token for ${name}`}>
        <div className="field">
          <label htmlFor={`${id}-d`}>Valid for</label>
          <select id={`${id}-d`} name="duration" defaultValue={3600}>{DURATIONS.map((d) => <option key={d.seconds} value={d.seconds}>{d.label}</option>)}</select>
        </div>
        <div className="form-actions"><button type="submit" className="button button-primary" disabled={issue.isPending}>{issue.isPending && <Spinner />} Issue token</button></div>
      </form>
      <div role="alert" className="form-error">{issue.isError ? errorMessage(issue.error) : undefined}</div>
      {token && (
        <div className="issued-token">
          <label htmlFor={`${id}-tok`}>Token for {name}, valid until <time dateTime={token.expires}>{new Date(token.expires).toLocaleString()}</time></label>
          <textarea id={`${id}-tok`} className="mono" readOnly rows={4} value={token.token} autoComplete="off" spellCheck={false} />
          <div className="form-actions">
            <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(token.token).then(() => setCopied(true), () => setCopied(false))}>Copy</button>
            <button type="button" className="button" onClick={() => { setToken(undefined); setCopied(false); }}>Hide</button>
            <span role="status">{copied ? 'Copied.' : ''}</span>
          </div>
        </div>
      )}
    </section>
  );
}
