// The scale subresource (`kubectl scale`, autoscaling/v1 Scale) of every stored resource whose entry in
// src/shared/api/resources.ts lists `scale` (deployments, replicasets): the same for each such kind, as
// it only reads and writes spec.replicas, so the catalog (catalog.ts) gives it to each of them.

import type { KubeObject } from '../../shared/api/meta';
import { scaleSchema, selectorString, type LabelSelector } from '../../shared/api/workloads';
import { mediaType, PATCH_TYPES } from '../http/body';
import { ApiError, invalid, methodNotAllowed, notFound } from '../http/status';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError } from './patch';
import type { Registry } from './registry';
import { readBody, update } from './rest';
import { ok, type Subresource } from './storage';
import type { Strategy } from './strategies';

/** toScale renders an object with spec.replicas as the autoscaling/v1 Scale of its scale subresource. */
export function toScale(o: KubeObject): Record<string, unknown> {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = o.metadata;
  const spec = (o as { spec?: { replicas?: number; selector?: LabelSelector } }).spec ?? {};
  const status = (o as { status?: { replicas?: number } }).status ?? {};
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 }, status: { replicas: status.replicas ?? 0, selector: selectorString(spec.selector) },
  };
}

/**
 * scaleSubresource serves `<resource>/scale` of `s`: GET answers the Scale; PUT and the patches (what
 * kubectl sends: a merge patch of spec.replicas) change only spec.replicas of the object, which then
 * goes through the ordinary update (admission sees subresource `scale`, generation moves on).
 */
export function scaleSubresource(reg: Registry, s: Strategy): Subresource {
  return async (ctx) => {
    const { info } = ctx;
    const old = reg.store.get(s.key, info.namespace, info.name);
    if (!old) throw notFound(s.desc.resource, s.desc.group, info.name);
    if (info.verb === 'get') {
      ctx.responseObject = old;
      return ok(toScale(old));
    }
    if (info.verb !== 'update' && info.verb !== 'patch') throw methodNotAllowed();
    const body = await readBody(ctx);
    ctx.requestObject = body;
    let next: unknown = body;
    if (info.verb === 'patch') {
      const type = PATCH_TYPES[mediaType(ctx.req.headers['content-type'])];
      if (!type || type === 'apply') throw new ApiError(415, 'UnsupportedMediaType', 'the scale subresource accepts JSON, merge and strategic merge patches');
      try {
        const cur = toScale(old);
        next = type === 'json' ? applyJsonPatch(cur, body) : type === 'merge' ? applyMergePatch(cur, body) : applyStrategicMergePatch(cur, body, 'Scale');
      } catch (e) {
        if (e instanceof PatchError) throw new ApiError(422, 'Invalid', e.message);
        throw e;
      }
    }
    const parsed = scaleSchema.safeParse(next);
    const replicas = parsed.success ? parsed.data.spec?.replicas : undefined;
    if (replicas === undefined) throw invalid('Scale', 'autoscaling', info.name, [{ field: 'spec.replicas', message: 'Invalid value: must be an integer greater than or equal to 0', type: 'FieldValueInvalid' }]);
    const rv = parsed.data!.metadata?.resourceVersion;
    const obj = structuredClone(old) as KubeObject & { spec: { replicas?: number } };
    obj.spec.replicas = replicas;
    obj.metadata.resourceVersion = rv || old.metadata.resourceVersion;
    return update(reg, ctx, s, obj, old, { respond: toScale });
  };
}
