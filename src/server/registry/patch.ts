// Patch engines for the PATCH verb and `kubectl apply`: RFC 7386 JSON merge
// patch, RFC 6902 JSON patch, Kubernetes strategic merge patch, and a
// pragmatic server-side apply built on the latter.
//
// Every engine treats its inputs as immutable JSON values: it deep-clones the
// target once, edits that private copy, and copies anything it takes from the
// patch, so the result shares no objects with either input and callers may
// mutate it (e.g. to stamp metadata) without corrupting stored state.

import { isRecord } from '../../shared/json';

/**
 * PatchError is every failure to apply a patch. Its message is specific and
 * safe to return verbatim in a 422/400 metav1.Status (it never contains more
 * than field paths, directive names and the patch's own values — never a value
 * read from the target).
 */
export class PatchError extends Error {
  /** kind tells the caller which Status fits: Invalid (422), TooLarge (413) or ReadForbidden (403). */
  constructor(message: string, readonly kind: 'Invalid' | 'TooLarge' | 'ReadForbidden' = 'Invalid') {
    super(message);
    this.name = 'PatchError';
  }
}

type JsonObject = Record<string, unknown>;


// Bodies come from JSON.parse, which makes "__proto__" or "constructor" ordinary
// own keys; plain `o[k]` reads would see Object.prototype and `o[k] = v` writes
// would re-prototype the object, so all key access goes through these helpers.
function hasOwn(o: JsonObject, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function getOwn(o: JsonObject, k: string): unknown {
  return hasOwn(o, k) ? o[k] : undefined;
}

// "__proto__" is Object.prototype's only accessor, so it is the one key an assignment would not make an
// own member of; any other key assigns as a definition does (defineProperty costs several times more,
// which a patch of a pod — every member of it cloned — pays hundreds of times).
function setOwn(o: JsonObject, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}

function deepClone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepClone);
  if (isRecord(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) setOwn(out, k, deepClone(v[k]));
    return out;
  }
  return v;
}

// JSON value equality: member order of objects is irrelevant, array order is not.
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

// valueKey is a string that two JSON values share exactly when deepEqual holds (object members sorted,
// array order kept). List merges index items by it, so they stay linear in the list sizes: a patch of a
// few hundred thousand items must not cost a quadratic number of comparisons.
function valueKey(v: unknown): string {
  if (v === null || typeof v !== 'object') return `${typeof v}:${String(v)}`;
  return `j:${stableJson(v)}`;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (isRecord(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

// ---------------------------------------------------------------------------
// RFC 7386 JSON merge patch
// ---------------------------------------------------------------------------

/**
 * applyMergePatch applies an RFC 7386 JSON merge patch: a patch object is
 * merged member by member (recursively into object members, a `null` member
 * deletes), and any non-object patch replaces the target outright. A non-object
 * target under an object patch is treated as `{}`. Neither input is mutated and
 * the result shares no objects with them. Never throws.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  return mergePatchOwned(deepClone(target), patch);
}

// `target` is already a private copy, so it can be edited in place.
function mergePatchOwned(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return deepClone(patch);
  const out: JsonObject = isRecord(target) ? target : {};
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    // undefined cannot come from JSON; treat it as "member absent" rather than storing it.
    if (v === undefined) continue;
    if (v === null) delete out[k];
    else setOwn(out, k, mergePatchOwned(getOwn(out, k), v));
  }
  return out;
}

// ---------------------------------------------------------------------------
// RFC 6902 JSON patch
// ---------------------------------------------------------------------------

const JSON_PATCH_OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/**
 * applyJsonPatch applies an RFC 6902 JSON patch (add, remove, replace, move,
 * copy, test; RFC 6901 pointers with ~0/~1 escapes; `-` appends to an array).
 * Operations apply in order to a private copy and the patch is atomic: the
 * first failing operation throws a PatchError (malformed operation, unknown op,
 * missing path, bad array index, failing test) and nothing is returned. Members
 * other than op/path/from/value are ignored, as the RFC requires. Neither input
 * is mutated and the result shares no objects with them.
 */
export function applyJsonPatch(target: unknown, ops: unknown, limits: JsonPatchLimits = {}): unknown {
  if (!Array.isArray(ops)) throw new PatchError('invalid JSON patch: expected an array of operations');
  const maxOps = limits.maxOperations ?? MAX_JSON_PATCH_OPERATIONS;
  if (ops.length > maxOps) throw new PatchError(`invalid JSON patch: the allowed maximum operations in a JSON patch is ${maxOps}, got ${ops.length}`, 'TooLarge');
  const budget = { copied: 0, max: limits.maxCopyBytes ?? MAX_JSON_PATCH_COPY_BYTES };
  if (limits.readOps === false) {
    ops.forEach((raw, index) => {
      const op = isRecord(raw) ? getOwn(raw, 'op') : undefined;
      if (op === 'copy' || op === 'move' || op === 'test') throw new PatchError(`json patch operation ${index} (${op}) reads the existing object, which this request may not read`, 'ReadForbidden');
    });
  }
  let doc = deepClone(target);
  ops.forEach((raw, index) => {
    doc = applyJsonPatchOp(doc, raw, index, budget);
  });
  return doc;
}

/** MAX_JSON_PATCH_OPERATIONS is kube-apiserver's cap on the operations of one JSON patch. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/**
 * MAX_JSON_PATCH_COPY_BYTES caps the serialized size of everything one JSON patch copies (evanphx/json-patch's
 * AccumulatedCopySizeLimit): repeated `copy` ops double an object each time, so a few KB of patch would
 * otherwise build gigabytes.
 */
export const MAX_JSON_PATCH_COPY_BYTES = 3 * 1024 * 1024;

/**
 * JsonPatchLimits bound one applyJsonPatch call. `readOps: false` refuses, before anything applies, every
 * operation that reads the existing document (copy, move, test): used for subjects that may write an
 * object but not read it (a developer patching a secret), for whom such ops would copy a value they may not
 * see into a field they do see, or answer a yes/no question about it.
 */
export interface JsonPatchLimits { maxOperations?: number; maxCopyBytes?: number; readOps?: boolean }

// jsonSize is the length of JSON.stringify(v), counted iteratively and abandoned once past `limit`
// (so measuring a huge value costs no more than the budget it is checked against).
function jsonSize(v: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    if (Array.isArray(x)) { size += 2 + Math.max(0, x.length - 1); for (const c of x) stack.push(c); } else if (isRecord(x)) {
      const keys = Object.keys(x);
      size += 2 + Math.max(0, keys.length - 1);
      for (const k of keys) { size += k.length + 3; stack.push(x[k]); }
    } else if (typeof x === 'string') size += x.length + 2;
    else size += String(x).length;
    if (size > limit) return size;
  }
  return size;
}

function applyJsonPatchOp(doc: unknown, raw: unknown, index: number, budget: { copied: number; max: number }): unknown {
  if (!isRecord(raw)) throw new PatchError(`invalid JSON patch: operation ${index} is not an object`);
  const op = getOwn(raw, 'op');
  if (op === undefined) throw new PatchError(`invalid JSON patch: operation ${index} is missing "op"`);
  if (typeof op !== 'string' || !JSON_PATCH_OPS.has(op)) throw new PatchError(`invalid JSON patch: op ${JSON.stringify(op)} unknown`);
  const pointer = getOwn(raw, 'path');
  if (typeof pointer !== 'string') throw new PatchError(`invalid JSON patch: operation ${index} (${op}) is missing a string "path"`);
  const path = parsePointer(pointer, 'path');

  // "value" may legitimately be null, so presence is checked with hasOwn, not by value.
  const value = (): unknown => {
    if (!hasOwn(raw, 'value')) throw new PatchError(`invalid JSON patch: operation ${index} (${op}) is missing "value"`);
    return deepClone(raw.value);
  };
  const from = (): { pointer: string; tokens: string[] } => {
    const f = getOwn(raw, 'from');
    if (typeof f !== 'string') throw new PatchError(`invalid JSON patch: operation ${index} (${op}) is missing a string "from"`);
    return { pointer: f, tokens: parsePointer(f, 'from') };
  };

  switch (op) {
    case 'add':
      return addAt(doc, path, value(), pointer, op);
    case 'remove':
      return removeAt(doc, path, pointer, op);
    case 'replace': {
      const v = value();
      // The target must exist before it can be replaced (unlike add).
      lookup(doc, path, pointer, op);
      if (path.length === 0) return v;
      const parent = lookup(doc, path.slice(0, -1), pointer, op);
      const last = path[path.length - 1];
      if (Array.isArray(parent)) parent[arrayIndex(last, parent, pointer, op, false)] = v;
      else setOwn(parent as JsonObject, last, v);
      return doc;
    }
    case 'move': {
      const src = from();
      // Moving a value into its own child would orphan it (RFC 6902 §4.4).
      if (pointer.startsWith(`${src.pointer}/`)) {
        throw new PatchError(`json patch move operation failed: cannot move "${src.pointer}" into its own child "${pointer}"`);
      }
      const v = lookup(doc, src.tokens, src.pointer, op);
      if (src.pointer === pointer) return doc;
      return addAt(removeAt(doc, src.tokens, src.pointer, op), path, v, pointer, op);
    }
    case 'copy': {
      const src = from();
      const v = lookup(doc, src.tokens, src.pointer, op);
      budget.copied += jsonSize(v, budget.max - budget.copied + 1);
      if (budget.copied > budget.max) throw new PatchError(`json patch copy operation failed: the values copied by this patch exceed ${budget.max} bytes`, 'TooLarge');
      return addAt(doc, path, deepClone(v), pointer, op);
    }
    default: {
      // test
      const expected = value();
      const actual = lookup(doc, path, pointer, op);
      if (!deepEqual(actual, expected)) {
        // The current value is never quoted: an error must not disclose what the document holds.
        throw new PatchError(`json patch test operation failed at ${pointer || '""'}: the value does not equal the one given`);
      }
      return doc;
    }
  }
}

// parsePointer splits an RFC 6901 pointer into unescaped reference tokens.
function parsePointer(pointer: string, member: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new PatchError(`invalid JSON patch: ${member} ${JSON.stringify(pointer)} is not a JSON pointer (must be empty or start with "/")`);
  }
  return pointer.slice(1).split('/').map((token) => {
    if (/~(?![01])/.test(token)) throw new PatchError(`invalid JSON patch: ${member} ${JSON.stringify(pointer)} has an invalid "~" escape`);
    // ~1 before ~0, so "~01" decodes to "~1" and not "/" (RFC 6901 §4).
    return token.replace(/~1/g, '/').replace(/~0/g, '~');
  });
}

// arrayIndex validates an array reference token; `insert` allows index == length and "-".
function arrayIndex(token: string, arr: unknown[], pointer: string, op: string, insert: boolean): number {
  if (token === '-') {
    if (insert) return arr.length;
    throw new PatchError(`json patch ${op} operation failed at ${pointer}: "-" does not refer to an existing array element`);
  }
  // RFC 6901 forbids leading zeros and signs; Number() alone would accept "01", "+1", "1e0".
  if (!/^(0|[1-9][0-9]*)$/.test(token)) {
    throw new PatchError(`json patch ${op} operation failed at ${pointer}: ${JSON.stringify(token)} is not a valid array index`);
  }
  const i = Number(token);
  if (i > (insert ? arr.length : arr.length - 1)) {
    throw new PatchError(`json patch ${op} operation failed at ${pointer}: index ${i} is out of bounds for an array of length ${arr.length}`);
  }
  return i;
}

// lookup returns the value at `tokens`, or throws naming the whole pointer.
function lookup(doc: unknown, tokens: string[], pointer: string, op: string): unknown {
  let cur = doc;
  for (const token of tokens) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(token, cur, pointer, op, false)];
    else if (isRecord(cur) && hasOwn(cur, token)) cur = cur[token];
    else throw new PatchError(`json patch ${op} operation failed at ${pointer}: path does not exist`);
  }
  return cur;
}

// addAt inserts or sets `value`; the parent container must already exist (RFC 6902 §4.1).
function addAt(doc: unknown, tokens: string[], value: unknown, pointer: string, op: string): unknown {
  if (tokens.length === 0) return value;
  const parent = lookup(doc, tokens.slice(0, -1), pointer, op);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent, pointer, op, true), 0, value);
  else if (isRecord(parent)) setOwn(parent, last, value);
  else throw new PatchError(`json patch ${op} operation failed at ${pointer}: parent is not an object or array`);
  return doc;
}

function removeAt(doc: unknown, tokens: string[], pointer: string, op: string): unknown {
  if (tokens.length === 0) throw new PatchError(`json patch ${op} operation failed: cannot remove the whole document`);
  const parent = lookup(doc, tokens.slice(0, -1), pointer, op);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent, pointer, op, false), 1);
  else if (isRecord(parent) && hasOwn(parent, last)) delete parent[last];
  else throw new PatchError(`json patch ${op} operation failed at ${pointer}: path does not exist`);
  return doc;
}

// ---------------------------------------------------------------------------
// Strategic merge patch
// ---------------------------------------------------------------------------

// ListPolicy is the `patchStrategy`/`patchMergeKey` struct tag of one list
// field in the Kubernetes Go types. Lists absent from a kind's table are
// atomic: the patch's list replaces the live one.
interface ListPolicy {
  readonly strategy: 'merge' | 'replace';
  // Present for lists of objects merged by key; absent for primitive lists,
  // whose merge is a set union.
  readonly mergeKey?: string;
}

// Paths are dotted field names from the object root; `[]` steps into the items
// of a list, e.g. `spec.containers[].env`.
type PolicyTable = Readonly<Record<string, ListPolicy>>;

const mergeBy = (mergeKey: string): ListPolicy => ({ strategy: 'merge', mergeKey });
const MERGE_PRIMITIVES: ListPolicy = { strategy: 'merge' };
// Written out (though it is the default) where a reader might expect a merge.
const REPLACE: ListPolicy = { strategy: 'replace' };

const OBJECT_META_POLICY: PolicyTable = {
  'metadata.ownerReferences': mergeBy('uid'),
  'metadata.finalizers': MERGE_PRIMITIVES,
  'metadata.managedFields': REPLACE,
};

// podSpecPolicy is parameterised by where the PodSpec sits so that kinds with
// a pod template (`spec.template.spec`) can reuse it.
function podSpecPolicy(at: string): PolicyTable {
  const table: Record<string, ListPolicy> = {
    [`${at}.volumes`]: mergeBy('name'),
    [`${at}.imagePullSecrets`]: mergeBy('name'),
    [`${at}.hostAliases`]: mergeBy('ip'),
    [`${at}.tolerations`]: REPLACE,
    [`${at}.topologySpreadConstraints`]: mergeBy('topologyKey'),
    [`${at}.resourceClaims`]: mergeBy('name'),
    [`${at}.schedulingGates`]: mergeBy('name'),
  };
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    table[`${at}.${list}`] = mergeBy('name');
    table[`${at}.${list}[].env`] = mergeBy('name');
    table[`${at}.${list}[].ports`] = mergeBy('containerPort');
    table[`${at}.${list}[].volumeMounts`] = mergeBy('mountPath');
    table[`${at}.${list}[].volumeDevices`] = mergeBy('devicePath');
  }
  return table;
}

// STRATEGIC_MERGE_POLICIES is the per-kind list table. Kinds not listed here
// get no table at all, which makes strategic merge behave as a JSON merge patch.
const STRATEGIC_MERGE_POLICIES: Readonly<Record<string, PolicyTable>> = {
  Pod: {
    ...OBJECT_META_POLICY,
    ...podSpecPolicy('spec'),
    'status.conditions': mergeBy('type'),
    'status.podIPs': mergeBy('ip'),
    'status.hostIPs': mergeBy('ip'),
    'status.resourceClaimStatuses': mergeBy('name'),
  },
  Namespace: { ...OBJECT_META_POLICY, 'spec.finalizers': REPLACE, 'status.conditions': mergeBy('type') },
  ServiceAccount: { ...OBJECT_META_POLICY, secrets: mergeBy('name'), imagePullSecrets: mergeBy('name') },
  Secret: OBJECT_META_POLICY,
  ConfigMap: OBJECT_META_POLICY,
  Event: OBJECT_META_POLICY,
  Role: { ...OBJECT_META_POLICY, rules: REPLACE },
  ClusterRole: { ...OBJECT_META_POLICY, rules: REPLACE, 'aggregationRule.clusterRoleSelectors': REPLACE },
  RoleBinding: { ...OBJECT_META_POLICY, subjects: REPLACE },
  ClusterRoleBinding: { ...OBJECT_META_POLICY, subjects: REPLACE },
  Deployment: { ...OBJECT_META_POLICY, ...podSpecPolicy('spec.template.spec'), 'status.conditions': mergeBy('type') },
  ReplicaSet: { ...OBJECT_META_POLICY, ...podSpecPolicy('spec.template.spec'), 'status.conditions': mergeBy('type') },
  Job: { ...OBJECT_META_POLICY, ...podSpecPolicy('spec.template.spec'), 'status.conditions': mergeBy('type') },
  EndpointSlice: { ...OBJECT_META_POLICY, endpoints: REPLACE, ports: REPLACE },
  Node: {
    ...OBJECT_META_POLICY,
    'spec.podCIDRs': MERGE_PRIMITIVES,
    'spec.taints': REPLACE,
    'status.conditions': mergeBy('type'),
    'status.addresses': mergeBy('type'),
  },
};

const NO_POLICY: PolicyTable = {};

function policyAt(table: PolicyTable, path: string): ListPolicy | undefined {
  return Object.prototype.hasOwnProperty.call(table, path) ? table[path] : undefined;
}

const PATCH_DIRECTIVE = '$patch';
const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList/';

// Only these exact spellings are directives: ordinary data may use other
// `$` keys (e.g. `$ref`/`$schema` in CRD schemas) and must pass through.
function isDirectiveKey(k: string): boolean {
  return k === PATCH_DIRECTIVE || k === RETAIN_KEYS_DIRECTIVE || k.startsWith(SET_ELEMENT_ORDER_PREFIX) || k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX);
}

// Returned by smpMap for `$patch: delete`; the caller removes the field.
const DELETED: unique symbol = Symbol('deleted');

function at(path: string): string {
  return path === '' ? 'the top level' : `"${path}"`;
}

function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * applyStrategicMergePatch applies a Kubernetes strategic merge patch, as sent
 * by client-side `kubectl apply`, `kubectl edit` and `kubectl patch`.
 *
 * Maps merge as in RFC 7386 (null deletes). Lists follow the per-kind table
 * above: keyed lists merge item by item on their merge key (matched items
 * merge recursively, new items are appended), merge-strategy primitive lists
 * are unioned, and all other lists are replaced. Directives: `$patch: replace`
 * (map: becomes exactly the patch; list item: the list becomes the other patch
 * items), `$patch: delete` (map: the field is removed; keyed list item: the
 * matching item is removed), `$retainKeys`, `$deleteFromPrimitiveList/<f>`,
 * and `$setElementOrder/<f>` (listed items first in the given order, the rest
 * after in their existing relative order). Kinds without a table fall back to
 * JSON merge patch semantics (directives are still honoured).
 *
 * Invariants: the patch must be a JSON object (else PatchError); a non-object
 * target is treated as `{}`; no directive key appears in the result; neither
 * input is mutated and the result shares no objects with them. Malformed
 * directives or keyed items without their merge key throw PatchError.
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown, kind: string): unknown {
  if (!isRecord(patch)) {
    throw new PatchError(`invalid strategic merge patch: expected a JSON object, got ${Array.isArray(patch) ? 'an array' : JSON.stringify(patch)}`);
  }
  const table = Object.prototype.hasOwnProperty.call(STRATEGIC_MERGE_POLICIES, kind) ? STRATEGIC_MERGE_POLICIES[kind] : NO_POLICY;
  const base = isRecord(target) ? (deepClone(target) as JsonObject) : {};
  const merged = smpMap(base, patch, '', table);
  // `$patch: delete` on the whole object leaves nothing; an empty map is the closest JSON object.
  return merged === DELETED ? {} : merged;
}

// smpMap merges `patch` into `original`, which is a private copy and is edited in place.
function smpMap(original: JsonObject, patch: JsonObject, path: string, table: PolicyTable): JsonObject | typeof DELETED {
  if (hasOwn(patch, PATCH_DIRECTIVE)) {
    const directive = patch[PATCH_DIRECTIVE];
    if (directive === 'delete') return DELETED;
    if (directive === 'replace') {
      // Merging the rest into an empty map (rather than copying it) still
      // applies nested directives and drops nulls, so none reach the output.
      const rest: JsonObject = {};
      for (const k of Object.keys(patch)) if (k !== PATCH_DIRECTIVE) setOwn(rest, k, patch[k]);
      return smpMap({}, rest, path, table);
    }
    if (directive !== 'merge') throw new PatchError(`invalid strategic merge patch: unknown $patch directive ${JSON.stringify(directive)} at ${at(path)}`);
  }

  if (hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) retainKeys(original, patch, path);

  const keys = Object.keys(patch);
  // Deletions first, so a patch may both remove and add items of one list.
  for (const k of keys) {
    if (!k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) continue;
    const field = k.slice(DELETE_FROM_PRIMITIVE_LIST_PREFIX.length);
    const remove = patch[k];
    if (!Array.isArray(remove)) throw new PatchError(`invalid strategic merge patch: ${k} at ${at(path)} must be a list`);
    const current = getOwn(original, field);
    const gone = new Set(remove.map(valueKey));
    if (Array.isArray(current)) setOwn(original, field, current.filter((item) => !gone.has(valueKey(item))));
  }

  for (const k of keys) {
    if (isDirectiveKey(k)) continue;
    const value = patch[k];
    if (value === undefined) continue;
    if (value === null) {
      delete original[k];
      continue;
    }
    const current = getOwn(original, k);
    if (isRecord(value)) {
      // A map patch over a non-map (or absent) field merges into {} so its own directives and nulls are applied, not stored.
      const merged = smpMap(isRecord(current) ? current : {}, value, childPath(path, k), table);
      if (merged === DELETED) delete original[k];
      else setOwn(original, k, merged);
    } else if (Array.isArray(value)) {
      setOwn(original, k, smpList(Array.isArray(current) ? current : [], value, childPath(path, k), table));
    } else {
      setOwn(original, k, value);
    }
  }

  // Ordering last, so it sees the merged list including appended items.
  for (const k of keys) {
    if (!k.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const field = k.slice(SET_ELEMENT_ORDER_PREFIX.length);
    const order = patch[k];
    if (!Array.isArray(order)) throw new PatchError(`invalid strategic merge patch: ${k} at ${at(path)} must be a list`);
    const policy = policyAt(table, childPath(path, field));
    const current = getOwn(original, field);
    // Replaced lists already carry the patch's order.
    if (policy?.strategy !== 'merge' || !Array.isArray(current)) continue;
    setOwn(original, field, reorder(current, order, policy.mergeKey, childPath(path, field)));
  }
  return original;
}

// retainKeys drops every field of `original` not named in `$retainKeys`; the
// patch itself may only set retained fields (as in Kubernetes).
function retainKeys(original: JsonObject, patch: JsonObject, path: string): void {
  const keep = patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(keep) || !keep.every((k) => typeof k === 'string')) {
    throw new PatchError(`invalid strategic merge patch: $retainKeys at ${at(path)} must be a list of field names`);
  }
  for (const k of Object.keys(patch)) {
    if (isDirectiveKey(k) || patch[k] === null) continue;
    if (!keep.includes(k)) throw new PatchError(`invalid strategic merge patch: field "${k}" at ${at(path)} is set but not listed in $retainKeys`);
  }
  for (const k of Object.keys(original)) if (!keep.includes(k)) delete original[k];
}

// smpList merges a patch list into `original`, a private copy.
function smpList(original: unknown[], patch: unknown[], path: string, table: PolicyTable): unknown[] {
  const policy = policyAt(table, path);
  const itemPath = `${path}[]`;

  // Split out the special `{$patch: ...}` items, which are instructions about the list, not members of it.
  let replace = policy?.strategy !== 'merge';
  const deletes: JsonObject[] = [];
  const items: unknown[] = [];
  for (const item of patch) {
    if (!isRecord(item) || !hasOwn(item, PATCH_DIRECTIVE)) {
      items.push(item);
      continue;
    }
    const directive = item[PATCH_DIRECTIVE];
    if (directive === 'replace') replace = true;
    else if (directive === 'delete') deletes.push(item);
    else throw new PatchError(`invalid strategic merge patch: unsupported $patch directive ${JSON.stringify(directive)} in list ${at(path)}`);
  }

  // Kubernetes takes a replacing list verbatim; only directive keys are removed.
  if (replace || policy === undefined) return items.map(stripDirectives);

  let result = original;
  const key = policy.mergeKey;
  const deleteKeys = new Set<string>();
  for (const d of deletes) {
    if (key === undefined) throw new PatchError(`invalid strategic merge patch: $patch: delete in list ${at(path)}, which has no merge key`);
    if (!hasOwn(d, key)) throw new PatchError(`invalid strategic merge patch: $patch: delete item in list ${at(path)} does not contain merge key "${key}"`);
    deleteKeys.add(valueKey(d[key]));
  }
  if (deleteKeys.size > 0) result = result.filter((x) => !(isRecord(x) && key !== undefined && hasOwn(x, key) && deleteKeys.has(valueKey(x[key]))));
  if (items.length === 0) return result;

  if (items.every((i) => !isRecord(i))) {
    // A set union that also de-duplicates the live list, as Kubernetes does.
    const out: unknown[] = [];
    const seen = new Set<string>();
    for (const x of [...result, ...items]) {
      const k = valueKey(x);
      if (!seen.has(k)) { seen.add(k); out.push(deepClone(x)); }
    }
    return out;
  }
  if (!items.every(isRecord)) throw new PatchError(`invalid strategic merge patch: list ${at(path)} mixes objects and primitive values`);
  if (key === undefined) throw new PatchError(`invalid strategic merge patch: cannot merge list ${at(path)} of objects without a merge key`);

  // First index of each merge-key value in the list, kept up to date as items are appended.
  const index = new Map<string, number>();
  result.forEach((x, i) => {
    if (isRecord(x) && hasOwn(x, key)) { const k = valueKey(x[key]); if (!index.has(k)) index.set(k, i); }
  });
  for (const item of items as JsonObject[]) {
    if (!hasOwn(item, key)) throw new PatchError(`invalid strategic merge patch: item in list ${at(path)} does not contain merge key "${key}"`);
    const k = valueKey(item[key]);
    const idx = index.get(k) ?? -1;
    if (idx < 0) index.set(k, result.length);
    // Items carrying $patch were split out above, so smpMap cannot return DELETED here.
    if (idx >= 0) result[idx] = smpMap(result[idx] as JsonObject, item, itemPath, table);
    else result.push(smpMap({}, item, itemPath, table));
  }
  return result;
}

// stripDirectives copies a value taken verbatim from the patch, removing
// directive keys at any depth and list-level `$patch` marker items.
function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v
      .filter((x) => !(isRecord(x) && (getOwn(x, PATCH_DIRECTIVE) === 'delete' || getOwn(x, PATCH_DIRECTIVE) === 'replace')))
      .map(stripDirectives);
  }
  if (isRecord(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) if (!isDirectiveKey(k)) setOwn(out, k, stripDirectives(v[k]));
    return out;
  }
  return v;
}

// reorder applies `$setElementOrder`: items named in `order` come first in that
// order, then the unnamed ones in their existing relative order.
function reorder(list: unknown[], order: unknown[], mergeKey: string | undefined, path: string): unknown[] {
  const orderKeys = order.map((o) => {
    if (mergeKey === undefined) return o;
    if (!isRecord(o) || !hasOwn(o, mergeKey)) {
      throw new PatchError(`invalid strategic merge patch: $setElementOrder for ${at(path)} has an item without merge key "${mergeKey}"`);
    }
    return o[mergeKey];
  });
  const keyOf = (x: unknown): unknown => (mergeKey !== undefined && isRecord(x) ? getOwn(x, mergeKey) : x);
  const rankOf = new Map<string, number>();
  orderKeys.forEach((k, i) => { const vk = valueKey(k); if (!rankOf.has(vk)) rankOf.set(vk, i); });
  const ranked = list.map((item, pos) => ({ item, pos, rank: rankOf.get(valueKey(keyOf(item))) ?? -1 }));
  const listed = ranked.filter((r) => r.rank >= 0).sort((a, b) => a.rank - b.rank || a.pos - b.pos);
  const unlisted = ranked.filter((r) => r.rank < 0);
  return [...listed, ...unlisted].map((r) => r.item);
}

// ---------------------------------------------------------------------------
// Server-side apply
// ---------------------------------------------------------------------------

/**
 * applyServerSideApply is a pragmatic stand-in for `kubectl apply
 * --server-side`: with no live object it returns (a copy of) `applied`;
 * otherwise it returns `applied` strategic-merged onto `live` for `kind`.
 *
 * Limitation: there is no managedFields bookkeeping and no field-manager
 * conflict detection, so it never reports a conflict, and a field dropped from
 * the applied configuration is NOT removed from the live object (real SSA
 * removes fields the manager previously owned). Throws PatchError only when
 * `applied` is not an object. Neither input is mutated.
 */
export function applyServerSideApply(live: unknown | undefined, applied: unknown, kind: string): unknown {
  if (live === undefined) return deepClone(applied);
  return applyStrategicMergePatch(live, applied, kind);
}
