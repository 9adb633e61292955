import type { KubeObject } from '../../shared/api/meta';
import type { AdmissionPlugin } from '../admission/types';
import type { UserInfo } from '../authn/user';
import type { RequestContext } from '../http/context';
import type { Store } from '../storage/store';
import type { GarbageCollector } from './garbage-collector';
import type { Strategy } from './strategies';

/** DeleteOptions are the parts of meta/v1 DeleteOptions the delete hooks use. */
export interface DeleteOptions { gracePeriodSeconds?: number }

/** DeleteHook is one resource's onDelete (see Registry.onDelete). */
export type DeleteHook = (obj: KubeObject, ctx: RequestContext, options: DeleteOptions) => 'deleted' | 'graceful' | undefined;

/** deleteHooks makes a Registry's onDelete from the hooks of the resources that have one, by storage key. */
export function deleteHooks(hooks: Record<string, DeleteHook>): NonNullable<Registry['onDelete']> {
  return (s, obj, ctx, options) => hooks[s.key]?.(obj, ctx, options);
}

/** Registry serves the stored resources: generic REST verbs over the store, per-resource strategies, admission. */
export interface Registry {
  store: Store;
  strategies: Map<string, Strategy>;
  admission: AdmissionPlugin[];
  /**
   * onDelete runs before an object is removed (e.g. namespace contents, pod graceful deletion): it
   * returns 'deleted' when it removed the object itself, 'graceful' when the object stays (marked for
   * deletion), undefined to let the registry delete it. `options` is the request's DeleteOptions.
   */
  onDelete?: (s: Strategy, obj: KubeObject, ctx: RequestContext, options: DeleteOptions) => 'deleted' | 'graceful' | undefined;
  /** canGet tells whether a user may `get` an object (write responses carry secret values only then). */
  canGet?: (user: UserInfo, s: Strategy, namespace: string, name: string) => boolean;
  /** bookmarkMs is how often a watch that asked for bookmarks gets one. */
  bookmarkMs?: number;
  /** gc is the garbage collector (dependents by owner uid; orphaning; foreground deletion). */
  gc?: GarbageCollector;
}
