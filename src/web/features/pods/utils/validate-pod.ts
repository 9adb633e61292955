import type { z } from 'zod';
import { podSchema } from '../../../../shared/api/core';
import { DNS1123_SUBDOMAIN } from '../../../../shared/api/meta';
import { fieldPath } from '../../../utils/field-path';
import type { Manifest } from './pod-draft';

// Validation as you type: the shared zod pod schema (the server's own), plus what the schema leaves to
// the server (a name, an image per container, quantities) and what only the namespace knows (do the
// secrets and keys the pod names exist). Every issue carries a Kubernetes field path.

/** Issue is one problem with the manifest at a Kubernetes field path (`` for the whole object). */
export interface Issue { path: string; message: string }

/** SecretKeys maps the namespace's secret names to their key names (from secretsummaries). */
export type SecretKeys = ReadonlyMap<string, readonly string[]>;

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** humanize rewrites zod's messages into the short forms the form shows. */
function humanize(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    // zod reports the received type only in its message (the input is not kept unless asked for).
    if (/received undefined$/.test(issue.message)) return 'Required';
    return `Must be a ${issue.expected === 'number' ? 'whole number' : issue.expected}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return 'Required';
  if (issue.code === 'too_small' && issue.origin === 'array') return 'Add at least one';
  if (issue.code === 'too_big' && issue.origin === 'number') return `Must be at most ${String(issue.maximum)}`;
  if (issue.code === 'too_small' && issue.origin === 'number') return `Must be at least ${String(issue.minimum)}`;
  if (issue.code === 'unrecognized_keys') return `Unknown field${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_value') return `Must be one of ${issue.values.map(String).join(', ')}`;
  return issue.message;
}

/** schemaIssues checks the manifest with the shared pod schema. */
export function schemaIssues(m: unknown): Issue[] {
  const r = podSchema.safeParse(m);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: fieldPath(i.path), message: humanize(i) }));
}

/**
 * validatePod returns every issue with a pod manifest: not an object, the wrong kind, the schema's
 * issues, a missing or malformed name or image, unreadable quantities, and (when `secrets` is known)
 * secrets or keys the namespace does not have.
 */
export function validatePod(m: unknown, opts: { namespace?: string; secrets?: SecretKeys } = {}): Issue[] {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return [{ path: '', message: 'The YAML must describe one Pod object' }];
  const pod = m as Manifest;
  const issues: Issue[] = [];
  if (pod.kind !== undefined && pod.kind !== 'Pod') issues.push({ path: 'kind', message: 'Must be Pod' });
  if (pod.apiVersion !== undefined && pod.apiVersion !== 'v1') issues.push({ path: 'apiVersion', message: 'Must be v1' });
  issues.push(...schemaIssues(pod));
  const name = pod.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    if (!pod.metadata?.generateName) issues.push({ path: 'metadata.name', message: 'Required' });
  } else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    issues.push({ path: 'metadata.name', message: 'Use lower-case letters, digits, "-" and "."; start and end with a letter or digit' });
  }
  const containers: unknown[] = Array.isArray(pod.spec?.containers) ? pod.spec.containers : [];
  containers.forEach((c: any, i) => {
    if (typeof c !== 'object' || c === null) return;
    if (typeof c.image !== 'string' || c.image.trim() === '') issues.push({ path: `spec.containers[${i}].image`, message: 'Required' });
    for (const kind of ['requests', 'limits'] as const) {
      const r = c.resources?.[kind];
      if (typeof r !== 'object' || r === null) continue;
      for (const [k, v] of Object.entries(r)) {
        if (typeof v === 'string' && !QUANTITY.test(v.trim())) issues.push({ path: `spec.containers[${i}].resources.${kind}.${k}`, message: 'Not a quantity (e.g. 250m, 0.5, 128Mi, 1Gi)' });
      }
    }
  });
  if (opts.secrets) issues.push(...secretIssues(pod, opts.secrets, opts.namespace));
  return dedupe(issues);
}

function missing(name: string, ns: string | undefined): string {
  return `Secret "${name}" does not exist${ns ? ` in ${ns}` : ''}`;
}

/** secretIssues names the secret references (volumes, env, envFrom) whose secret or key the namespace lacks. */
export function secretIssues(pod: Manifest, secrets: SecretKeys, namespace?: string): Issue[] {
  const out: Issue[] = [];
  const volumes: any[] = Array.isArray(pod.spec?.volumes) ? pod.spec.volumes : [];
  volumes.forEach((v, i) => {
    const s = v?.secret;
    if (!s || typeof s !== 'object') return;
    if (typeof s.secretName !== 'string' || s.secretName === '') { out.push({ path: `spec.volumes[${i}].secret.secretName`, message: 'Choose a secret' }); return; }
    const keys = secrets.get(s.secretName);
    if (!keys) { if (!s.optional) out.push({ path: `spec.volumes[${i}].secret.secretName`, message: missing(s.secretName, namespace) }); return; }
    (Array.isArray(s.items) ? s.items : []).forEach((it: any, j: number) => {
      if (typeof it?.key === 'string' && !keys.includes(it.key)) out.push({ path: `spec.volumes[${i}].secret.items[${j}].key`, message: `Secret "${s.secretName}" has no key "${it.key}"` });
    });
  });
  for (const group of ['initContainers', 'containers'] as const) {
    const list: any[] = Array.isArray(pod.spec?.[group]) ? pod.spec[group] : [];
    list.forEach((c, ci) => {
      (Array.isArray(c?.env) ? c.env : []).forEach((e: any, i: number) => {
        const ref = e?.valueFrom?.secretKeyRef;
        if (!ref || ref.optional) return;
        const base = `spec.${group}[${ci}].env[${i}].valueFrom.secretKeyRef`;
        if (typeof ref.name !== 'string' || ref.name === '') { out.push({ path: `${base}.name`, message: 'Choose a secret' }); return; }
        const keys = secrets.get(ref.name);
        if (!keys) out.push({ path: `${base}.name`, message: missing(ref.name, namespace) });
        else if (typeof ref.key !== 'string' || ref.key === '') out.push({ path: `${base}.key`, message: 'Choose a key' });
        else if (!keys.includes(ref.key)) out.push({ path: `${base}.key`, message: `Secret "${ref.name}" has no key "${ref.key}"` });
      });
      (Array.isArray(c?.envFrom) ? c.envFrom : []).forEach((e: any, i: number) => {
        const ref = e?.secretRef;
        if (ref && typeof ref.name === 'string' && !ref.optional && !secrets.has(ref.name)) out.push({ path: `spec.${group}[${ci}].envFrom[${i}].secretRef.name`, message: missing(ref.name, namespace) });
      });
    });
  }
  return out;
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}\n${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
