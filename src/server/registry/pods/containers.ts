// The pod subresources that reach a running container through its node: log, exec, attach,
// portforward, and ephemeralcontainers (`kubectl debug` adds one; reading it is an ordinary pod read).
// Gatehouse's built-in nodes run no containers, so each answers honestly that there is nothing to reach.

import type { KubeObject } from '../../../shared/api/meta';
import { badRequest, methodNotAllowed, notFound } from '../../http/status';
import type { Registry } from '../registry';
import { getOne } from '../rest';
import type { Subresource } from '../storage';
import type { Strategy } from '../strategies';

/** WHAT names each container subresource in its answer ("logs are not available for pod ..."). */
const WHAT: Record<string, string> = { log: 'logs are', exec: 'exec is', attach: 'attach is', portforward: 'port-forward is', ephemeralcontainers: 'ephemeral containers are' };

/**
 * noContainers answers `logs`, `exec`, `attach`, `port-forward` and `debug`: like upstream when a
 * container cannot be reached, a 400 naming the pod and why (a missing pod is still a 404).
 */
function noContainers(reg: Registry, s: Strategy): Subresource {
  return async (ctx) => {
    const { info } = ctx;
    const pod = reg.store.get(s.key, info.namespace, info.name) as (KubeObject & { spec?: { nodeName?: string } }) | undefined;
    if (!pod) throw notFound(s.desc.resource, s.desc.group, info.name);
    const node = pod.spec?.nodeName;
    if (!node) throw badRequest(`pod ${info.name} does not have a host assigned`);
    throw badRequest(`${WHAT[info.subresource]} not available for pod ${info.name}: it is on node "${node}", one of Gatehouse's built-in nodes, which run no containers`);
  };
}

/** containerSubresources are pods' container subresources by name, for the pods' storage (catalog.ts). */
export function containerSubresources(reg: Registry): Record<string, (s: Strategy) => Subresource> {
  const none = (s: Strategy) => noContainers(reg, s);
  return {
    log: none, exec: none, attach: none, portforward: none,
    ephemeralcontainers: (s) => {
      const refuse = noContainers(reg, s);
      // As upstream: get reads the pod, update and patch add a container; no other verb is served.
      return async (ctx) => {
        if (ctx.info.verb === 'get') return getOne(reg, ctx, s);
        if (ctx.info.verb === 'update' || ctx.info.verb === 'patch') return refuse(ctx);
        throw methodNotAllowed();
      };
    },
  };
}
