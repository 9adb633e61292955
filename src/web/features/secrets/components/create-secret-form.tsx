import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/api-client';
import { createSecret, useWriteSecret } from '../api/write-secret';
import {
  genericSecret, keyProblems, nameProblems, registryProblems, registrySecret, SECRET_TYPE_LABELS, tlsProblems, tlsSecret,
  type Problem, type SecretBody, type SecretType,
} from '../utils/secret-builders';
import { clearValues, WriteOnlyInput } from './write-only';
import '../../../styles/workloads.css';

/** CreateSecretFormProps: where the secret goes and what happens once it exists. */
export interface CreateSecretFormProps { namespace: string; onCreated: (name: string) => void }

async function fileText(v: FormDataEntryValue | null): Promise<string | undefined> {
  return v instanceof File && v.size > 0 ? v.text() : undefined;
}

/**
 * CreateSecretForm creates a generic (key/value), TLS (certificate and key files, read in memory) or
 * registry-credentials secret. Values are typed into write-only inputs and read only on submit; after
 * the request, successful or not, every value input is cleared.
 */
export function CreateSecretForm({ namespace, onCreated }: CreateSecretFormProps) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const nextRow = useRef(1);
  const [type, setType] = useState<SecretType>('Opaque');
  const [rows, setRows] = useState<{ id: number; key: string }[]>([{ id: 0, key: '' }]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<string>();
  const write = useWriteSecret(namespace);
  const fid = (f: string) => `${id}-${f}`;
  const problemsOf = (f: string) => problems.filter((p) => p.field === f);
  const invalid = (f: string) => ({ 'aria-invalid': problemsOf(f).length > 0 || undefined, 'aria-describedby': problemsOf(f).length ? `${fid(f)}-msg` : undefined });
  const msg = (f: string): ReactNode => (problemsOf(f).length ? <p id={`${fid(f)}-msg`} className="field-error">{problemsOf(f).map((p) => p.message).join('. ')}</p> : null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (write.isPending) return;
    const form = e.currentTarget;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const found: Problem[] = [...nameProblems(name)];
    let body: SecretBody | undefined;
    if (type === 'Opaque') {
      const pairs = rows.map((r) => ({ key: r.key.trim(), value: String(data.get(`value-${r.id}`) ?? '') }));
      const kp = keyProblems(pairs.map((p) => p.key)).map((p) => ({ ...p, field: `key-${rows[Number(p.field.slice(4))].id}` }));
      found.push(...kp);
      if (pairs.length === 0) found.push({ field: 'rows', message: 'Add at least one key' });
      body = genericSecret(name, pairs);
    } else if (type === 'kubernetes.io/tls') {
      const [cert, key] = await Promise.all([fileText(data.get('cert')), fileText(data.get('key'))]);
      found.push(...tlsProblems(cert, key));
      body = tlsSecret(name, cert ?? '', key ?? '');
    } else {
      const c = { server: String(data.get('server') ?? ''), username: String(data.get('username') ?? ''), password: String(data.get('password') ?? ''), email: String(data.get('email') ?? '') || undefined };
      found.push(...registryProblems(c));
      body = registrySecret(name, c);
    }
    setProblems(found);
    setFailure(undefined);
    if (found.length > 0) {
      requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const request = body;
    try {
      await write.mutateAsync(() => createSecret(namespace, request));
      clearValues(formRef.current);
      write.reset();
      onCreated(name);
    } catch (err) {
      clearValues(formRef.current);
      setFailure(`${errorMessage(err)} The values were cleared; enter them again.`);
      write.reset();
    }
  };

  return (
    <form ref={formRef} className="secret-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={write.isPending}>
      <div className="field">
        <label htmlFor={fid('name')}>Secret name</label>
        <input id={fid('name')} name="name" type="text" className="mono" autoComplete="off" spellCheck={false} {...invalid('name')} />
        {msg('name')}
      </div>
      <fieldset className="form-section">
        <legend>Type</legend>
        <div className="radio-row">
          {(Object.keys(SECRET_TYPE_LABELS) as SecretType[]).map((t) => (
            <label key={t} className="checkbox">
              <input type="radio" name="type" value={t} checked={type === t} onChange={() => { setType(t); setProblems([]); }} />
              {SECRET_TYPE_LABELS[t]}
            </label>
          ))}
        </div>
      </fieldset>

      {type === 'Opaque' && (
        <fieldset className="form-section">
          <legend>Keys and values</legend>
          <p className="muted">Values are write-only: they are sent once and never shown again, here or anywhere in the console.</p>
          {rows.map((r, i) => (
            <fieldset key={r.id} className="row-fieldset">
              <legend>Key {i + 1}</legend>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={fid(`key-${r.id}`)}>Key name</label>
                  <input
                    id={fid(`key-${r.id}`)} type="text" className="mono" value={r.key} autoComplete="off" spellCheck={false} {...invalid(`key-${r.id}`)}
                    onChange={(e) => setRows(rows.map((x) => (x.id === r.id ? { ...x, key: e.target.value } : x)))}
                  />
                  {msg(`key-${r.id}`)}
                </div>
                <div className="field">
                  <label htmlFor={fid(`value-${r.id}`)}>Value</label>
                  <WriteOnlyInput id={fid(`value-${r.id}`)} name={`value-${r.id}`} />
                </div>
                {rows.length > 1 && <button type="button" className="button button-small row-remove" onClick={() => setRows(rows.filter((x) => x.id !== r.id))}>Remove key {i + 1}</button>}
              </div>
            </fieldset>
          ))}
          {msg('rows')}
          <button type="button" className="button button-small" onClick={() => setRows([...rows, { id: nextRow.current++, key: '' }])}>Add key</button>
        </fieldset>
      )}

      {type === 'kubernetes.io/tls' && (
        <fieldset className="form-section">
          <legend>Certificate and key</legend>
          <p className="muted">The files are read in this browser and sent once; they are not kept or shown.</p>
          <div className="field">
            <label htmlFor={fid('cert')}>Certificate file (PEM)</label>
            <input id={fid('cert')} name="cert" type="file" accept=".crt,.pem,.cer,application/x-pem-file" {...invalid('cert')} />
            {msg('cert')}
          </div>
          <div className="field">
            <label htmlFor={fid('key')}>Private key file (PEM)</label>
            <input id={fid('key')} name="key" type="file" accept=".key,.pem,application/x-pem-file" {...invalid('key')} />
            {msg('key')}
          </div>
        </fieldset>
      )}

      {type === 'kubernetes.io/dockerconfigjson' && (
        <fieldset className="form-section">
          <legend>Registry credentials</legend>
          <div className="field">
            <label htmlFor={fid('server')}>Registry server</label>
            <input id={fid('server')} name="server" type="text" className="mono" placeholder="registry.example:5000" autoComplete="off" spellCheck={false} {...invalid('server')} />
            {msg('server')}
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={fid('username')}>Username</label>
              <input id={fid('username')} name="username" type="text" autoComplete="off" spellCheck={false} {...invalid('username')} />
              {msg('username')}
            </div>
            <div className="field">
              <label htmlFor={fid('password')}>Password or token</label>
              <WriteOnlyInput id={fid('password')} name="password" {...invalid('password')} />
              {msg('password')}
            </div>
            <div className="field">
              <label htmlFor={fid('email')}>Email (optional)</label>
              <input id={fid('email')} name="email" type="email" autoComplete="off" />
            </div>
          </div>
        </fieldset>
      )}

      <div role="alert" className="form-error">{failure}</div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={write.isPending}>
          {write.isPending && <Spinner />}
          Create secret
        </button>
        <span role="status" className="form-progress">{write.isPending ? 'Creating the secret…' : ''}</span>
      </div>
    </form>
  );
}
