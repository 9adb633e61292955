import { useId, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { createSecret, useWriteSecret } from '../api/write-secret';
import {
  genericSecret, keyProblems, nameProblems, registryProblems, registrySecret, SECRET_TYPE_LABELS, tlsProblems, tlsSecret,
  type Problem, type SecretBody, type SecretType,
} from '../utils/secret-builders';
import { fieldProblems, NewKeyRow, readRegistryCredentials, readTlsFiles, RegistryFields, TlsFields } from './secret-fields';
import { clearValues } from './write-only';
import '../../../styles/workloads.css';
import { FormActions } from '../../../components/ui/form-actions';

/** CreateSecretFormProps: where the secret goes and what happens once it exists. */
export interface CreateSecretFormProps { namespace: string; onCreated: (name: string) => void }

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
  const f = fieldProblems(id, problems);
  const { fid, invalid, msg } = f;

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
      const [cert, key] = await readTlsFiles(data);
      found.push(...tlsProblems(cert, key));
      body = tlsSecret(name, cert ?? '', key ?? '');
    } else {
      const c = readRegistryCredentials(data);
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
            <NewKeyRow
              key={r.id} f={f} legend={`Key ${i + 1}`} keyField={`key-${r.id}`} valueName={`value-${r.id}`} value={r.key}
              onKeyChange={(key) => setRows(rows.map((x) => (x.id === r.id ? { ...x, key } : x)))}
              remove={rows.length > 1 ? { label: `Remove key ${i + 1}`, onRemove: () => setRows(rows.filter((x) => x.id !== r.id)) } : undefined}
            />
          ))}
          {msg('rows')}
          <button type="button" className="button button-small" onClick={() => setRows([...rows, { id: nextRow.current++, key: '' }])}>Add key</button>
        </fieldset>
      )}

      {type === 'kubernetes.io/tls' && (
        <fieldset className="form-section">
          <legend>Certificate and key</legend>
          <p className="muted">The files are read in this browser and sent once; they are not kept or shown.</p>
          <TlsFields f={f} />
        </fieldset>
      )}

      {type === 'kubernetes.io/dockerconfigjson' && (
        <fieldset className="form-section">
          <legend>Registry credentials</legend>
          <RegistryFields f={f} />
        </fieldset>
      )}

      <div role="alert" className="form-error">{failure}</div>
      <FormActions submit="Create secret" pending={write.isPending} progress="Creating the secret…" />
    </form>
  );
}
