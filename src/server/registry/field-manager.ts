import type { KubeObject } from '../../shared/api/meta';
import { deepEqual } from '../../shared/api/equal';
import { kubeTime } from '../../shared/api/meta';
import { jsonClone } from '../../shared/api/clone';
import { isRecord } from '../../shared/json';

// Server-side apply and field ownership (upstream's structured-merge-diff, in the shape kube-apiserver
// serves it): every write records which manager owns which fields in metadata.managedFields
// (FieldsV1). An apply by manager M owns exactly the fields of its applied configuration: fields it
// stops applying are removed (unless another manager owns them too), a field another manager owns
// with a different value is a conflict (409 naming managers and fields) unless forced, which takes
// the ownership over. Lists follow the schema's semantics: list-maps merge by key (containers by name,
// ports by containerPort+protocol, …), sets by value (finalizers), everything else is atomic.

/** FieldSet is a FieldsV1 tree: `f:<field>`, `k:<key json>`, `v:<value json>` children; `.` marks the element itself. */
export type FieldSet = { [k: string]: FieldSet };

/** ManagedFieldsEntry is meta/v1 ManagedFieldsEntry. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldSet;
  subresource?: string;
}

/** managedFieldsOf reads an object's managedFields (stored objects only hold entries the server wrote). */
export function managedFieldsOf(o: KubeObject | undefined): ManagedFieldsEntry[] {
  return (o?.metadata.managedFields ?? []) as unknown as ManagedFieldsEntry[];
}

/** Conflict is one field another manager owns with a different value. */
export interface Conflict { manager: string; apiVersion: string; field: string }

/** ApplyConflictError carries the conflicts of an apply (the registry renders a 409). */
export class ApplyConflictError extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super(ApplyConflictError.render(conflicts));
  }

  /** render is upstream's message: one conflict inline, several as a list per manager. */
  static render(conflicts: Conflict[]): string {
    if (conflicts.length === 1) {
      const c = conflicts[0];
      return `Apply failed with 1 conflict: conflict with "${c.manager}" using ${c.apiVersion}: ${c.field}`;
    }
    const byManager = new Map<string, Conflict[]>();
    for (const c of conflicts) byManager.set(`${c.manager}\0${c.apiVersion}`, [...(byManager.get(`${c.manager}\0${c.apiVersion}`) ?? []), c]);
    const parts = [...byManager.values()].map((cs) => `conflicts with "${cs[0].manager}" using ${cs[0].apiVersion}:\n${cs.map((c) => `- ${c.field}`).join('\n')}`);
    return `Apply failed with ${conflicts.length} conflicts: ${parts.join('\n')}`;
  }
}

type ListKind = { type: 'map'; keys: readonly string[] } | { type: 'set' } | { type: 'atomic' };

// The list kinds, built once (fieldsInto asks for one per list of every write). Each map's keys are sorted.
const MAP_BY_NAME: ListKind = { type: 'map', keys: ['name'] };
const MAP_BY_SERVICE_PORT: ListKind = { type: 'map', keys: ['port', 'protocol'] };
const MAP_BY_CONTAINER_PORT: ListKind = { type: 'map', keys: ['containerPort', 'protocol'] };
const MAP_BY_MOUNT_PATH: ListKind = { type: 'map', keys: ['mountPath'] };
const MAP_BY_UID: ListKind = { type: 'map', keys: ['uid'] };
const MAP_BY_TYPE: ListKind = { type: 'map', keys: ['type'] };
const SET: ListKind = { type: 'set' };
const ATOMIC: ListKind = { type: 'atomic' };

/**
 * listKind gives a list's semantics from where it is (the field name and its parent's), as the schemas
 * declare them (x-kubernetes-list-type / -list-map-keys; see http/openapi.ts). Do not mutate the result.
 */
export function listKind(path: readonly string[]): ListKind {
  return listKindAt(path[path.length - 1], path[path.length - 2]);
}

/** listKindAt is listKind of the list `name` in the field `parent` (undefined at the top). */
function listKindAt(name: string | undefined, parent: string | undefined): ListKind {
  switch (name) {
    case 'containers': case 'initContainers': case 'ephemeralContainers': case 'volumes': case 'env': case 'imagePullSecrets':
      return MAP_BY_NAME;
    case 'ports':
      return parent === 'spec' ? MAP_BY_SERVICE_PORT : MAP_BY_CONTAINER_PORT;
    case 'volumeMounts': return MAP_BY_MOUNT_PATH;
    case 'ownerReferences': return MAP_BY_UID;
    case 'conditions': return MAP_BY_TYPE;
    case 'finalizers': return SET;
    default: return ATOMIC;
  }
}

/** IGNORED are the fields no manager owns (set by the server). */
const IGNORED_TOP = new Set(['apiVersion', 'kind', 'status']);
const IGNORED_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink']);

/**
 * itemKey is a list-map item's `k:{…}` path element for the given key fields: each key field's value
 * (a port's protocol defaults to TCP, as upstream's schema does) as JSON, keys sorted, unset ones left out.
 * `keys` must be sorted: the list kinds' are, by construction (a test pins it).
 */
export function itemKey(item: Record<string, unknown>, keys: readonly string[]): string {
  let out = 'k:{';
  let first = true;
  for (const key of keys) {
    const v = item[key] ?? (key === 'protocol' ? 'TCP' : undefined);
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** fieldsOf is the set of fields `value` (a whole object) sets. */
function fieldsOf(value: unknown): FieldSet {
  return isRecord(value) ? fieldsInto({}, value, TOP, undefined) : {};
}

/** hasKeys is `Object.keys(o).length > 0` without building the array. */
function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

// Where fieldsInto is: at the top of the object, in its metadata, or anywhere else.
const TOP = 0;
const METADATA = 1;
const INSIDE = 2;

/**
 * fieldsInto adds the fields of the object `value` (the field `name`, at `where`) to `out` and returns it
 * (a list-map item's set is built in place after its `.`, not spread from a copy: every create builds
 * its creator's whole set). It is called for every write, so it builds no paths: a list's kind needs
 * only its name and its parent's.
 */
function fieldsInto(out: FieldSet, value: Record<string, unknown>, where: number, name: string | undefined): FieldSet {
  for (const k in value) {
    const v = value[k];
    if (v === undefined) continue;
    if (where === TOP && IGNORED_TOP.has(k)) continue;
    if (where === METADATA && IGNORED_META.has(k)) continue;
    // A scalar is a leaf: no path to build for it (a map may hold hundreds of thousands of them).
    if (v === null || typeof v !== 'object') { out[`f:${k}`] = {}; continue; }
    if (Array.isArray(v)) {
      const lk = listKindAt(k, name);
      if (lk.type === 'map') {
        const items: FieldSet = {};
        for (const item of v) if (isRecord(item)) items[itemKey(item, lk.keys)] = fieldsInto({ '.': {} }, item, INSIDE, k);
        out[`f:${k}`] = items;
      } else if (lk.type === 'set') {
        const members: FieldSet = { '.': {} };
        for (const x of v) members[`v:${JSON.stringify(x)}`] = {};
        out[`f:${k}`] = members;
      } else out[`f:${k}`] = {};
    } else if (hasKeys(v)) {
      // An object whose every field is the server's (metadata with only a name) is not the manager's.
      const sub = fieldsInto({}, v as Record<string, unknown>, where === TOP && k === 'metadata' ? METADATA : INSIDE, k);
      if (hasKeys(sub)) out[`f:${k}`] = sub;
    } else out[`f:${k}`] = {};
  }
  return out;
}

/** leaves lists the leaf paths of a set (each a list of path elements). */
function leaves(set: FieldSet, prefix: string[] = [], out: string[][] = []): string[][] {
  // Accumulates into `out` (no spreading): a set may have hundreds of thousands of leaves.
  for (const k of Object.keys(set)) {
    const child = set[k];
    if (k === '.') out.push([...prefix, '.']);
    else if (Object.keys(child).length === 0) out.push([...prefix, k]);
    else leaves(child, [...prefix, k], out);
  }
  return out;
}

function has(set: FieldSet, path: string[]): boolean {
  let cur: FieldSet | undefined = set;
  for (const p of path) { cur = cur?.[p]; if (!cur) return false; }
  return true;
}

/** member is true when `path` is itself in the set (a leaf or a `.` element marker), not merely a prefix of members. */
function member(set: FieldSet, path: string[]): boolean {
  let cur: FieldSet | undefined = set;
  for (const p of path) { cur = cur?.[p]; if (!cur) return false; }
  return path[path.length - 1] === '.' || Object.keys(cur).length === 0;
}

function add(set: FieldSet, path: string[]): void {
  let cur = set;
  for (const p of path) cur = (cur[p] ??= {});
}

/** subtract removes `path` (a leaf) and prunes branches it leaves empty. */
function remove(set: FieldSet, path: string[]): void {
  const walk = (node: FieldSet, i: number): boolean => {
    const child = node[path[i]];
    if (!child) return false;
    if (i === path.length - 1) delete node[path[i]];
    else if (walk(child, i + 1) && Object.keys(child).length === 0) delete node[path[i]];
    return true;
  };
  walk(set, 0);
}

/** union is a set holding the members of both (a new tree: neither argument is changed or shared). */
function union(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = jsonClone(a);
  const into = (to: FieldSet, from: FieldSet): void => {
    for (const k of Object.keys(from)) {
      if (to[k]) into(to[k], from[k]);
      else to[k] = jsonClone(from[k]);
    }
  };
  into(out, b);
  return out;
}

/**
 * subtract removes every leaf of `tree` from `set` (as remove() does for each, the member's subtree with
 * it) and prunes the branches that leaves empty, in one walk of both trees. It tells whether any of
 * `tree`'s paths reached into `set`.
 */
function subtract(set: FieldSet, tree: FieldSet): boolean {
  let found = false;
  for (const k of Object.keys(tree)) {
    const child = set[k];
    if (!child) continue;
    found = true;
    const sub = tree[k];
    if (k === '.' || Object.keys(sub).length === 0) delete set[k];
    else if (subtract(child, sub) && Object.keys(child).length === 0) delete set[k];
  }
  return found;
}

// Per-list indexes, built once per array (lookups by key stay linear overall even for 20,000 items).
const itemIndexes = new WeakMap<unknown[], Map<string, Map<string, unknown>>>();
const memberIndexes = new WeakMap<unknown[], Set<string>>();

/** itemIndex maps a list-map's `k:{…}` strings (for the given key fields) to its items. */
function itemIndex(list: unknown[], keys: string[]): Map<string, unknown> {
  let byKeys = itemIndexes.get(list);
  if (!byKeys) itemIndexes.set(list, (byKeys = new Map()));
  // The keys come from a path element of stored managed fields, in whatever order it has.
  const sorted = keys.slice().sort();
  const id = sorted.join(',');
  let index = byKeys.get(id);
  if (!index) {
    index = new Map();
    for (const x of list) if (isRecord(x)) { const k = itemKey(x, sorted); if (!index.has(k)) index.set(k, x); }
    byKeys.set(id, index);
  }
  return index;
}

/** memberIndex is the set of a set-list's `v:…` strings. */
function memberIndex(list: unknown[]): Set<string> {
  let index = memberIndexes.get(list);
  if (!index) memberIndexes.set(list, (index = new Set(list.map((x) => `v:${JSON.stringify(x)}`))));
  return index;
}

/** isEmptySet is true for a set without members (a leaf), without listing its keys. */
function isEmptySet(set: FieldSet): boolean {
  for (const _ in set) return false;
  return true;
}

/** childValue steps from a value to the child one FieldsV1 path element names (as valueAt does for one step). */
function childValue(cur: unknown, p: string): unknown {
  if (p.startsWith('f:')) return isRecord(cur) ? cur[p.slice(2)] : undefined;
  if (p.startsWith('k:')) return Array.isArray(cur) ? itemIndex(cur, Object.keys(JSON.parse(p.slice(2)) as Record<string, unknown>)).get(p) : undefined;
  if (p.startsWith('v:')) return Array.isArray(cur) && memberIndex(cur).has(p) ? JSON.parse(p.slice(2)) : undefined;
  return undefined;
}

/** valueAt reads the value a field path names in an object (undefined when absent). */
function valueAt(obj: unknown, path: string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (p === '.') return cur;
    cur = childValue(cur, p);
  }
  return cur;
}

/** isSecretValue is true for a path into a secret's values (`data`, `stringData`), the fields a blind writer may not learn about. */
function isSecretValue(p: string[]): boolean {
  return p[0] === 'f:data' || p[0] === 'f:stringData';
}

/** sameValue compares field values as the API does: an empty map or list is the same as none (Go omits both). */
function sameValue(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || (isRecord(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);
  return (empty(a) && empty(b)) || deepEqual(a, b);
}

/** render is a path as upstream prints it: `.spec.containers[name="c"].image`, `.metadata.finalizers[="x"]`. */
function render(path: string[]): string {
  let out = '';
  for (const p of path) {
    if (p === '.') continue;
    if (p.startsWith('f:')) out += `.${p.slice(2)}`;
    else if (p.startsWith('k:')) out += `[${Object.entries(JSON.parse(p.slice(2)) as Record<string, unknown>).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    else if (p.startsWith('v:')) out += `[=${p.slice(2)}]`;
  }
  return out;
}

/** mergeApplied merges the applied configuration into the live object: maps by key, list-maps by key, sets by value, the rest replaced. */
function mergeApplied(live: unknown, applied: unknown, path: string[]): unknown {
  if (!isRecord(applied)) return jsonClone(applied);
  const out: Record<string, unknown> = isRecord(live) ? { ...live } : {};
  for (const [k, v] of Object.entries(applied)) {
    const here = [...path, k];
    if (v === null) { delete out[k]; continue; }
    if (Array.isArray(v)) {
      const lk = listKind(here);
      const cur = Array.isArray(out[k]) ? (out[k] as unknown[]) : [];
      if (lk.type === 'map') {
        const merged = cur.map((x) => x);
        const at = new Map<string, number>();
        merged.forEach((x, i) => { if (isRecord(x)) { const key = itemKey(x, lk.keys); if (!at.has(key)) at.set(key, i); } });
        for (const item of v) {
          if (!isRecord(item)) continue;
          const key = itemKey(item, lk.keys);
          const i = at.get(key);
          if (i !== undefined) merged[i] = mergeApplied(merged[i], item, here);
          else { at.set(key, merged.length); merged.push(jsonClone(item)); }
        }
        out[k] = merged;
      } else if (lk.type === 'set') {
        const seen = new Set(cur.map((x) => JSON.stringify(x)));
        out[k] = [...cur, ...v.filter((x) => !seen.has(JSON.stringify(x)))];
      } else out[k] = jsonClone(v);
    } else if (isRecord(v)) out[k] = mergeApplied(out[k], v, here);
    else out[k] = v;
  }
  return out;
}

/** removeField deletes what a field path names from an object (a list-map item or set member as a whole). */
function removeField(obj: Record<string, unknown>, path: string[]): void {
  const parts = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
  if (parts.length === 0) return;
  const parentPath = parts.slice(0, -1);
  const last = parts[parts.length - 1];
  const parent = parentPath.length ? valueAt(obj, parentPath) : obj;
  if (last.startsWith('f:') && isRecord(parent)) { delete parent[last.slice(2)]; return; }
  if ((last.startsWith('k:') || last.startsWith('v:')) && Array.isArray(parent)) {
    const victim = valueAt(obj, parts);
    const i = parent.findIndex((x) => x === victim || deepEqual(x, victim));
    if (i >= 0) parent.splice(i, 1);
  }
}

/** prune drops maps and lists an apply emptied (upstream does not leave `labels: {}` behind). */
function prune(obj: unknown, before: unknown): unknown {
  if (!isRecord(obj)) return obj;
  for (const [k, v] of Object.entries(obj)) {
    const was = isRecord(before) ? before[k] : undefined;
    if (isRecord(v)) {
      prune(v, was);
      if (Object.keys(v).length === 0 && !(isRecord(was) && Object.keys(was).length === 0)) delete obj[k];
    } else if (Array.isArray(v) && v.length === 0 && !(Array.isArray(was) && was.length === 0)) delete obj[k];
  }
  return obj;
}

const now = () => kubeTime();

/** entryFor finds a manager's entry for an operation. */
const entryFor = (fields: ManagedFieldsEntry[], manager: string, op: 'Apply' | 'Update') => fields.find((e) => e.manager === manager && e.operation === op && !e.subresource);

/** ApplyResult is the object an apply produces and its new managedFields. */
export interface ApplyResult { object: KubeObject; managedFields: ManagedFieldsEntry[] }

/**
 * serverSideApply applies `applied` as `manager` to `live` (undefined when creating). It throws
 * ApplyConflictError when another manager owns a field whose value the apply would change, unless `force`.
 * `blind` (the writer may not read the object): any field another manager owns conflicts, whatever its
 * value, so conflicts are no oracle for values the writer may not see.
 */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, manager: string, apiVersion: string, force: boolean, blind = false): ApplyResult {
  const managed: ManagedFieldsEntry[] = jsonClone(managedFieldsOf(live));
  const newSet = fieldsOf(applied);
  const mine = entryFor(managed, manager, 'Apply');
  const previous = mine?.fieldsV1 ?? {};
  // Conflicts: a field another manager owns, whose value the apply changes.
  const conflicts: Conflict[] = [];
  for (const e of managed) {
    if (e.manager === manager && e.operation === 'Apply') continue;
    for (const p of leaves(newSet)) {
      if (!member(e.fieldsV1, p) || p[p.length - 1] === '.') continue;
      // A blind writer (may not read the secret) conflicts on ownership alone where values are secret, so the answer says nothing about them.
      if (!(blind && isSecretValue(p)) && sameValue(valueAt(live, p), valueAt(applied, p))) continue;
      if (force) remove(e.fieldsV1, p);
      else conflicts.push({ manager: e.manager, apiVersion: e.apiVersion, field: render(p) });
    }
  }
  if (conflicts.length > 0) throw new ApplyConflictError(conflicts);
  // Shared ownership: a field applied with the value it has stays owned by the others too.
  let object = mergeApplied(live ?? {}, applied, []) as KubeObject;
  // Fields this manager applied before and no longer applies go, unless someone else owns them.
  const others = managed.filter((e) => !(e.manager === manager && e.operation === 'Apply'));
  for (const p of leaves(previous)) {
    if (member(newSet, p) || others.some((e) => member(e.fieldsV1, p))) continue;
    // A list-map item goes as a whole only when nothing else of it is owned.
    const item = p.findIndex((x) => x.startsWith('k:') || x.startsWith('v:'));
    if (item >= 0 && p[p.length - 1] !== '.' && (has(newSet, p.slice(0, item + 1)) || others.some((e) => has(e.fieldsV1, p.slice(0, item + 1))))) {
      removeField(object as unknown as Record<string, unknown>, p);
      continue;
    }
    removeField(object as unknown as Record<string, unknown>, item >= 0 ? p.slice(0, item + 1) : p);
  }
  object = prune(object, live) as KubeObject;
  const entry: ManagedFieldsEntry = { manager, operation: 'Apply', apiVersion, time: now(), fieldsType: 'FieldsV1', fieldsV1: newSet };
  const next = [...others.filter((e) => leaves(e.fieldsV1).length > 0), ...(leaves(newSet).length ? [entry] : [])];
  return { object, managedFields: order(next) };
}

/**
 * changedFields is the set of fields whose value differs between `before` and `after` (added, changed or
 * removed). One walk of each field set beside the values it names (each path element decoded once), not
 * a lookup from the root per field: linear in the size of the objects, however many fields they have.
 */
function changedFields(before: unknown, after: unknown, blind: boolean): { changed: FieldSet; removed: string[][] } {
  const beforeSet = fieldsOf(before);
  const afterSet = fieldsOf(after);
  const changed: FieldSet = {};
  const path: string[] = [];
  // A leaf of afterSet is changed when its values differ, when beforeSet lacks it, or (blind) when it is a secret value.
  const walk = (set: FieldSet, b: unknown, a: unknown, beforeNode: FieldSet | undefined): void => {
    for (const k of Object.keys(set)) {
      const child = set[k];
      const bn = beforeNode?.[k];
      path.push(k);
      if (k === '.') {
        if (!bn || !deepEqual(b, a) || (blind && isSecretValue(path))) add(changed, path);
      } else {
        let bv: unknown;
        let av: unknown;
        if (k.startsWith('f:')) {
          // The common step, with the field name cut once for both sides.
          const f = k.slice(2);
          bv = isRecord(b) ? b[f] : undefined;
          av = isRecord(a) ? a[f] : undefined;
        } else {
          bv = childValue(b, k);
          av = childValue(a, k);
        }
        if (!isEmptySet(child)) walk(child, bv, av, bn);
        else if (!bn || !deepEqual(bv, av) || (blind && isSecretValue(path))) add(changed, path);
      }
      path.pop();
    }
  };
  walk(afterSet, before, after, beforeSet);
  // Removed: the leaves of beforeSet that afterSet lacks.
  const removed: string[][] = [];
  const gone = (set: FieldSet, afterNode: FieldSet | undefined): void => {
    for (const k of Object.keys(set)) {
      const child = set[k];
      const an = afterNode?.[k];
      path.push(k);
      if (k === '.' || isEmptySet(child)) { if (!an) removed.push([...path]); }
      else gone(child, an);
      path.pop();
    }
  };
  gone(beforeSet, afterSet);
  return { changed, removed };
}

/**
 * trackUpdate records a non-apply write (create, update, patch) by `manager`: the fields it set or
 * changed become its own (operation Update), taken from other managers; fields it removed are
 * dropped from every manager. `blind` (the writer may not read the object): every field it sends counts
 * as changed, so the recorded ownership says nothing about values it may not see.
 */
export function trackUpdate(before: KubeObject | undefined, after: KubeObject, manager: string, apiVersion: string, blind = false): ManagedFieldsEntry[] {
  if (!before) {
    // A create: every field is the creator's (no comparison, no other manager to take from).
    const fields = fieldsOf(after);
    return Object.keys(fields).length ? [{ manager, operation: 'Update', apiVersion, time: now(), fieldsType: 'FieldsV1', fieldsV1: fields }] : [];
  }
  const managed: ManagedFieldsEntry[] = jsonClone(managedFieldsOf(before));
  const { changed, removed } = changedFields(before ?? {}, after, blind);
  if (Object.keys(changed).length === 0 && removed.length === 0) return managed;
  for (const e of managed) {
    if (e.manager === manager && e.operation === 'Update') continue;
    // What this write set is now its own alone; what it removed is nobody's.
    subtract(e.fieldsV1, changed);
    for (const p of removed) remove(e.fieldsV1, p);
  }
  let entry = entryFor(managed, manager, 'Update');
  if (!entry) managed.push(entry = { manager, operation: 'Update', apiVersion, time: now(), fieldsType: 'FieldsV1', fieldsV1: {} });
  for (const p of removed) remove(entry.fieldsV1, p);
  entry.fieldsV1 = union(entry.fieldsV1, changed);
  entry.time = now();
  // A set with any member has a leaf: no need to list them.
  return order(managed.filter((e) => Object.keys(e.fieldsV1).length > 0));
}

/** order keeps upstream's order: Apply entries first, then Update entries, each by time. */
function order(entries: ManagedFieldsEntry[]): ManagedFieldsEntry[] {
  return entries.sort((a, b) => (a.operation === b.operation ? a.time.localeCompare(b.time) : a.operation === 'Apply' ? -1 : 1));
}

/** managerFromUserAgent is upstream's default field manager: the User-Agent up to the first `/` (kubectl, Go-http-client …). */
export function managerFromUserAgent(ua: string | undefined): string {
  const s = (ua ?? '').split('/')[0].trim();
  return s.slice(0, 128) || 'unknown';
}
