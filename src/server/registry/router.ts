import { findResource } from '../../shared/api/resources';
import type { RequestContext } from '../http/context';
import { ApiError, noRoute } from '../http/status';
import { serveWith, type ResourceStorage } from './storage';
import { resourceKey } from './strategies';

/** Storages are the storage of every served resource, by resourceKey(group, resource). */
export type Storages = Map<string, ResourceStorage>;

/**
 * serveResourceRequest routes a resource request: a lookup of its resource's storage (every entry of
 * src/shared/api/resources.ts has one), whose answer serveWith writes. A resource in the table whose
 * storage the server lacks is a 405 (connect mode serves some only through the cluster).
 */
export async function serveResourceRequest(storages: Storages, ctx: RequestContext): Promise<void> {
  const { info } = ctx;
  if (info.apiVersion !== 'v1') throw noRoute();
  const storage = storages.get(resourceKey(info.apiGroup, info.resource));
  if (!storage) {
    if (findResource(info.apiGroup, info.resource)) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    throw noRoute();
  }
  await serveWith(storage, ctx);
}
