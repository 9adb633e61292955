// What a subject that may write a secret but not `get` it (a developer) may learn of its values:
// nothing (DESIGN: secrets are used without being seen). Generic REST (rest.ts) answers such a subject
// with key names only, and withholds any error that would quote a stored value.

import type { KubeObject } from '../../../shared/api/meta';
import type { RequestContext } from '../../http/context';
import { ApiError } from '../../http/status';
import type { Registry } from '../registry';
import type { Strategy } from '../strategies';

/** VALUE_COPY_ANNOTATIONS are annotations clients fill with a copy of the whole object, values included. */
const VALUE_COPY_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

/**
 * withoutValueCopies drops the annotations that copy a secret's values (`kubectl apply` keeps the whole
 * applied object, data included, in last-applied-configuration), for answers to a non-reader.
 */
export function withoutValueCopies(o: KubeObject): KubeObject {
  const annotations = o.metadata.annotations;
  if (!annotations || !VALUE_COPY_ANNOTATIONS.some((k) => k in annotations)) return o;
  const kept = Object.fromEntries(Object.entries(annotations).filter(([k]) => !VALUE_COPY_ANNOTATIONS.includes(k)));
  return { ...o, metadata: { ...o.metadata, annotations: kept } };
}

/**
 * secretNonReader is true when the request writes a secret its subject may not `get`. Such a subject
 * learns nothing about the stored values (README, Security): JSON patch ops that read the object
 * (copy, move, test) are refused, a write that only restates the values is not a detectable no-op, an
 * immutable secret's data refuses every restatement alike, and errors quoting a stored value are withheld.
 */
export function secretNonReader(reg: Registry, ctx: RequestContext, s: Strategy, namespace: string, name: string): boolean {
  if (s.key !== '/secrets' || !reg.canGet) return false;
  return !reg.canGet(ctx.user, s, namespace, name);
}

/** withoutValues is a secret as a non-reader sees it: key names with empty values, no stringData, no value copies. */
export function withoutValues(o: KubeObject): KubeObject {
  const { data, stringData: _stringData, ...rest } = withoutValueCopies(o) as KubeObject & { data?: Record<string, string>; stringData?: unknown };
  return { ...rest, data: Object.fromEntries(Object.keys(data ?? {}).map((k) => [k, ''])) } as KubeObject;
}

/**
 * secretListView is how a list or watch of secrets shows each item to a subject that may not `get` every
 * secret in the request's scope (a role with `list`/`watch` but `get` on a few names, or none): the
 * values of the ones they may get, key names only of the rest (DESIGN: values go to no response of a
 * subject that lacks `get`). Undefined when they may get them all (or the resource is not secrets).
 */
export function secretListView(reg: Registry, ctx: RequestContext, s: Strategy): ((o: KubeObject) => KubeObject) | undefined {
  if (!secretNonReader(reg, ctx, s, s.desc.namespaced ? ctx.info.namespace : '', '')) return undefined;
  return (o) => (secretNonReader(reg, ctx, s, o.metadata.namespace ?? '', o.metadata.name ?? '') ? withoutValues(o) : o);
}

/** secretValueStrings are the stored values of a secret, base64 and decoded, as an error could quote them. */
export function secretValueStrings(o: KubeObject | undefined): string[] {
  const data = (o as { data?: Record<string, unknown> } | undefined)?.data;
  if (!data || typeof data !== 'object') return [];
  const out: string[] = [];
  for (const v of Object.values(data)) {
    if (typeof v !== 'string' || v.length === 0) continue;
    out.push(v);
    const decoded = Buffer.from(v, 'base64').toString('utf8');
    // Very short values would match ordinary words of a message; four characters or more are specific.
    if (decoded.length >= 4) out.push(decoded, JSON.stringify(decoded).slice(1, -1));
  }
  return out;
}

/**
 * withheldSecretValues rewrites an error (and drops warnings) that would quote a stored secret value to a
 * non-reader. Every path above already avoids quoting stored values; this is the backstop for the rule
 * "error messages about secrets never echo a stored value", whatever check raised them. A value the
 * request itself contains (in its URL or body) is the client's own text echoed back, not a disclosure:
 * it is exempt, or else "was my guess withheld?" would itself reveal the value.
 */
export function withheldSecretValues(err: unknown, ctx: RequestContext, stored: string[]): unknown {
  let sent = `${ctx.requestText ?? ''}\n${ctx.url.pathname}${ctx.url.search}`;
  try { sent += `\n${decodeURIComponent(`${ctx.url.pathname}${ctx.url.search}`)}`; } catch { /* malformed: the raw form is there */ }
  const values = stored.filter((v) => !sent.includes(v));
  if (values.length === 0) return err;
  const quotes = (t: string | undefined) => !!t && values.some((v) => t.includes(v));
  ctx.warnings = ctx.warnings.filter((w) => !quotes(w));
  if (!(err instanceof ApiError)) return err;
  const causes = err.details?.causes ?? [];
  if (!quotes(err.message) && !causes.some((c) => quotes(c.message) || quotes(c.field))) return err;
  const details = err.details ? { ...err.details, causes: causes.map((c) => ({ type: c.type, field: quotes(c.field) ? '' : c.field, message: 'a stored value of the secret is withheld' })) } : undefined;
  return new ApiError(err.code, err.reason, `secrets "${ctx.info.name}" could not be written: the reason would quote a stored value of the secret, which this user may not read`, details, err.headers);
}
