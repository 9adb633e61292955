// Namespace ranges (DESIGN "Namespace ranges"): at creation every namespace gets a unique,
// non-overlapping UID block, supplemental-group block and SELinux MCS level, recorded in the
// annotations `security.gatehouse.dev/uid-range` (`<start>/<size>`), `.../supplemental-groups`
// (same form) and `.../mcs` (`s0:c<a>,c<b>`), as OpenShift does with its `openshift.io/sa.scc.*`
// annotations. Block i starts at UID_BASE + i*BLOCK_SIZE; its MCS label is the i-th pair of
// categories, so both are unique exactly when the block index is.
//
// Only cluster admins may change the annotations afterwards; an update that drops them gets the old
// values back. "Cluster admin" here is whoever may update SecurityProfiles cluster-wide: UID ranges
// and profiles are the same cluster-security authority.

import type { KubeObject } from '../../shared/api/meta';
import { ANNOTATIONS } from '../../shared/api/meta';
import { allows, type Authorizer } from '../authz/types';
import type { UserInfo } from '../authn/user';
import { forbidden, invalid } from '../http/status';
import type { Store } from '../storage/store';
import type { NamespaceBlock } from './security-profiles/checks/types';
import type { AdmissionPlugin } from './types';

/** UID_BASE is the first UID handed out (OpenShift's default range starts here too). */
export const UID_BASE = 1_000_000_000;
/** BLOCK_SIZE is the number of UIDs (and groups) per namespace. */
export const BLOCK_SIZE = 10_000;
/** BLOCK_COUNT is how many blocks fit below 2^31 (the last ends at 1,999,999,999). */
export const BLOCK_COUNT = 100_000;

const NS_KEY = '/namespaces';
const RANGE_KEYS = [ANNOTATIONS.uidRange, ANNOTATIONS.supplementalGroups, ANNOTATIONS.mcs] as const;

/** parseRange parses `<start>/<size>`; undefined when malformed. */
export function parseRange(s: string | undefined): { start: number; size: number } | undefined {
  const m = /^(\d{1,10})\/(\d{1,10})$/.exec(s ?? '');
  if (!m) return undefined;
  const start = Number(m[1]);
  const size = Number(m[2]);
  if (size < 1 || start + size - 1 > 2_147_483_647) return undefined;
  return { start, size };
}

/** MCS_RE is the accepted MCS level form: a sensitivity and optional categories (`s0:c1,c0`). */
const MCS_RE = /^s\d{1,4}(-s\d{1,4})?(:c\d{1,4}([.,]c\d{1,4})*)?$/;

/** mcsLabel is the MCS level of block `index`: the index-th pair (a > b) in order (1,0), (2,0), (2,1), (3,0)... */
export function mcsLabel(index: number): string {
  let a = 1;
  while (((a + 1) * a) / 2 <= index) a += 1;
  const b = index - (a * (a - 1)) / 2;
  return `s0:c${a},c${b}`;
}

/** blockAnnotations are the three annotations of block `index`. */
export function blockAnnotations(index: number): Record<string, string> {
  const range = `${UID_BASE + index * BLOCK_SIZE}/${BLOCK_SIZE}`;
  return { [ANNOTATIONS.uidRange]: range, [ANNOTATIONS.supplementalGroups]: range, [ANNOTATIONS.mcs]: mcsLabel(index) };
}

/** blockIndexOf returns the block index a UID range occupies, or undefined for a range off the grid. */
export function blockIndexOf(uidRange: string | undefined): number | undefined {
  const r = parseRange(uidRange);
  if (!r || r.start < UID_BASE || (r.start - UID_BASE) % BLOCK_SIZE !== 0 || r.size !== BLOCK_SIZE) return undefined;
  const i = (r.start - UID_BASE) / BLOCK_SIZE;
  return i < BLOCK_COUNT ? i : undefined;
}

/** namespaceBlock reads a namespace's ranges (what profile checks use). */
export function namespaceBlock(ns: KubeObject | undefined): NamespaceBlock {
  const a = ns?.metadata.annotations ?? {};
  const mcs = a[ANNOTATIONS.mcs];
  return { uid: parseRange(a[ANNOTATIONS.uidRange]), groups: parseRange(a[ANNOTATIONS.supplementalGroups]), mcs: mcs && MCS_RE.test(mcs) ? mcs : undefined };
}

/** usedBlocks lists the block indices every stored namespace occupies (off-grid ranges mark each block they overlap). */
export function usedBlocks(namespaces: readonly KubeObject[], except?: string): Set<number> {
  const used = new Set<number>();
  for (const ns of namespaces) {
    if (except !== undefined && ns.metadata.name === except) continue;
    for (const key of [ANNOTATIONS.uidRange, ANNOTATIONS.supplementalGroups]) {
      const r = parseRange(ns.metadata.annotations?.[key]);
      if (!r) continue;
      const first = Math.max(0, Math.floor((r.start - UID_BASE) / BLOCK_SIZE));
      const last = Math.min(BLOCK_COUNT - 1, Math.floor((r.start + r.size - 1 - UID_BASE) / BLOCK_SIZE));
      for (let i = first; i <= last; i++) used.add(i);
    }
  }
  return used;
}

/** lowestFree returns the lowest block index not in `used`, or undefined when all are taken. */
export function lowestFree(used: ReadonlySet<number>): number | undefined {
  for (let i = 0; i < BLOCK_COUNT; i++) if (!used.has(i)) return i;
  return undefined;
}

/**
 * RangeAllocator hands out blocks. A block is reserved from allocation until its namespace is
 * stored (or for RESERVATION_MS, in case the create failed after admission), so concurrent creates,
 * whose admission and store write are separated by awaits, never get the same block.
 */
export class RangeAllocator {
  static readonly RESERVATION_MS = 60_000;
  private reserved = new Map<number, number>();

  constructor(private readonly store: Store, private readonly now: () => number = Date.now) {}

  /** allocate returns the annotations of a fresh block; `dryRun` computes without reserving. */
  allocate(dryRun = false): Record<string, string> {
    const used = usedBlocks(this.store.list(NS_KEY));
    const t = this.now();
    for (const [i, at] of this.reserved) {
      if (used.has(i) || t - at > RangeAllocator.RESERVATION_MS) this.reserved.delete(i);
      else used.add(i);
    }
    const i = lowestFree(used);
    if (i === undefined) throw forbidden('no namespace UID range is left to allocate');
    if (!dryRun) this.reserved.set(i, t);
    return blockAnnotations(i);
  }
}

/** allocateInStore picks the lowest free block from stored namespaces only (bootstrap: nothing runs concurrently). */
export function allocateInStore(store: Store): Record<string, string> {
  const i = lowestFree(usedBlocks(store.list(NS_KEY)));
  if (i === undefined) throw new Error('no namespace UID range is left to allocate');
  return blockAnnotations(i);
}

/** isClusterSecurityAdmin is true when `user` may update SecurityProfiles cluster-wide. */
export function isClusterSecurityAdmin(authorizer: Authorizer, user: UserInfo): boolean {
  return allows(authorizer, user, { verb: 'update', group: 'security.gatehouse.dev', resource: 'securityprofiles' });
}

/** validateChangedRanges checks an admin's new values: well-formed, and not overlapping another namespace. */
function validateChangedRanges(store: Store, name: string, ann: Record<string, string>, changed: string[]): void {
  const causes = [];
  for (const k of changed) {
    const v = ann[k];
    const field = `metadata.annotations[${k}]`;
    if (k === ANNOTATIONS.mcs) {
      if (!MCS_RE.test(v)) causes.push({ field, message: `Invalid value: ${JSON.stringify(v)}: must be an MCS level such as s0:c26,c5` });
      continue;
    }
    const r = parseRange(v);
    if (!r) { causes.push({ field, message: `Invalid value: ${JSON.stringify(v)}: must be <start>/<size>` }); continue; }
    for (const other of store.list(NS_KEY)) {
      if (other.metadata.name === name) continue;
      for (const ok of [ANNOTATIONS.uidRange, ANNOTATIONS.supplementalGroups]) {
        const o = parseRange(other.metadata.annotations?.[ok]);
        if (o && r.start <= o.start + o.size - 1 && o.start <= r.start + r.size - 1) {
          causes.push({ field, message: `Invalid value: ${JSON.stringify(v)}: overlaps ${ok} ${o.start}/${o.size} of namespace "${other.metadata.name}"` });
        }
      }
    }
    if (k === ANNOTATIONS.uidRange && r.start === 0) causes.push({ field, message: `Invalid value: ${JSON.stringify(v)}: must not include UID 0` });
  }
  if (causes.length > 0) throw invalid('Namespace', '', name, causes);
}

/**
 * namespaceRanges is the admission plugin: on namespace CREATE it replaces any client-set range
 * annotations with a fresh block; on UPDATE it restores dropped ones and lets only cluster security
 * admins change them (to well-formed, non-overlapping values).
 */
export function namespaceRanges(deps: { authorizer: Authorizer; allocator: RangeAllocator }): AdmissionPlugin {
  return {
    name: 'NamespaceRanges',
    admit(a) {
      if (a.group !== '' || a.resource !== 'namespaces' || !a.object) return;
      const meta = a.object.metadata;
      if (a.operation === 'CREATE') {
        meta.annotations = { ...(meta.annotations ?? {}), ...deps.allocator.allocate(a.dryRun) };
        return;
      }
      if (a.operation !== 'UPDATE' || !a.oldObject) return;
      const old = a.oldObject.metadata.annotations ?? {};
      const ann: Record<string, string> = { ...(meta.annotations ?? {}) };
      const changed: string[] = [];
      for (const k of RANGE_KEYS) {
        if (ann[k] === undefined && old[k] !== undefined) ann[k] = old[k];
        else if (ann[k] !== old[k]) changed.push(k);
      }
      meta.annotations = ann;
      if (changed.length === 0) return;
      if (!isClusterSecurityAdmin(deps.authorizer, a.user)) {
        throw forbidden(`namespaces "${a.name}" is forbidden: only cluster admins may change ${changed.join(', ')}`, 'namespaces', '', a.name);
      }
      validateChangedRanges(a.store, a.name, ann, changed);
    },
  };
}
