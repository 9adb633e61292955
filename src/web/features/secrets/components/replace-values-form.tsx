import { useId, useRef, useState, type FormEvent } from 'react';
import type { SecretSummary } from '../../../../shared/api/security';
import { errorMessage } from '../../../lib/api-client';
import { patchSecretValues, useWriteSecret } from '../api/write-secret';
import { dockerConfigJson, keyProblems, registryProblems, tlsProblems, valuesPatch, type Problem } from '../utils/secret-builders';
import { fieldProblems, NewKeyRow, readRegistryCredentials, readTlsFiles, RegistryFields, TlsFields } from './secret-fields';
import { clearValues, WriteOnlyInput } from './write-only';
import { FormActions } from '../../../components/ui/form-actions';

/** ReplaceValuesFormProps: the secret (as a summary: keys only) and its namespace. */
export interface ReplaceValuesFormProps { namespace: string; secret: SecretSummary }

/**
 * ReplaceValuesForm changes a secret's values without ever showing the current ones: a write-only
 * input per key (blank keeps the value), a box to remove the key, and new keys. TLS secrets take new
 * files, registry credentials new credentials. It sends one merge patch; afterwards every value input
 * is cleared, whatever the outcome.
 */
export function ReplaceValuesForm({ namespace, secret }: ReplaceValuesFormProps) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const nextRow = useRef(0);
  const [added, setAdded] = useState<{ id: number; key: string }[]>([]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const write = useWriteSecret(namespace);
  const name = secret.metadata.name ?? '';
  const f = fieldProblems(id, problems);
  const { fid, problemsOf } = f;
  const isTls = secret.type === 'kubernetes.io/tls';
  const isRegistry = secret.type === 'kubernetes.io/dockerconfigjson';

  if (secret.immutable) {
    return <p className="notice">This secret is immutable: its values cannot be replaced. Create a new secret and point the pods at it.</p>;
  }

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (write.isPending) return;
    const form = e.currentTarget;
    const data = new FormData(form);
    const set: Record<string, string> = {};
    const remove: string[] = [];
    const found: Problem[] = [];
    if (isTls) {
      const [cert, key] = await readTlsFiles(data);
      found.push(...tlsProblems(cert, key));
      if (cert && key) Object.assign(set, { 'tls.crt': cert, 'tls.key': key });
    } else if (isRegistry) {
      const c = readRegistryCredentials(data);
      found.push(...registryProblems(c));
      if (found.length === 0) set['.dockerconfigjson'] = dockerConfigJson(c);
    } else {
      for (const k of secret.keys) {
        const v = String(data.get(`value:${k}`) ?? '');
        if (data.get(`remove:${k}`)) remove.push(k);
        else if (v !== '') set[k] = v;
      }
      const newKeys = added.map((r) => r.key.trim());
      for (const p of keyProblems(newKeys)) found.push({ ...p, field: `new-${added[Number(p.field.slice(4))].id}` });
      newKeys.forEach((k, i) => {
        if (k && secret.keys.includes(k)) found.push({ field: `new-${added[i].id}`, message: `Key "${k}" already exists; replace its value above` });
      });
      added.forEach((r) => { set[r.key.trim()] = String(data.get(`new-value-${r.id}`) ?? ''); });
      if (found.length === 0 && Object.keys(set).length === 0 && remove.length === 0) found.push({ field: 'form', message: 'Enter a new value, remove a key or add one: nothing would change.' });
    }
    setProblems(found);
    setOutcome(undefined);
    if (found.length > 0) return;
    const patch = valuesPatch(set, remove);
    const changed = [...Object.keys(set)];
    try {
      await write.mutateAsync(() => patchSecretValues(namespace, name, patch));
      setAdded([]);
      setOutcome({ ok: true, text: `Saved. ${[changed.length ? `Replaced or added: ${changed.join(', ')}.` : '', remove.length ? `Removed: ${remove.join(', ')}.` : ''].filter(Boolean).join(' ')} The inputs were cleared.` });
    } catch (err) {
      setOutcome({ ok: false, text: `${errorMessage(err)} Nothing was changed; the inputs were cleared.` });
    } finally {
      clearValues(formRef.current);
      form.querySelectorAll<HTMLInputElement>('input[type="checkbox"]').forEach((c) => { c.checked = false; });
      write.reset();
    }
  };

  return (
    <form ref={formRef} className="secret-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={write.isPending} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Replace values</h2>
      <p className="muted">Current values are never shown. Type a new value to replace one; leave it blank to keep it.</p>
      {isTls && <TlsFields f={f} labelPrefix="New " />}
      {isRegistry && <RegistryFields f={f} />}
      {!isTls && !isRegistry && (
        <>
          {secret.keys.map((k) => (
            <fieldset key={k} className="row-fieldset">
              <legend>Key <span className="mono">{k}</span></legend>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={fid(`value-${k}`)}>New value for {k}</label>
                  <WriteOnlyInput id={fid(`value-${k}`)} name={`value:${k}`} />
                </div>
                <label className="checkbox row-remove">
                  <input type="checkbox" name={`remove:${k}`} value="1" />
                  Remove {k}
                </label>
              </div>
            </fieldset>
          ))}
          {added.map((r, i) => (
            <NewKeyRow
              key={r.id} f={f} legend={`New key ${i + 1}`} keyField={`new-${r.id}`} valueName={`new-value-${r.id}`} value={r.key}
              onKeyChange={(key) => setAdded(added.map((x) => (x.id === r.id ? { ...x, key } : x)))}
              remove={{ label: `Remove new key ${i + 1}`, onRemove: () => setAdded(added.filter((x) => x.id !== r.id)) }}
            />
          ))}
          <button type="button" className="button button-small" onClick={() => setAdded([...added, { id: nextRow.current++, key: '' }])}>Add key</button>
        </>
      )}
      {problemsOf('form').length > 0 && <p className="field-error" role="alert">{problemsOf('form')[0].message}</p>}
      <div role="alert" className={outcome?.ok === false ? 'form-error' : 'visually-hidden'}>{outcome?.ok === false ? outcome.text : ''}</div>
      <FormActions submit="Save new values" pending={write.isPending} progress="Saving…" status={outcome?.ok ? outcome.text : ''} statusClassName={outcome?.ok ? 'form-success' : 'form-progress'} />
    </form>
  );
}
