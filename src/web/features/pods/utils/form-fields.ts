import { parseFieldPath } from '../../../utils/field-path';
import { podDraftOf, type Manifest } from './pod-draft';

// Which form control a Kubernetes field path belongs to, so that a schema issue, a server cause or a
// profile's reason can be shown next to the control that would fix it. Paths the form has no control
// for map to undefined and are listed with the YAML instead.

/** FieldId names one control of the pod form (`env.2.name`, `mounts.0.path`, `security.privileged`...). */
export type FieldId = string;

const RESOURCE_FIELDS: Record<string, FieldId> = {
  'requests.cpu': 'resources.cpuRequest', 'requests.memory': 'resources.memoryRequest',
  'limits.cpu': 'resources.cpuLimit', 'limits.memory': 'resources.memoryLimit',
};

const SECURITY_FIELDS: Record<string, FieldId> = {
  privileged: 'security.privileged',
  runAsUser: 'security.runAsUser',
  runAsNonRoot: 'security.runAsUser',
  capabilities: 'security.addCapabilities',
  readOnlyRootFilesystem: 'security.readOnlyRootFilesystem',
};

/**
 * formFieldOf maps a field path of `m` to the form control that edits it, or undefined. Volume paths
 * are traced to the secret mount that uses the volume.
 */
export function formFieldOf(path: string, m: Manifest): FieldId | undefined {
  const p = parseFieldPath(path);
  if (p[0] === 'metadata') return p[1] === 'name' || p[1] === 'generateName' ? 'name' : p[1] === 'annotations' ? 'profile' : undefined;
  if (p[0] !== 'spec') return undefined;
  if (p[1] === 'serviceAccountName' || p[1] === 'serviceAccount') return 'serviceAccountName';
  if (p[1] === 'hostNetwork') return 'security.hostNetwork';
  if (p[1] === 'securityContext' && (p[2] === 'runAsUser' || p[2] === 'runAsNonRoot')) return 'security.runAsUser';
  if (p[1] === 'volumes' && typeof p[2] === 'number') {
    const name = m.spec?.volumes?.[p[2]]?.name;
    const i = podDraftOf(m).mounts.findIndex((x) => x.volumeName === name);
    if (i < 0) return undefined;
    return p.includes('items') ? `mounts.${i}.keys` : `mounts.${i}.secret`;
  }
  if (p[1] !== 'containers' || p[2] !== 0) return p[1] === 'containers' && p[2] === undefined ? 'image' : undefined;
  const [field, index, sub] = [p[3], p[4], p[5]];
  switch (field) {
    case undefined: return 'image';
    case 'image': case 'command': case 'args': return field;
    case 'env': {
      if (typeof index !== 'number') return undefined;
      if (sub === 'name') return `env.${index}.name`;
      return sub === 'valueFrom' ? `env.${index}.secret` : `env.${index}.value`;
    }
    case 'ports': return typeof index === 'number' ? `ports.${index}` : undefined;
    case 'resources': return RESOURCE_FIELDS[`${String(index)}.${String(sub)}`];
    case 'securityContext': return SECURITY_FIELDS[String(index)];
    case 'volumeMounts': {
      if (typeof index !== 'number') return undefined;
      const name = m.spec?.containers?.[0]?.volumeMounts?.[index]?.name;
      const i = podDraftOf(m).mounts.findIndex((x) => x.volumeName === name);
      return i < 0 ? undefined : `mounts.${i}.path`;
    }
    default: return undefined;
  }
}

/** groupByField sorts issues into those a control shows and the rest (shown as a list). */
export function groupByField<T extends { path: string }>(issues: readonly T[], m: Manifest): { byField: Map<FieldId, T[]>; other: T[] } {
  const byField = new Map<FieldId, T[]>();
  const other: T[] = [];
  for (const i of issues) {
    const f = formFieldOf(i.path, m);
    if (!f) { other.push(i); continue; }
    if (!byField.has(f)) byField.set(f, []);
    byField.get(f)!.push(i);
  }
  return { byField, other };
}
