import { useEffect, useRef, useState } from 'react';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/api-client';
import { revealSecretValue, type RevealedValue } from '../api/reveal-secret';

/** Shown is the state of one key's reveal: being read, shown, missing, or failed. */
type Shown = { state: 'loading' } | { state: 'shown'; value: RevealedValue } | { state: 'missing' } | { state: 'error'; error: unknown };

/**
 * RevealValue is one key of a secret with a Reveal button, for people who may `get` the secret. The
 * value is read when the button is pressed and kept only in this component's state: Hide, leaving the
 * page or switching to another secret forgets it.
 */
export function RevealValue({ namespace, name, keyName }: { namespace: string; name: string; keyName: string }) {
  const [shown, setShown] = useState<Shown>();
  const abort = useRef<AbortController>(undefined);
  useEffect(() => () => abort.current?.abort(), []);

  const reveal = async () => {
    abort.current?.abort();
    const ctl = new AbortController();
    abort.current = ctl;
    setShown({ state: 'loading' });
    try {
      const value = await revealSecretValue(namespace, name, keyName, ctl.signal);
      if (!ctl.signal.aborted) setShown(value ? { state: 'shown', value } : { state: 'missing' });
    } catch (error) {
      if (!ctl.signal.aborted) setShown({ state: 'error', error });
    }
  };
  const hide = () => { abort.current?.abort(); setShown(undefined); };

  return (
    <div className="reveal">
      <div className="reveal-row">
        <span className="mono reveal-key">{keyName}</span>
        {shown && shown.state !== 'loading'
          ? <button type="button" className="button button-small" onClick={hide} aria-label={`Hide the value of ${keyName}`}>Hide</button>
          : (
            <button type="button" className="button button-small" onClick={() => void reveal()} disabled={shown?.state === 'loading'} aria-label={`Reveal the value of ${keyName}`}>
              {shown?.state === 'loading' && <Spinner />}Reveal
            </button>
          )}
      </div>
      <div role="status" className="reveal-status">{shown?.state === 'loading' ? `Reading ${keyName}…` : ''}</div>
      {shown?.state === 'shown' && (
        shown.value.text !== undefined
          ? <pre className="reveal-value" tabIndex={0} aria-label={`Value of ${keyName}`}>{shown.value.text}</pre>
          : <p className="muted">Binary value, {shown.value.bytes} bytes (base64): <code className="reveal-value" aria-label={`Value of ${keyName} in base64`}>{shown.value.base64}</code></p>
      )}
      {shown?.state === 'missing' && <p className="muted">The secret no longer has the key {keyName}.</p>}
      {shown?.state === 'error' && <p role="alert" className="inline-error">{errorMessage(shown.error)}</p>}
    </div>
  );
}
