import { parse, stringify } from 'yaml';
import { securityProfileSchema, type SecurityProfile } from '../../../../shared/api/security';

// The profile editor keeps one object and shows it two ways: a form for the common fields and YAML for
// everything. These pure helpers convert between them and validate with the shared schema.

/** BOOL_FIELDS are the on/off allowances the form shows as checkboxes. */
export const BOOL_FIELDS = [
  { key: 'allowPrivilegedContainer', label: 'Privileged containers', risky: true },
  { key: 'allowPrivilegeEscalation', label: 'Privilege escalation', risky: false },
  { key: 'allowHostNetwork', label: 'Host network', risky: true },
  { key: 'allowHostPID', label: 'Host PID', risky: true },
  { key: 'allowHostIPC', label: 'Host IPC', risky: true },
  { key: 'allowHostPorts', label: 'Host ports', risky: true },
  { key: 'readOnlyRootFilesystem', label: 'Require a read-only root filesystem', risky: false },
] as const;

/** LIST_FIELDS are the string lists the form edits as comma-separated text. */
export const LIST_FIELDS = [
  { key: 'allowedCapabilities', label: 'Capabilities that may be added', hint: 'e.g. NET_BIND_SERVICE; * allows any' },
  { key: 'defaultAddCapabilities', label: 'Capabilities added to every container', hint: '' },
  { key: 'requiredDropCapabilities', label: 'Capabilities always dropped', hint: 'ALL drops everything' },
  { key: 'volumes', label: 'Allowed volume types', hint: 'e.g. configMap, secret, emptyDir; * allows any (including hostPath)' },
  { key: 'seccompProfiles', label: 'Allowed seccomp profiles', hint: 'the first is the default, e.g. RuntimeDefault' },
] as const;

/** BoolField and ListField name the fields above. */
export type BoolField = (typeof BOOL_FIELDS)[number]['key'];
export type ListField = (typeof LIST_FIELDS)[number]['key'];

/** emptyProfile is where a new profile starts: as restrictive as the shipped `restricted`. */
export function emptyProfile(): SecurityProfile {
  return {
    apiVersion: 'security.gatehouse.dev/v1', kind: 'SecurityProfile', metadata: { name: '' }, description: '',
    allowPrivilegedContainer: false, allowPrivilegeEscalation: false, allowHostNetwork: false, allowHostPID: false, allowHostIPC: false, allowHostPorts: false,
    allowedCapabilities: ['NET_BIND_SERVICE'], requiredDropCapabilities: ['ALL'], runAsUser: { type: 'MustRunAsRange' },
    fsGroup: { type: 'MustRunAs' }, supplementalGroups: { type: 'MustRunAs' }, seLinuxContext: { type: 'MustRunAs' },
    seccompProfiles: ['RuntimeDefault'], volumes: ['configMap', 'downwardAPI', 'emptyDir', 'persistentVolumeClaim', 'projected', 'secret'],
  };
}

/** listToText renders a list for a text input. */
export const listToText = (v: readonly string[] | undefined): string => (v ?? []).join(', ');

/** textToList reads a comma- or space-separated list (blanks dropped). */
export const textToList = (s: string): string[] => s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);

/** hostPathsToText renders allowedHostPaths one per line, `:ro` marking read-only. */
export function hostPathsToText(v: SecurityProfile['allowedHostPaths']): string {
  return (v ?? []).map((h) => `${h.pathPrefix}${h.readOnly ? ':ro' : ''}`).join('\n');
}

/** textToHostPaths reads the lines back. */
export function textToHostPaths(s: string): NonNullable<SecurityProfile['allowedHostPaths']> {
  return s.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => (l.endsWith(':ro') ? { pathPrefix: l.slice(0, -3), readOnly: true } : { pathPrefix: l }));
}

/** withField returns a copy of `p` with `key` set, or removed when `value` is undefined or an empty list. */
export function withField<K extends keyof SecurityProfile>(p: SecurityProfile, key: K, value: SecurityProfile[K] | undefined): SecurityProfile {
  const next = { ...p };
  if (value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
  else next[key] = value;
  return next;
}

/** toYaml renders a profile for the YAML view (server-managed bookkeeping left out). */
export function toYaml(p: SecurityProfile): string {
  const { managedFields: _m, ...metadata } = p.metadata;
  return stringify({ ...p, metadata });
}

/** fromYaml parses the YAML view; a syntax error or a non-object is reported, not thrown. */
export function fromYaml(text: string): { ok: true; value: SecurityProfile } | { ok: false; error: string } {
  try {
    const v: unknown = parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, error: 'The YAML must describe one object.' };
    const o = v as SecurityProfile;
    if (typeof o.metadata !== 'object' || o.metadata === null) return { ok: false, error: 'The YAML needs metadata with a name.' };
    return { ok: true, value: o };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message.split('\n')[0] : 'The YAML could not be read.' };
  }
}

/** validateProfile checks `p` with the shared schema; issues read `field: message`. */
export function validateProfile(p: SecurityProfile): string[] {
  const issues: string[] = [];
  if (!p.metadata.name) issues.push('metadata.name: Required');
  const r = securityProfileSchema.safeParse({ ...p, apiVersion: 'security.gatehouse.dev/v1', kind: 'SecurityProfile' });
  if (!r.success) for (const i of r.error.issues) issues.push(`${i.path.join('.') || '(object)'}: ${i.message}`);
  return issues;
}
