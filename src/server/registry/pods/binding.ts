import { bindingSchema, type Pod } from '../../../shared/api/core';
import { kubeTime } from '../../../shared/api/meta';
import { badRequest, conflict, invalid, methodNotAllowed, notFound } from '../../http/status';
import { admit } from '../admit';
import type { Registry } from '../registry';
import { isDryRun, mapStoreError, objectFromBody, readBody } from '../rest';
import { success, type Subresource } from '../storage';
import { compiledSchema } from '../validation';
import type { Strategy } from '../strategies';

/**
 * podBinding serves POST pods/{name}/binding (the scheduler's write): a v1 Binding whose target is a Node sets
 * spec.nodeName of an unbound pod and its PodScheduled condition; a pod already bound is a 409, a pod
 * being deleted a 409 too. The binding goes through admission as CREATE pods/binding, as upstream.
 */
export function podBinding(reg: Registry, s: Strategy): Subresource {
  return async (ctx) => {
    const { info } = ctx;
    if (info.verb !== 'create') throw methodNotAllowed();
    const body = objectFromBody(await readBody(ctx));
    ctx.requestObject = body;
    if (body.kind !== undefined && body.kind !== 'Binding') throw badRequest(`the kind of the object in the body (${String(body.kind)}) does not match the kind of the resource (Binding)`);
    // zod's compiled parser (the scheduler posts one per pod): the same result as the runtime's, in a fraction of its time.
    const parsed = compiledSchema(bindingSchema).safeParse(body);
    if (!parsed.success) throw invalid('Binding', '', info.name, [{ field: 'target.name', message: 'Required value', type: 'FieldValueRequired' }]);
    const target = parsed.data.target;
    if (target.kind !== undefined && target.kind !== '' && target.kind !== 'Node') throw invalid('Binding', '', info.name, [{ field: 'target.kind', message: `Unsupported value: "${target.kind}": supported values: "Node"` }]);
    if (body.metadata.name && body.metadata.name !== info.name) throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${info.name})`);
    const dryRun = isDryRun(ctx, ctx.query.getAll('dryRun'));
    // Read-only (the bound pod is built from copies): the store's shared, frozen object, not a decode of its own.
    const pod = reg.store.getShared(s.key, info.namespace, info.name) as Pod | undefined;
    if (!pod) throw notFound(s.desc.resource, s.desc.group, info.name);
    if (pod.metadata.deletionTimestamp) throw conflict(s.desc.resource, s.desc.group, info.name, `pod ${info.name} is being deleted, cannot be assigned to a host`);
    if (pod.spec?.nodeName) throw conflict(s.desc.resource, s.desc.group, info.name, `pod ${info.name} is already assigned to node "${pod.spec.nodeName}"`);
    const uid = body.metadata.uid;
    if (uid && uid !== pod.metadata.uid) throw conflict(s.desc.resource, s.desc.group, info.name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid}`);
    await admit(reg, ctx, {
      operation: 'CREATE', group: s.desc.group, resource: s.desc.resource, subresource: 'binding', namespace: info.namespace, name: info.name,
      object: { ...body, apiVersion: 'v1', kind: 'Binding' }, dryRun,
    });
    if (!dryRun) {
      const now = kubeTime();
      const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      const next = { ...pod, spec: { ...pod.spec, nodeName: target.name }, status: { ...(pod.status ?? {}), conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }, ...conditions] } };
      try {
        reg.store.update(s.key, info.namespace, info.name, next, Number(pod.metadata.resourceVersion));
      } catch (e) {
        mapStoreError(e, s, info.name);
      }
    }
    return success(201);
  };
}
