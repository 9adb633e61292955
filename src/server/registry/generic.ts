import type { RequestContext } from '../http/context';
import { noRoute } from '../http/status';
import type { Registry } from './registry';
import { serveResource } from './rest';
import type { ResourceStorage, Subresource } from './storage';
import type { Strategy } from './strategies';

/**
 * storeBacked is the storage of a stored resource: generic REST over the store with the resource's
 * strategy (rest.ts: get, list, watch, create, update, patch, apply, delete, status), plus the
 * subresources that are the resource's own (scale.ts, pods/binding, pods/containers, serviceaccounts/token,
 * users/password).
 */
export function storeBacked(reg: Registry, s: Strategy, subresources: Record<string, (s: Strategy) => Subresource> = {}): ResourceStorage {
  const own = new Map(Object.entries(subresources).map(([name, make]) => [name, make(s)]));
  return {
    async serve(ctx: RequestContext) {
      const { info } = ctx;
      const sub = own.get(info.subresource);
      if (sub) return sub(ctx);
      if (s.desc.namespaced && !info.namespace && info.name) throw noRoute();
      return serveResource(reg, ctx, s);
    },
  };
}
