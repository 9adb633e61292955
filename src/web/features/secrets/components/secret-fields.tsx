import type { ReactNode } from 'react';
import type { Problem, RegistryCredentials } from '../utils/secret-builders';
import { WriteOnlyInput } from './write-only';

// The value fields both secret forms share (create, replace values): TLS files, registry credentials
// and one new key/value row, with the forms' problem messages wired to each input. Values go into
// write-only inputs and are read from the form data on submit only.

/** FieldProblems wires a form's problems to its inputs: ids, aria-invalid/-describedby and the messages. */
export interface FieldProblems {
  fid: (field: string) => string;
  problemsOf: (field: string) => Problem[];
  invalid: (field: string) => { 'aria-invalid'?: boolean; 'aria-describedby'?: string };
  msg: (field: string) => ReactNode;
}

/** fieldProblems builds FieldProblems for a form whose ids start with `id` (from useId). */
export function fieldProblems(id: string, problems: Problem[]): FieldProblems {
  const fid = (f: string) => `${id}-${f}`;
  const problemsOf = (f: string) => problems.filter((p) => p.field === f);
  return {
    fid,
    problemsOf,
    invalid: (f) => ({ 'aria-invalid': problemsOf(f).length > 0 || undefined, 'aria-describedby': problemsOf(f).length ? `${fid(f)}-msg` : undefined }),
    msg: (f) => (problemsOf(f).length ? <p id={`${fid(f)}-msg`} className="field-error">{problemsOf(f).map((p) => p.message).join('. ')}</p> : null),
  };
}

/** fileText reads an uploaded file of the form (in memory), or undefined when none was chosen. */
export async function fileText(v: FormDataEntryValue | null): Promise<string | undefined> {
  return v instanceof File && v.size > 0 ? v.text() : undefined;
}

/** readTlsFiles reads the `cert` and `key` files of TlsFields. */
export function readTlsFiles(data: FormData): Promise<[string | undefined, string | undefined]> {
  return Promise.all([fileText(data.get('cert')), fileText(data.get('key'))]);
}

/** readRegistryCredentials reads the inputs of RegistryFields. */
export function readRegistryCredentials(data: FormData): RegistryCredentials {
  return { server: String(data.get('server') ?? ''), username: String(data.get('username') ?? ''), password: String(data.get('password') ?? ''), email: String(data.get('email') ?? '') || undefined };
}

/** TlsFields are the certificate and private-key file inputs (`cert`, `key`); `labelPrefix` reads e.g. "New ". */
export function TlsFields({ f, labelPrefix = '' }: { f: FieldProblems; labelPrefix?: string }) {
  const label = (s: string) => (labelPrefix ? `${labelPrefix}${s[0].toLowerCase()}${s.slice(1)}` : s);
  return (
    <>
      <div className="field">
        <label htmlFor={f.fid('cert')}>{label('Certificate file (PEM)')}</label>
        <input id={f.fid('cert')} name="cert" type="file" accept=".crt,.pem,.cer,application/x-pem-file" {...f.invalid('cert')} />
        {f.msg('cert')}
      </div>
      <div className="field">
        <label htmlFor={f.fid('key')}>{label('Private key file (PEM)')}</label>
        <input id={f.fid('key')} name="key" type="file" accept=".key,.pem,application/x-pem-file" {...f.invalid('key')} />
        {f.msg('key')}
      </div>
    </>
  );
}

/** RegistryFields are the registry server, username, password (write-only) and email inputs. */
export function RegistryFields({ f }: { f: FieldProblems }) {
  return (
    <>
      <div className="field">
        <label htmlFor={f.fid('server')}>Registry server</label>
        <input id={f.fid('server')} name="server" type="text" className="mono" placeholder="registry.example:5000" autoComplete="off" spellCheck={false} {...f.invalid('server')} />
        {f.msg('server')}
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={f.fid('username')}>Username</label>
          <input id={f.fid('username')} name="username" type="text" autoComplete="off" spellCheck={false} {...f.invalid('username')} />
          {f.msg('username')}
        </div>
        <div className="field">
          <label htmlFor={f.fid('password')}>Password or token</label>
          <WriteOnlyInput id={f.fid('password')} name="password" {...f.invalid('password')} />
          {f.msg('password')}
        </div>
        <div className="field">
          <label htmlFor={f.fid('email')}>Email (optional)</label>
          <input id={f.fid('email')} name="email" type="email" autoComplete="off" />
        </div>
      </div>
    </>
  );
}

/** NewKeyRowProps: the row's legend, its key (controlled), the problem field of the key and the value input's name. */
export interface NewKeyRowProps {
  f: FieldProblems;
  legend: string;
  keyField: string;
  valueName: string;
  value: string;
  onKeyChange: (key: string) => void;
  /** onRemove, with its button's label, when the row may be removed. */
  remove?: { label: string; onRemove: () => void };
}

/** NewKeyRow is one new key: its name (checked by the form) and a write-only value. */
export function NewKeyRow({ f, legend, keyField, valueName, value, onKeyChange, remove }: NewKeyRowProps) {
  return (
    <fieldset className="row-fieldset">
      <legend>{legend}</legend>
      <div className="field-row">
        <div className="field">
          <label htmlFor={f.fid(keyField)}>Key name</label>
          <input id={f.fid(keyField)} type="text" className="mono" value={value} autoComplete="off" spellCheck={false} {...f.invalid(keyField)} onChange={(e) => onKeyChange(e.target.value)} />
          {f.msg(keyField)}
        </div>
        <div className="field">
          <label htmlFor={f.fid(valueName)}>Value</label>
          <WriteOnlyInput id={f.fid(valueName)} name={valueName} />
        </div>
        {remove && <button type="button" className="button button-small row-remove" onClick={remove.onRemove}>{remove.label}</button>}
      </div>
    </fieldset>
  );
}
