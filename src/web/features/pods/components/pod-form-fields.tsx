import type { ReactNode } from 'react';
import type { SecretSummary } from '../../../../shared/api/security';
import type { EnvRow, PodDraft } from '../utils/pod-draft';
import type { FieldId } from '../utils/form-fields';

/** FieldMessage is one thing to say under a control: an error to fix, or a profile's objection. */
export interface FieldMessage { kind: 'error' | 'profile'; text: string }

/** PodFormFieldsProps: the draft, what to say under each control, and the choices the namespace offers. */
export interface PodFormFieldsProps {
  draft: PodDraft;
  onChange: (d: PodDraft) => void;
  messages: ReadonlyMap<FieldId, FieldMessage[]>;
  /** controlId gives the DOM id of a field's control (error summaries link to it). */
  controlId: (f: FieldId) => string;
  secrets: readonly SecretSummary[] | undefined;
  serviceAccounts: readonly string[] | undefined;
  /** nameLabel names the name field when the form makes something else from the pod (`Deployment name`). */
  nameLabel?: string;
}

/** FIELD_LABELS names the controls that messages can point at (profile reasons show these names). */
export const FIELD_LABELS: Record<string, string> = {
  name: 'Pod name', image: 'Image', command: 'Command', args: 'Arguments', serviceAccountName: 'Service account',
  'resources.cpuRequest': 'CPU request', 'resources.memoryRequest': 'Memory request', 'resources.cpuLimit': 'CPU limit', 'resources.memoryLimit': 'Memory limit',
  'security.runAsUser': 'Run as user (UID)', 'security.privileged': 'Privileged', 'security.addCapabilities': 'Add capabilities',
  'security.hostNetwork': 'Host network', 'security.readOnlyRootFilesystem': 'Read-only root filesystem', profile: 'Security profile',
};

/** fieldLabel names any field id, including row fields (`Variable 2`, `Secret mount 1`, `Port 3`). */
export function fieldLabel(f: FieldId): string {
  if (FIELD_LABELS[f]) return FIELD_LABELS[f];
  const m = /^(env|ports|mounts)\.(\d+)/.exec(f);
  if (!m) return f;
  const n = Number(m[2]) + 1;
  return m[1] === 'env' ? `Variable ${n}` : m[1] === 'ports' ? `Port ${n}` : `Secret mount ${n}`;
}

function Messages({ id, list }: { id: string; list: FieldMessage[] | undefined }) {
  if (!list?.length) return null;
  return (
    <ul id={id} className="field-messages">
      {list.map((m) => <li key={`${m.kind}:${m.text}`} className={m.kind === 'error' ? 'field-error' : 'field-profile'}>{m.kind === 'profile' ? <span className="visually-hidden">Profile: </span> : null}{m.text}</li>)}
    </ul>
  );
}

const splice = <T,>(list: readonly T[], i: number, item?: T): T[] => (item === undefined ? list.filter((_, j) => j !== i) : list.map((x, j) => (j === i ? item : x)));

/** RowsProps: `noun` names one row ("variable"): its legend is "Variable 2", its buttons "Remove variable 2" and "Add variable". */
interface RowsProps<T> {
  legend: string;
  noun: string;
  rows: readonly T[];
  empty: ReactNode;
  blank: T;
  onRows: (rows: T[]) => void;
  /** row renders one row's controls; `update` changes it and `remove` is its Remove button, to place in the layout. */
  row: (item: T, i: number, update: (v: Partial<T>) => void, remove: ReactNode) => ReactNode;
}

/** Rows is a section of repeating rows, each a fieldset named by its number, with Add and Remove buttons. */
function Rows<T>({ legend, noun, rows, empty, blank, onRows, row }: RowsProps<T>) {
  const title = `${noun[0].toUpperCase()}${noun.slice(1)}`;
  return (
    <fieldset className="form-section">
      <legend>{legend}</legend>
      {rows.length === 0 && <p className="muted">{empty}</p>}
      {rows.map((item, i) => (
        <fieldset key={i} className="row-fieldset">
          <legend>{title} {i + 1}</legend>
          {row(item, i, (v) => onRows(splice(rows, i, { ...item, ...v })), <button type="button" className="button button-small row-remove" onClick={() => onRows(splice(rows, i))}>Remove {noun} {i + 1}</button>)}
        </fieldset>
      ))}
      <button type="button" className="button button-small" onClick={() => onRows([...rows, blank])}>Add {noun}</button>
    </fieldset>
  );
}

/**
 * PodFormFields renders the pod form's controls. Every control is labelled; messages for a control
 * are listed under it and referenced with aria-describedby, and it is marked aria-invalid while any
 * apply. Repeating rows (variables, ports, secret mounts) are fieldsets named by their number.
 */
export function PodFormFields({ draft, onChange, messages, controlId, secrets, serviceAccounts, nameLabel }: PodFormFieldsProps) {
  const set = <K extends keyof PodDraft>(k: K, v: PodDraft[K]) => onChange({ ...draft, [k]: v });
  const a11y = (f: FieldId, hint?: string) => {
    const list = messages.get(f);
    const ids = [hint, list?.length ? `${controlId(f)}-msg` : undefined].filter(Boolean).join(' ');
    return { id: controlId(f), 'aria-invalid': list?.some((m) => m.kind === 'error' || m.kind === 'profile') || undefined, 'aria-describedby': ids || undefined };
  };
  const msg = (f: FieldId) => <Messages id={`${controlId(f)}-msg`} list={messages.get(f)} />;
  const text = (f: FieldId, label: string, value: string, onValue: (v: string) => void, extra: { hint?: string; placeholder?: string; mono?: boolean; inputMode?: 'numeric' } = {}): ReactNode => (
    <div className="field">
      <label htmlFor={controlId(f)}>{label}</label>
      {extra.hint && <p className="field-hint" id={`${controlId(f)}-hint`}>{extra.hint}</p>}
      <input
        {...a11y(f, extra.hint ? `${controlId(f)}-hint` : undefined)} type="text" value={value} onChange={(e) => onValue(e.target.value)}
        placeholder={extra.placeholder} className={extra.mono ? 'mono' : undefined} inputMode={extra.inputMode} autoComplete="off" spellCheck={false}
      />
      {msg(f)}
    </div>
  );
  const secretNames = (secrets ?? []).map((s) => s.metadata.name ?? '').filter(Boolean);
  const keysOf = (name: string) => secrets?.find((s) => s.metadata.name === name)?.keys ?? [];
  const sas = [...new Set([...(serviceAccounts ?? ['default']), ...(draft.serviceAccountName ? [draft.serviceAccountName] : [])])];

  return (
    <div className="pod-form-fields">
      <fieldset className="form-section">
        <legend>Pod</legend>
        {text('name', nameLabel ?? 'Pod name', draft.name, (v) => set('name', v), { mono: true, hint: 'Lower-case letters, digits and "-", e.g. web-1.' })}
        {text('image', 'Image', draft.image, (v) => set('image', v), { mono: true, placeholder: 'registry.example/team/web:1.4' })}
        <div className="field-row">
          <div className="field">
            <label htmlFor={controlId('command')}>Command</label>
            <p className="field-hint" id={`${controlId('command')}-hint`}>One argument per line; empty uses the image's entrypoint.</p>
            <textarea {...a11y('command', `${controlId('command')}-hint`)} rows={2} className="mono" value={draft.command} onChange={(e) => set('command', e.target.value)} spellCheck={false} />
            {msg('command')}
          </div>
          <div className="field">
            <label htmlFor={controlId('args')}>Arguments</label>
            <p className="field-hint" id={`${controlId('args')}-hint`}>One argument per line.</p>
            <textarea {...a11y('args', `${controlId('args')}-hint`)} rows={2} className="mono" value={draft.args} onChange={(e) => set('args', e.target.value)} spellCheck={false} />
            {msg('args')}
          </div>
        </div>
        <div className="field">
          <label htmlFor={controlId('serviceAccountName')}>Service account</label>
          <select {...a11y('serviceAccountName')} value={draft.serviceAccountName || 'default'} onChange={(e) => set('serviceAccountName', e.target.value === 'default' ? '' : e.target.value)}>
            {sas.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
          {msg('serviceAccountName')}
        </div>
      </fieldset>

      <Rows
        legend="Environment variables" noun="variable" rows={draft.env} onRows={(v) => set('env', v)}
        empty="No variables. Values can be plain text or a reference to one key of a secret (the console never sees the value)."
        blank={{ name: '', source: 'value' as const, value: '', secretName: '', secretKey: '' }}
        row={(e, i, row, remove) => (
              <div className="field-row">
                {text(`env.${i}.name`, 'Name', e.name, (v) => row({ name: v }), { mono: true })}
                <div className="field">
                  <label htmlFor={`${controlId(`env.${i}.name`)}-source`}>Value from</label>
                  <select id={`${controlId(`env.${i}.name`)}-source`} value={e.source} onChange={(ev) => row({ source: ev.target.value as EnvRow['source'] })}>
                    <option value="value">Plain value</option>
                    <option value="secret">Secret key</option>
                  </select>
                </div>
                {e.source === 'value'
                  ? text(`env.${i}.value`, 'Value', e.value, (v) => row({ value: v }), { mono: true })
                  : (
                    <>
                      <div className="field">
                        <label htmlFor={controlId(`env.${i}.secret`)}>Secret</label>
                        <select {...a11y(`env.${i}.secret`)} value={e.secretName} onChange={(ev) => row({ secretName: ev.target.value, secretKey: keysOf(ev.target.value)[0] ?? '' })}>
                          <option value="">Choose a secret</option>
                          {[...new Set([...secretNames, ...(e.secretName ? [e.secretName] : [])])].map((n) => <option key={n} value={n}>{n}</option>)}
                        </select>
                        {msg(`env.${i}.secret`)}
                      </div>
                      <div className="field">
                        <label htmlFor={`${controlId(`env.${i}.secret`)}-key`}>Key</label>
                        <select id={`${controlId(`env.${i}.secret`)}-key`} value={e.secretKey} onChange={(ev) => row({ secretKey: ev.target.value })} disabled={!e.secretName}>
                          <option value="">Choose a key</option>
                          {[...new Set([...keysOf(e.secretName), ...(e.secretKey ? [e.secretKey] : [])])].map((k) => <option key={k} value={k}>{k}</option>)}
                        </select>
                      </div>
                    </>
                  )}
                {remove}
              </div>
        )}
      />

      <Rows
        legend="Secret mounts" noun="secret mount" rows={draft.mounts} onRows={(v) => set('mounts', v)}
        empty={secretNames.length ? 'No secrets mounted. Pick a secret, the keys to mount and a directory: each key becomes a file there.' : 'No secrets mounted. This namespace has no secrets you can use yet.'}
        blank={{ volumeName: '', secretName: '', keys: [], mountPath: '' }}
        row={(m, i, row, remove) => {
          const keys = [...new Set([...keysOf(m.secretName), ...m.keys])];
          return (
            <>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={controlId(`mounts.${i}.secret`)}>Secret</label>
                  <select {...a11y(`mounts.${i}.secret`)} value={m.secretName} onChange={(ev) => row({ secretName: ev.target.value, keys: [] })}>
                    <option value="">Choose a secret</option>
                    {[...new Set([...secretNames, ...(m.secretName ? [m.secretName] : [])])].map((n) => <option key={n} value={n}>{n}</option>)}
                  </select>
                  {msg(`mounts.${i}.secret`)}
                </div>
                {text(`mounts.${i}.path`, 'Mount path', m.mountPath, (v) => row({ mountPath: v }), { mono: true, placeholder: '/etc/secrets' })}
                {remove}
              </div>
              {m.secretName && (
                <fieldset className="keys-fieldset" aria-describedby={messages.get(`mounts.${i}.keys`)?.length ? `${controlId(`mounts.${i}.keys`)}-msg` : undefined}>
                  <legend>Keys to mount <span className="muted">(none ticked mounts every key)</span></legend>
                  {keys.length === 0 && <p className="muted">This secret has no keys.</p>}
                  <div className="checkbox-row">
                    {keys.map((k) => (
                      <label key={k} className="checkbox">
                        <input type="checkbox" checked={m.keys.includes(k)} onChange={(ev) => row({ keys: ev.target.checked ? [...m.keys, k] : m.keys.filter((x) => x !== k) })} />
                        <span className="mono">{k}</span>
                      </label>
                    ))}
                  </div>
                  {msg(`mounts.${i}.keys`)}
                </fieldset>
              )}
            </>
          );
        }}
      />

      <Rows
        legend="Ports" noun="port" rows={draft.ports} onRows={(v) => set('ports', v)} empty="No ports declared."
        blank={{ containerPort: '', protocol: 'TCP', name: '' }}
        row={(p, i, row, remove) => (
              <div className="field-row">
                {text(`ports.${i}`, 'Container port', p.containerPort, (v) => row({ containerPort: v }), { inputMode: 'numeric', placeholder: '8080' })}
                <div className="field">
                  <label htmlFor={`${controlId(`ports.${i}`)}-protocol`}>Protocol</label>
                  <select id={`${controlId(`ports.${i}`)}-protocol`} value={p.protocol} onChange={(e) => row({ protocol: e.target.value })}>
                    {['TCP', 'UDP', 'SCTP'].map((x) => <option key={x} value={x}>{x}</option>)}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${controlId(`ports.${i}`)}-name`}>Port name</label>
                  <input id={`${controlId(`ports.${i}`)}-name`} type="text" className="mono" value={p.name} onChange={(e) => row({ name: e.target.value })} placeholder="http" autoComplete="off" />
                </div>
                {remove}
              </div>
        )}
      />

      <fieldset className="form-section">
        <legend>Resources</legend>
        <div className="field-row">
          {text('resources.cpuRequest', 'CPU request', draft.resources.cpuRequest, (v) => set('resources', { ...draft.resources, cpuRequest: v }), { placeholder: '250m' })}
          {text('resources.cpuLimit', 'CPU limit', draft.resources.cpuLimit, (v) => set('resources', { ...draft.resources, cpuLimit: v }), { placeholder: '1' })}
          {text('resources.memoryRequest', 'Memory request', draft.resources.memoryRequest, (v) => set('resources', { ...draft.resources, memoryRequest: v }), { placeholder: '128Mi' })}
          {text('resources.memoryLimit', 'Memory limit', draft.resources.memoryLimit, (v) => set('resources', { ...draft.resources, memoryLimit: v }), { placeholder: '256Mi' })}
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>Security</legend>
        <p className="muted">Leave these empty unless the workload needs them: the chosen profile fills in a safe UID and groups. Profiles that forbid a setting say so here.</p>
        <div className="field-row">
          {text('security.runAsUser', 'Run as user (UID)', draft.security.runAsUser, (v) => set('security', { ...draft.security, runAsUser: v }), { inputMode: 'numeric', placeholder: 'From the profile' })}
          {text('security.addCapabilities', 'Add capabilities', draft.security.addCapabilities, (v) => set('security', { ...draft.security, addCapabilities: v }), { placeholder: 'NET_BIND_SERVICE' })}
        </div>
        {(['privileged', 'hostNetwork', 'readOnlyRootFilesystem'] as const).map((k) => {
          const f = `security.${k}`;
          return (
            <div key={k} className="field field-checkbox">
              <label className="checkbox">
                <input {...a11y(f)} type="checkbox" checked={draft.security[k]} onChange={(e) => set('security', { ...draft.security, [k]: e.target.checked })} />
                {FIELD_LABELS[f]}
              </label>
              {msg(f)}
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}
