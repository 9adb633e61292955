import type { KubeObject } from '../../../../shared/api/meta';
import { deepEqual } from '../../../../shared/api/equal';
import type { SecretSummary } from '../../../../shared/api/security';

// The YAML view of a secret is built from its summary, never from the secret: it has no `data`, so it
// has no values to show, and a save must not write values the person has not seen. What the view can
// change is the secret's labels (a merge patch naming only them and the loaded resourceVersion); values
// are replaced through the write-only form, and read only through the explicit, audited Reveal.

/** secretView is the Secret as the YAML view shows it: identity, labels, the creator, type — and no data. */
export function secretView(s: SecretSummary): KubeObject {
  const m = s.metadata;
  const metadata: KubeObject['metadata'] = { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
  if (m.labels && Object.keys(m.labels).length > 0) metadata.labels = { ...m.labels };
  if (m.annotations && Object.keys(m.annotations).length > 0) metadata.annotations = { ...m.annotations };
  return { apiVersion: 'v1', kind: 'Secret', metadata, type: s.type, ...(s.immutable ? { immutable: true } : {}) };
}

/** secretNote is the comment above a secret's YAML: which keys it has, and where their values are. */
export function secretNote(s: SecretSummary): string {
  const keys = s.keys.length > 0 ? `Keys: ${s.keys.join(', ')}.` : 'It has no keys.';
  return `The values of this secret are not shown here. ${keys}\nOnly labels can be changed in this view; replace or reveal values on the Details tab.`;
}

/** FieldIssue is one thing an edit may not do (the same shape the YAML view reports). */
export interface SecretYamlIssue { field: string; message: string }

const VALUES = new Set(['data', 'stringData']);

/** secretEditIssues lists what changed besides the labels (values above all), each naming its field. */
export function secretEditIssues(loaded: KubeObject, edited: KubeObject): SecretYamlIssue[] {
  const issues: SecretYamlIssue[] = [];
  const keys = new Set([...Object.keys(loaded), ...Object.keys(edited)].filter((k) => k !== 'metadata'));
  for (const k of [...keys].sort()) {
    if (deepEqual(loaded[k], edited[k])) continue;
    issues.push(VALUES.has(k)
      ? { field: k, message: 'Secret values cannot be written from the YAML view: use "Replace values" on the Details tab.' }
      : { field: k, message: 'Only the labels of a secret can be changed here.' });
  }
  const meta = (edited.metadata ?? {}) as Record<string, unknown>;
  const was = loaded.metadata as Record<string, unknown>;
  for (const k of [...new Set([...Object.keys(was), ...Object.keys(meta)])].sort()) {
    if (k === 'labels' || deepEqual(was[k], meta[k])) continue;
    issues.push({ field: `metadata.${k}`, message: 'Only the labels of a secret can be changed here.' });
  }
  return issues;
}

/**
 * labelsPatch is the JSON merge patch that turns the loaded labels into the edited ones (removed
 * labels are null), with the loaded resourceVersion: the server refuses it (409) if the secret changed.
 */
export function labelsPatch(loaded: KubeObject, edited: KubeObject): { metadata: { resourceVersion?: string; labels: Record<string, string | null> } } {
  const before = loaded.metadata.labels ?? {};
  const after = edited.metadata?.labels ?? {};
  const labels: Record<string, string | null> = {};
  for (const k of Object.keys(before)) if (!(k in after)) labels[k] = null;
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) labels[k] = v;
  return { metadata: { resourceVersion: loaded.metadata.resourceVersion ?? undefined, labels } };
}
