// The admission chain for pods, namespaces, secrets and every stored object (admission serves no HTTP:
// the registry asks it about writes, registry/admit.ts). The composition root (app.ts) calls
// createAdmission once; mutating plugins run in list order, then validating ones (runAdmission), so
// Pod Security sees the pod after its profile defaults.

import type { Authorizer } from '../authz/types';
import type { Store } from '../storage/store';
import { creator } from './creator';
import { delegation, type LookupHuman } from './delegation';
import { namespaceRanges, RangeAllocator } from './namespace-ranges';
import { podSecurity } from './pod-security/admission';
import { secretUse } from './secret-use';
import { serviceAccountAdmission } from './service-account';
import { ProfileCache, securityProfiles } from './security-profiles/admission';
import { ANNOTATIONS } from '../../shared/api/meta';
import type { AdmissionPlugin } from './types';

/** AdmissionDeps are what admission needs from the composition root. */
export interface AdmissionDeps {
  store: Store;
  authorizer: Authorizer;
  /** dataDir is where the server keeps its files (unused by admission itself today). */
  dataDir?: string;
  /** lookupHuman returns an active user's identity (controllers act for them); without it nobody is. */
  lookupHuman?: LookupHuman;
}

/** Admission is the plugin list for the registry (admission serves no HTTP of its own). */
export interface Admission {
  plugins: AdmissionPlugin[];
}

/**
 * createAdmission builds the plugins in order — creator stamping, delegation, service accounts, namespace
 * ranges, security profiles (mutating); secret use, Pod Security (validating) — and starts a small
 * controller that gives a UID range to any namespace stored without one (written around admission).
 */
export function createAdmission(deps: AdmissionDeps): Admission {
  const { store, authorizer } = deps;
  const allocator = new RangeAllocator(store);
  const profiles = new ProfileCache(store);
  const plugins: AdmissionPlugin[] = [
    creator(),
    delegation({ authorizer, profiles, lookup: deps.lookupHuman ?? (() => undefined) }),
    serviceAccountAdmission(),
    namespaceRanges({ authorizer, allocator }),
    securityProfiles({ authorizer, profiles }),
    secretUse({ authorizer }),
    podSecurity(),
  ];
  store.subscribe((e) => {
    if (e.res !== '/namespaces' || e.type !== 'ADDED' || e.object.metadata.annotations?.[ANNOTATIONS.uidRange]) return;
    // After the publishing write returns: a write from inside a listener would reorder events for later listeners.
    setImmediate(() => {
      const ns = store.get('/namespaces', '', e.name);
      if (!ns || ns.metadata.annotations?.[ANNOTATIONS.uidRange]) return;
      try {
        store.update('/namespaces', '', e.name, { ...ns, metadata: { ...ns.metadata, annotations: { ...(ns.metadata.annotations ?? {}), ...allocator.allocate() } } }, Number(ns.metadata.resourceVersion));
      } catch { /* changed or deleted meanwhile: the next write through admission keeps or adds ranges */ }
    });
  });
  return { plugins };
}
