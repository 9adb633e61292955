import { randomUUID } from 'node:crypto';
import type { DeleteOptions, Registry } from './registry';
import type { KubeObject } from '../../shared/api/meta';
import { groupVersion } from '../../shared/api/resources';
import { deepEqual } from '../../shared/api/equal';
import type { Operation } from '../admission/types';
import { admit } from './admit';
import { markDryRun } from '../http/dry-run';
import type { RequestContext } from '../http/context';
import { checkDepth, decodeBody, mediaType, PATCH_TYPES, readRawBody } from '../http/body';
import { decodeContinue, encodeContinue, parseLimit } from '../http/query';
import { alreadyExists, ApiError, badRequest, conflict, forbidden, gone, invalid, methodNotAllowed, noRoute, notFound } from '../http/status';
import { ConflictError, ExistsError, GoneError, MissingError } from '../storage/store';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError } from './patch';
import { MATCH_ALL, matchesFields, matchesRequirements, parseFieldSelector, parseLabelSelectorParam } from './selectors';
import type { Strategy } from './strategies';
import { parseFieldValidation, validateObject, withoutSpec } from './validation';
import { toPartialMetadata, toTable, wantsPartialMetadata, wantsTable } from './table';
import { watchStored } from './watch';
import { encoded, ok, type Served } from './storage';
import { servedJSON } from './served-json';
import { FOREGROUND_FINALIZER } from './garbage-collector';
import { ApplyConflictError, managerFromUserAgent, serverSideApply, trackUpdate, type ManagedFieldsEntry } from './field-manager';
import { kubeTime } from '../../shared/api/meta';
import { secretListView, secretNonReader, secretValueStrings, withheldSecretValues, withoutValueCopies, withoutValues } from './secrets/values';


/** PropagationPolicy is metav1.DeletionPropagation. */
type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

/** propagationPolicy reads propagationPolicy (or the legacy orphanDependents) from the body or the query; a bad value is a 400. */
function propagationPolicy(body: any, query: URLSearchParams): PropagationPolicy {
  const raw = body?.propagationPolicy ?? query.get('propagationPolicy') ?? undefined;
  if (raw === undefined || raw === null || raw === '') {
    const orphan = body?.orphanDependents ?? query.get('orphanDependents');
    return orphan === true || orphan === 'true' ? 'Orphan' : 'Background';
  }
  if (raw !== 'Orphan' && raw !== 'Background' && raw !== 'Foreground') throw badRequest(`propagationPolicy: Unsupported value: "${String(raw)}": supported values: "Foreground", "Background", "Orphan"`);
  return raw;
}


/** deleteOptions reads gracePeriodSeconds from the body (DeleteOptions) or the query; a bad value is a 400. */
function deleteOptions(body: any, query: URLSearchParams): DeleteOptions {
  const raw = body?.gracePeriodSeconds ?? query.get('gracePeriodSeconds') ?? undefined;
  if (raw === undefined || raw === null) return {};
  const n = typeof raw === 'number' || (typeof raw === 'string' && /^-?\d{1,18}$/.test(raw)) ? Number(raw) : NaN;
  if (!Number.isInteger(n)) throw badRequest(`invalid value for "gracePeriodSeconds": ${JSON.stringify(String(raw).slice(0, 40))}: must be an integer`);
  // Past ~68 years a deletion timestamp is no longer a date; such a grace period means "never" anyway.
  return { gracePeriodSeconds: Math.min(Math.max(0, n), 2 ** 31 - 1) };
}

/**
 * fieldManager is the request's field manager: `?fieldManager=` (at most 128 printable characters, as
 * upstream validates it), else the User-Agent's product (upstream's default for non-apply writes).
 */
function fieldManager(ctx: RequestContext, required: boolean): string {
  const m = ctx.query.get('fieldManager');
  if (m === null || m === '') {
    if (required) throw invalid('PatchOptions', 'meta.k8s.io', '', [{ field: 'fieldManager', message: 'Required value: is required for apply patch', type: 'FieldValueRequired' }]);
    return managerFromUserAgent(ctx.req.headers['user-agent']);
  }
  if (m.length > 128 || !/^[\x20-\x7e]+$/.test(m)) throw invalid('PatchOptions', 'meta.k8s.io', '', [{ field: 'fieldManager', message: 'Invalid value: must be at most 128 printable characters', type: 'FieldValueInvalid' }]);
  return m;
}

/**
 * isDryRun reads `dryRun=All` from the query (create/update/patch) or the body (delete); a dry run is
 * marked as such on the request's audit event.
 */
export function isDryRun(ctx: RequestContext, values: string[] | undefined): boolean {
  if (!values || values.length === 0) return false;
  for (const v of values) if (v !== 'All') throw badRequest(`Invalid value: "${v}": supported values: "All"`);
  markDryRun(ctx);
  return true;
}

/** Continue is where a paged list goes on: after (ns, name), at revision rv, with `seen` items already returned. */
interface Continue { ns: string; name: string; rv: number; seen: number }

/** readContinue checks a decoded continue token (http/query.ts holds the one codec). */
const readContinue = (v: Record<string, unknown>): Continue | undefined => (typeof v.ns === 'string' && typeof v.name === 'string' && typeof v.rv === 'number'
  ? { ns: v.ns, name: v.name, rv: v.rv, seen: Number.isInteger(v.seen) && (v.seen as number) >= 0 ? v.seen as number : 0 } : undefined);

export function objectFromBody(body: unknown): KubeObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the request body must be a JSON or YAML object');
  const o = body as KubeObject;
  if (o.metadata === undefined || o.metadata === null) o.metadata = {};
  if (typeof o.metadata !== 'object' || Array.isArray(o.metadata)) throw badRequest('metadata must be an object');
  return o;
}

function checkKind(s: Strategy, o: KubeObject): void {
  const gv = groupVersion(s.desc);
  if (o.kind !== undefined && o.kind !== s.desc.kind) throw badRequest(`the kind of the object in the body (${String(o.kind)}) does not match the kind of the resource (${s.desc.kind})`);
  if (o.apiVersion !== undefined && o.apiVersion !== gv) throw badRequest(`the API version in the data (${String(o.apiVersion)}) does not match the expected API version (${gv})`);
  o.apiVersion = gv;
  o.kind = s.desc.kind;
}

export function mapStoreError(e: unknown, s: Strategy, name: string): never {
  if (e instanceof ExistsError) throw alreadyExists(s.desc.resource, s.desc.group, name);
  if (e instanceof MissingError) throw notFound(s.desc.resource, s.desc.group, name);
  if (e instanceof ConflictError) throw conflict(s.desc.resource, s.desc.group, name, e.message);
  if (e instanceof GoneError) throw gone(e.message);
  throw e;
}

/** withApiShape sets apiVersion/kind (stored objects have them, but be defensive for older rows). */
function shaped(s: Strategy, o: KubeObject): KubeObject {
  return { apiVersion: groupVersion(s.desc), kind: s.desc.kind, ...o };
}


/**
 * written is the object a write answers with. A secret's values go back only to a subject that may
 * `get` it: a developer who creates, replaces or deletes a secret (allowed without `get`) receives its
 * metadata, type and key names, never the values (DESIGN: secrets are used without being seen).
 */
function written(reg: Registry, ctx: RequestContext, s: Strategy, o: KubeObject): KubeObject {
  const reader = !secretNonReader(reg, ctx, s, o.metadata.namespace ?? '', o.metadata.name ?? '');
  // A client that asked for metadata only (the console's secret writes) gets just that, reader or not.
  if (wantsPartialMetadata(ctx.req)) return toPartialMetadata(reader ? o : withoutValueCopies(o)) as KubeObject;
  const out = shaped(s, o);
  return reader ? out : withoutValues(out);
}

/**
 * writtenAnswer is `written` as an answer with its code: when the answer is exactly the object as the
 * store just wrote it (a reader, the whole object), the JSON the store serialized for SQLite is sent as
 * is instead of serializing the object a second time; otherwise (a secret's non-reader, metadata only,
 * a dry run, a stored JSON not in the served shape) the object `written` makes.
 */
function writtenAnswer(reg: Registry, ctx: RequestContext, s: Strategy, o: KubeObject, code: 200 | 201): Served {
  if (!wantsPartialMetadata(ctx.req) && !secretNonReader(reg, ctx, s, o.metadata.namespace ?? '', o.metadata.name ?? '')) {
    const json = servedJSON(s, reg.store.encoded(o));
    if (json !== undefined) return encoded(code, json);
  }
  return { code, object: written(reg, ctx, s, o) };
}

export async function readBody(ctx: RequestContext): Promise<unknown> {
  const raw = await readRawBody(ctx.req);
  ctx.requestText = raw.toString('utf8');
  return decodeBody(raw, ctx.req.headers['content-type']);
}

/** namespaceMustExist rejects writes into a missing (or terminating) namespace, like upstream's NamespaceLifecycle. */
function namespaceMustExist(reg: Registry, s: Strategy, ns: string): void {
  if (!s.desc.namespaced) return;
  const nsObj = reg.store.getShared('/namespaces', '', ns);
  if (!nsObj) throw notFound('namespaces', '', ns);
}

/**
 * prepareWrite validates a decoded object for create or update: kind, namespace, name, schema (with
 * fieldValidation), immutable fields; then runs admission. It returns the object to store.
 * `manage`, given for a create, computes the object's managed fields from it as its writer sent it
 * (validated and defaulted, before mutating admission, as upstream's create handler does): what
 * admission adds — a service account's token volume, a profile's securityContext, stamped
 * annotations — is no manager's. An update's are computed after admission, against the stored
 * object (see update): admission puts back what no writer may change (the creator annotation), and a
 * restatement that leaves such fields out must stay a no-op, not become a write that moves them.
 */
async function prepareWrite(reg: Registry, ctx: RequestContext, s: Strategy, op: Operation, input: KubeObject, old: KubeObject | undefined, dryRun: boolean, manage?: (obj: KubeObject) => ManagedFieldsEntry[]): Promise<KubeObject> {
  const { info } = ctx;
  checkKind(s, input);
  const meta = input.metadata;
  if (s.desc.namespaced) {
    if (meta.namespace && meta.namespace !== info.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    meta.namespace = info.namespace;
  } else if (meta.namespace) {
    delete meta.namespace;
  }
  if (op === 'CREATE' && !meta.name && meta.generateName) meta.name = `${meta.generateName}${randomUUID().replace(/-/g, '').slice(0, 5)}`;
  if (op === 'UPDATE' && meta.name && info.name && meta.name !== info.name) throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${info.name})`);
  if (op === 'UPDATE' && !meta.name) meta.name = info.name;
  const name = meta.name ?? '';
  if (!name) throw invalid(s.desc.kind, s.desc.group, '', [{ field: 'metadata.name', message: 'Required value: name or generateName is required', type: 'FieldValueRequired' }]);
  // No Kubernetes name exceeds 253 characters; a longer one is refused before any pattern runs over it,
  // and never quoted whole (a megabyte name would otherwise come back in the Status, the audit trail, logs).
  if (name.length > 253) throw invalid(s.desc.kind, s.desc.group, `${name.slice(0, 64)}...`, [{ field: 'metadata.name', message: `Invalid value: "${name.slice(0, 64)}...": must be no more than 253 characters`, type: 'FieldValueTooLong' }]);
  const nameErr = s.validateName(name);
  if (nameErr) throw invalid(s.desc.kind, s.desc.group, name, [{ field: 'metadata.name', message: `Invalid value: "${name}": ${nameErr}` }]);
  const mode = parseFieldValidation(ctx.query.get('fieldValidation'));
  // A status write keeps the stored spec (below); one that leaves it as stored need not parse it again.
  const keepsSpec = ctx.info.subresource === 'status' && old !== undefined && deepEqual((input as { spec?: unknown }).spec, (old as { spec?: unknown }).spec);
  const schema = (keepsSpec && withoutSpec(s.desc.schema!)) || s.desc.schema!;
  const obj = validateObject(schema, input, mode, s.desc.kind, s.desc.group, name, ctx.warnings) as KubeObject;
  const ruleCauses = ctx.info.subresource === 'status' ? [] : s.validate(obj);
  if (ruleCauses.length > 0) throw invalid(s.desc.kind, s.desc.group, name, ruleCauses);
  if (op === 'CREATE') {
    namespaceMustExist(reg, s, info.namespace);
    s.prepareForCreate(obj);
  } else if (old) {
    if (ctx.info.subresource === 'status') {
      // A status write changes only status (and may not touch spec or metadata beyond labels/annotations).
      const merged = { ...old, status: (obj as any).status } as KubeObject;
      merged.metadata = { ...old.metadata };
      return admitAndStamp(reg, ctx, s, op, merged, old, dryRun);
    }
    s.prepareForUpdate(obj, old);
    const causes = s.validateUpdate(obj, old);
    if (causes.length > 0) throw invalid(s.desc.kind, s.desc.group, name, causes);
  }
  return admitAndStamp(reg, ctx, s, op, obj, old, dryRun, manage?.(obj));
}

/**
 * tracksGeneration tells whether a kind carries metadata.generation, as upstream: pods (since 1.33) and
 * custom-resource-like kinds (Gatehouse's own) do; ConfigMaps, Secrets, Events, Namespaces, Nodes,
 * ServiceAccounts and RBAC objects do not.
 */
function tracksGeneration(s: Strategy): boolean {
  return s.key === '/pods' || s.desc.group === 'apps' || s.desc.group === 'batch' || s.desc.group.endsWith('.gatehouse.dev');
}

async function admitAndStamp(reg: Registry, ctx: RequestContext, s: Strategy, op: Operation, obj: KubeObject, old: KubeObject | undefined, dryRun: boolean, managed?: ManagedFieldsEntry[]): Promise<KubeObject> {
  const { info } = ctx;
  await admit(reg, ctx, {
    operation: op, group: s.desc.group, resource: s.desc.resource, subresource: info.subresource, namespace: s.desc.namespaced ? info.namespace : '',
    name: obj.metadata.name ?? '', object: obj, oldObject: old, dryRun,
  });
  const meta = obj.metadata;
  if (op === 'CREATE') {
    meta.uid = randomUUID();
    meta.creationTimestamp = kubeTime();
    if (tracksGeneration(s)) meta.generation = 1;
    else delete meta.generation;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.resourceVersion;
    delete meta.managedFields;
    delete meta.selfLink;
    s.stamped?.(obj);
  } else if (old) {
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    meta.deletionTimestamp = old.metadata.deletionTimestamp;
    if (old.metadata.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    const specChanged = !deepEqual((obj as any).spec ?? null, (old as any).spec ?? null);
    if (tracksGeneration(s)) meta.generation = (old.metadata.generation ?? 1) + (specChanged && info.subresource !== 'status' ? 1 : 0);
    else delete meta.generation;
    if (!meta.deletionTimestamp) delete meta.deletionTimestamp;
  }
  for (const k of ['labels', 'annotations', 'ownerReferences', 'finalizers'] as const) if (meta[k] === null) delete meta[k];
  // Computed before admission; whatever admission did to them, these are the object's.
  if (managed !== undefined) {
    if (managed.length > 0) meta.managedFields = managed as never;
    else delete meta.managedFields;
  }
  return obj;
}

/** getOne answers GET on one object (its stored JSON as is when that is the served shape). */
export function getOne(reg: Registry, ctx: RequestContext, s: Strategy): Served {
  const { info } = ctx;
  // The shared (cached, frozen) object: nothing below changes it.
  const obj = reg.store.getShared(s.key, s.desc.namespaced ? info.namespace : '', info.name);
  if (!obj) throw notFound(s.desc.resource, s.desc.group, info.name);
  ctx.responseObject = obj;
  if (wantsTable(ctx.req)) return ok(toTable(s, [obj], String(reg.store.revision()), ctx.query));
  if (wantsPartialMetadata(ctx.req)) return ok(toPartialMetadata(obj));
  const json = servedJSON(s, reg.store.encoded(obj));
  if (json !== undefined) return encoded(200, json);
  return ok(shaped(s, obj));
}

// An object's selectable fields, per strategy, computed once per object: a watch event's object is shared
// by every watcher of its resource (each node agent's and the scheduler's fieldSelector), and a committed
// object never changes (the watch's line cache keeps its JSON by the same identity).
const selectableFields = new WeakMap<Strategy, WeakMap<object, Record<string, string>>>();

function fieldsOnce(s: Strategy): (o: KubeObject) => Record<string, string> {
  let memo = selectableFields.get(s);
  if (!memo) selectableFields.set(s, (memo = new WeakMap()));
  const byObject = memo;
  return (o) => {
    let f = byObject.get(o);
    if (!f) byObject.set(o, (f = s.fields(o)));
    return f;
  };
}

/**
 * filterFor builds the list/watch predicate from labelSelector and fieldSelector: MATCH_ALL without
 * either (a watch then need not look at an object's previous version to know it passed).
 */
export function filterFor(ctx: RequestContext, s: Strategy): (o: KubeObject) => boolean {
  const labels = parseLabelSelectorParam(ctx.query.get('labelSelector'));
  const sample = s.fields({ metadata: { name: '', namespace: '' } } as KubeObject);
  const fields = parseFieldSelector(ctx.query.get('fieldSelector'), (f) => f in sample);
  if (labels.length === 0 && fields.length === 0) return MATCH_ALL;
  if (fields.length === 0) return (o) => matchesRequirements(o.metadata.labels, labels);
  const fieldsOf = fieldsOnce(s);
  return (o) => matchesRequirements(o.metadata.labels, labels) && matchesFields(fieldsOf(o), fields);
}

/** list serves GET on a collection with selectors and limit/continue pagination. */
function list(reg: Registry, ctx: RequestContext, s: Strategy): Served {
  const { info, query } = ctx;
  const match = filterFor(ctx, s);
  const limit = parseLimit(query.get('limit'));
  const cont = query.get('continue');
  const from = cont ? decodeContinue(cont, readContinue) : undefined;
  let after: Omit<Continue, 'seen'> | undefined = from;
  const rv = from ? from.rv : reg.store.revision();
  const ns = s.desc.namespaced && info.namespace ? info.namespace : undefined;
  const view = secretListView(reg, ctx, s);
  if (!view && !query.get('labelSelector') && !query.get('fieldSelector') && !wantsTable(ctx.req)) return listEncoded(reg, s, { limit, from, rv, ns });
  const items: KubeObject[] = [];
  let more = false;
  // Read in pages until `limit` matching items are found (selectors may skip many rows).
  const page = limit > 0 ? Math.min(Math.max(limit + 1, 100), 1000) : 0;
  for (;;) {
    const rows = reg.store.list(s.key, { ns, after: after ? { ns: after.ns, name: after.name } : undefined, limit: page });
    for (const o of rows) {
      if (!match(o)) continue;
      if (limit > 0 && items.length === limit) { more = true; break; }
      items.push(view ? view(o) : o);
    }
    if (more || page === 0 || rows.length < page) break;
    const last = rows[rows.length - 1];
    after = { ns: last.metadata.namespace ?? '', name: last.metadata.name ?? '', rv };
  }
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (more) {
    const last = items[items.length - 1];
    const seen = (from?.seen ?? 0) + items.length;
    metadata.continue = encodeContinue({ ns: last.metadata.namespace ?? '', name: last.metadata.name ?? '', rv, seen });
    // As upstream: how many items are left is known only when no selector filters them.
    if (!query.get('labelSelector') && !query.get('fieldSelector')) metadata.remainingItemCount = Math.max(0, reg.store.count(s.key, ns) - seen);
  }
  if (wantsTable(ctx.req)) return ok({ ...toTable(s, items, String(rv), query), metadata });
  return ok({ kind: s.desc.listKind, apiVersion: groupVersion(s.desc), metadata, items: items.map((o) => shaped(s, o)) });
}

/**
 * listEncoded serves a list without selectors as JSON straight from the stored objects: nothing to
 * filter, so nothing is decoded (only the last item of a page, for its continue token), and each item
 * is its stored JSON when that is already the served shape. The same response as list() builds.
 */
function listEncoded(reg: Registry, s: Strategy, p: { limit: number; from: Continue | undefined; rv: number; ns: string | undefined }): Served {
  const { limit, from, rv, ns } = p;
  const rows = reg.store.listEncoded(s.key, { ns, after: from ? { ns: from.ns, name: from.name } : undefined, limit: limit > 0 ? limit + 1 : 0 });
  const more = limit > 0 && rows.length > limit;
  if (more) rows.length = limit;
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (more) {
    const last = JSON.parse(rows[rows.length - 1]) as KubeObject;
    const seen = (from?.seen ?? 0) + rows.length;
    metadata.continue = encodeContinue({ ns: last.metadata.namespace ?? '', name: last.metadata.name ?? '', rv, seen });
    metadata.remainingItemCount = Math.max(0, reg.store.count(s.key, ns) - seen);
  }
  const items = rows.map((r) => servedJSON(s, r) ?? JSON.stringify(shaped(s, JSON.parse(r))));
  return encoded(200, `{"kind":${JSON.stringify(s.desc.listKind)},"apiVersion":${JSON.stringify(groupVersion(s.desc))},"metadata":${JSON.stringify(metadata)},"items":[${items.join(',')}]}`);
}

/** create serves POST on a collection. */
async function create(reg: Registry, ctx: RequestContext, s: Strategy): Promise<Served> {
  const dryRun = isDryRun(ctx, ctx.query.getAll('dryRun'));
  const input = objectFromBody(await readBody(ctx));
  ctx.requestObject = input;
  const manager = fieldManager(ctx, false);
  const obj = await prepareWrite(reg, ctx, s, 'CREATE', input, undefined, dryRun, (o) => trackUpdate(undefined, o, manager, groupVersion(s.desc)));
  let out: KubeObject;
  if (dryRun) {
    if (reg.store.get(s.key, obj.metadata.namespace ?? '', obj.metadata.name!)) throw alreadyExists(s.desc.resource, s.desc.group, obj.metadata.name!);
    out = obj;
  } else {
    try {
      out = reg.store.create(s.key, obj.metadata.namespace ?? '', obj.metadata.name!, obj);
    } catch (e) {
      mapStoreError(e, s, obj.metadata.name!);
    }
  }
  ctx.responseObject = out;
  return writtenAnswer(reg, ctx, s, out, 201);
}

/**
 * update answers PUT on one object (or its status), with optimistic concurrency on metadata.resourceVersion.
 * A patch or a subresource (scale) passes the object to write (`presetBody`) and the stored one it read;
 * `respond` renders the answer (the subresource's view of the object) instead of the object itself.
 */
export async function update(reg: Registry, ctx: RequestContext, s: Strategy, presetBody?: unknown, presetOld?: KubeObject, opts: { applied?: ManagedFieldsEntry[]; patchTouchesData?: boolean; respond?: (o: KubeObject) => unknown } = {}): Promise<Served> {
  const { applied, patchTouchesData = true } = opts;
  const { info } = ctx;
  const dryRun = isDryRun(ctx, ctx.query.getAll('dryRun'));
  const input = objectFromBody(presetBody ?? (await readBody(ctx)));
  ctx.requestObject = input;
  const ns = s.desc.namespaced ? info.namespace : '';
  const old = presetOld ?? reg.store.get(s.key, ns, info.name);
  if (!old) throw notFound(s.desc.resource, s.desc.group, info.name);
  const expect = input.metadata?.resourceVersion;
  if (expect && expect !== old.metadata.resourceVersion) {
    throw conflict(s.desc.resource, s.desc.group, info.name, 'the object has been modified; please apply your changes to the latest version and try again');
  }
  const manager = applied ? '' : fieldManager(ctx, false);
  const nonReader = secretNonReader(reg, ctx, s, ctx.info.namespace, ctx.info.name);
  // For a non-reader, "the data of an immutable secret cannot change" must not answer "is my guess
  // right?": any write that states the data is refused, equal or not.
  if (nonReader && (old as { immutable?: unknown }).immutable === true && patchTouchesData) {
    throw invalid('Secret', '', info.name, [{ field: 'data', message: 'Forbidden: field is immutable when `immutable` is set', type: 'FieldValueForbidden' }]);
  }
  const obj = await prepareWrite(reg, ctx, s, 'UPDATE', input, old, dryRun);
  // Field ownership: an apply brings its own; any other write is recorded as an Update by its manager.
  if (ctx.info.subresource === 'status') obj.metadata.managedFields = old.metadata.managedFields;
  else obj.metadata.managedFields = (applied ?? trackUpdate(old, obj, manager, groupVersion(s.desc), nonReader)) as never;
  if (!obj.metadata.managedFields || (obj.metadata.managedFields as unknown[]).length === 0) delete obj.metadata.managedFields;
  let out: KubeObject;
  // A non-reader's write is never a no-op: an unchanged resourceVersion would confirm a guessed value.
  const unchanged = !nonReader && deepEqual({ ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } }, { ...old, metadata: { ...old.metadata, resourceVersion: undefined } });
  // A no-op update writes nothing and keeps the resourceVersion, as upstream.
  if (dryRun || unchanged) out = { ...obj, metadata: { ...obj.metadata, resourceVersion: old.metadata.resourceVersion } };
  else if (old.metadata.deletionTimestamp && (old.metadata.finalizers ?? []).length > 0 && (obj.metadata.finalizers ?? []).length === 0) {
    // The last finalizer of an object marked for deletion is gone: it goes now (as upstream).
    try {
      out = reg.store.delete(s.key, ns, info.name, Number(old.metadata.resourceVersion));
    } catch (e) {
      mapStoreError(e, s, info.name);
    }
  } else {
    try {
      out = reg.store.update(s.key, ns, info.name, obj, Number(old.metadata.resourceVersion));
    } catch (e) {
      mapStoreError(e, s, info.name);
    }
  }
  ctx.responseObject = out;
  return opts.respond ? ok(opts.respond(out)) : writtenAnswer(reg, ctx, s, out, 200);
}

/** patch serves PATCH: merge, JSON, strategic-merge and apply patches; an apply to a missing object creates it (201). */
async function patch(reg: Registry, ctx: RequestContext, s: Strategy): Promise<Served> {
  const { info } = ctx;
  const type = PATCH_TYPES[mediaType(ctx.req.headers['content-type'])];
  if (!type) throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${Object.keys(PATCH_TYPES).join(', ')}`);
  const body = await readBody(ctx);
  ctx.requestObject = body;
  const force = ctx.query.get('force');
  if (force !== null && type !== 'apply') throw invalid('PatchOptions', 'meta.k8s.io', '', [{ field: 'force', message: `Invalid value: ${force}: may not be specified for non-apply patch`, type: 'FieldValueInvalid' }]);
  const manager = type === 'apply' ? fieldManager(ctx, true) : '';
  const ns = s.desc.namespaced ? info.namespace : '';
  // A status patch only reads the stored object (the patch applies to a copy; the write keeps its spec and
  // copies its metadata): the store's shared object, which the change's watchers then get as its previous
  // version without decoding it again.
  const old = info.subresource === 'status' && type !== 'apply' ? reg.store.getShared(s.key, ns, info.name) as KubeObject | undefined : reg.store.get(s.key, ns, info.name);
  if (type === 'apply') {
    const applied = objectFromBody(body);
    if (!applied.apiVersion || !applied.kind) throw badRequest('apiVersion and kind must be set in an applied configuration');
    checkKind(s, applied);
    let result;
    try {
      result = serverSideApply(old, applied, manager, groupVersion(s.desc), force === 'true', old !== undefined && secretNonReader(reg, ctx, s, ctx.info.namespace, ctx.info.name));
    } catch (e) {
      if (e instanceof ApplyConflictError) {
        throw new ApiError(409, 'Conflict', e.message, { name: info.name, group: s.desc.group || undefined, kind: s.desc.resource, causes: e.conflicts.map((c) => ({ type: 'FieldManagerConflict', message: `conflict with "${c.manager}" using ${c.apiVersion}`, field: c.field })) });
      }
      throw e;
    }
    if (old) {
      const merged = result.object;
      merged.metadata = { ...merged.metadata, resourceVersion: (applied.metadata as { resourceVersion?: string }).resourceVersion ?? old.metadata.resourceVersion };
      return update(reg, ctx, s, merged, old, { applied: result.managedFields, patchTouchesData: patchStatesData(type, body) });
    }
    const obj = result.object;
    if (!obj.metadata.name) obj.metadata.name = info.name;
    ctx.info = { ...info, verb: 'create' };
    const dryRun = isDryRun(ctx, ctx.query.getAll('dryRun'));
    const prepared = await prepareWrite(reg, ctx, s, 'CREATE', obj, undefined, dryRun);
    prepared.metadata.managedFields = result.managedFields as never;
    let out: KubeObject = prepared;
    if (!dryRun) {
      try { out = reg.store.create(s.key, ns, info.name, prepared); } catch (e) { mapStoreError(e, s, info.name); }
    }
    ctx.responseObject = out;
    return writtenAnswer(reg, ctx, s, out, 201);
  }
  if (!old) {
    throw notFound(s.desc.resource, s.desc.group, info.name);
  }
  const nonReader = secretNonReader(reg, ctx, s, ctx.info.namespace, ctx.info.name);
  let patched: unknown;
  try {
    switch (type) {
      case 'merge': patched = applyMergePatch(old, body); break;
      case 'json': patched = applyJsonPatch(old, body, { readOps: !nonReader }); break;
      case 'strategic': patched = applyStrategicMergePatch(old, body, s.desc.kind); break;
    }
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    if (e.kind === 'ReadForbidden') {
      throw forbidden(`${s.desc.resource} "${info.name}" is forbidden: User "${ctx.user.username}" cannot get resource "${s.desc.resource}" in API group "${s.desc.group}" in the namespace "${info.namespace}": ${e.message}`, s.desc.resource, s.desc.group, info.name);
    }
    if (e.kind === 'TooLarge') throw new ApiError(413, 'RequestEntityTooLarge', e.message);
    throw new ApiError(422, 'Invalid', e.message);
  }
  // A patch (a JSON patch `copy` above all) can nest the object deeper than any body could.
  checkDepth(patched);
  const obj = objectFromBody(patched);
  // A patch never carries a stale resourceVersion unless the client put one in the patch on purpose.
  const bodyRv = (body as any)?.metadata?.resourceVersion;
  if (!bodyRv) obj.metadata.resourceVersion = old.metadata.resourceVersion;
  return update(reg, ctx, s, obj, old, { patchTouchesData: patchStatesData(type, body) });
}

/** patchStatesData tells whether a patch body names a secret's data (`data`, `stringData`, or the whole object). */
function patchStatesData(type: 'merge' | 'json' | 'strategic' | 'apply', body: unknown): boolean {
  if (type === 'json') {
    if (!Array.isArray(body)) return true;
    return body.some((op) => {
      const p = op && typeof op === 'object' ? (op as { path?: unknown }).path : undefined;
      return typeof p !== 'string' || p === '' || /^\/(data|stringData)(\/|$)/.test(p);
    });
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return true;
  return Object.prototype.hasOwnProperty.call(body, 'data') || Object.prototype.hasOwnProperty.call(body, 'stringData');
}

/**
 * markForDeletion applies finalizers and the propagation policy before an object goes, as upstream:
 * Orphan takes the object's dependents out of its ownership; Foreground (when it has dependents) adds
 * the `foregroundDeletion` finalizer; an object with finalizers is only marked (deletionTimestamp) and
 * goes when the last finalizer is removed. It returns the marked object, or undefined to delete now.
 */
function markForDeletion(reg: Registry, s: Strategy, old: KubeObject, policy: PropagationPolicy): KubeObject | undefined {
  const uid = old.metadata.uid;
  if (policy === 'Orphan' && uid) reg.gc?.orphanDependents(old);
  let finalizers = old.metadata.finalizers ?? [];
  if (policy === 'Foreground' && uid && (reg.gc?.dependents(uid).length ?? 0) > 0 && !finalizers.includes(FOREGROUND_FINALIZER)) finalizers = [...finalizers, FOREGROUND_FINALIZER];
  if (finalizers.length === 0) return undefined;
  const meta = old.metadata;
  const next = { ...old, metadata: { ...meta, finalizers, deletionTimestamp: meta.deletionTimestamp ?? kubeTime(), deletionGracePeriodSeconds: meta.deletionGracePeriodSeconds ?? 0 } };
  if (deepEqual(next, old)) return old;
  try {
    return reg.store.update(s.key, meta.namespace ?? '', meta.name!, next, Number(meta.resourceVersion));
  } catch (e) {
    mapStoreError(e, s, meta.name!);
  }
}

/** remove serves DELETE on one object with DeleteOptions (dryRun and preconditions in the body). */
async function remove(reg: Registry, ctx: RequestContext, s: Strategy): Promise<Served> {
  const { info } = ctx;
  const body = (await readBody(ctx)) as any;
  const opts = body && typeof body === 'object' ? body : {};
  const dryRun = isDryRun(ctx, opts.dryRun ?? ctx.query.getAll('dryRun'));
  const delOpts = deleteOptions(opts, ctx.query);
  const ns = s.desc.namespaced ? info.namespace : '';
  const old = reg.store.get(s.key, ns, info.name);
  if (!old) throw notFound(s.desc.resource, s.desc.group, info.name);
  const pre = opts.preconditions ?? {};
  if (pre.uid && pre.uid !== old.metadata.uid) throw conflict(s.desc.resource, s.desc.group, info.name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
  if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) throw conflict(s.desc.resource, s.desc.group, info.name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);
  await admit(reg, ctx, { operation: 'DELETE', group: s.desc.group, resource: s.desc.resource, namespace: ns, name: info.name, oldObject: old, dryRun });
  const policy = propagationPolicy(opts, ctx.query);
  if (dryRun) return ok(written(reg, ctx, s, old));
  const marked = markForDeletion(reg, s, old, policy);
  if (marked) {
    ctx.responseObject = marked;
    return ok(written(reg, ctx, s, marked));
  }
  const handled = reg.onDelete?.(s, old, ctx, delOpts);
  if (handled === 'graceful') {
    const cur = reg.store.get(s.key, ns, info.name) ?? old;
    return ok(written(reg, ctx, s, cur));
  }
  let out: KubeObject;
  try {
    out = handled === 'deleted' ? old : reg.store.delete(s.key, ns, info.name);
  } catch (e) {
    mapStoreError(e, s, info.name);
  }
  ctx.responseObject = out;
  return ok(written(reg, ctx, s, out));
}

/** deleteCollection serves DELETE on a collection (selectors apply). */
async function deleteCollection(reg: Registry, ctx: RequestContext, s: Strategy): Promise<Served> {
  const body = (await readBody(ctx)) as any;
  const dryRun = isDryRun(ctx, body?.dryRun ?? ctx.query.getAll('dryRun'));
  const delOpts = deleteOptions(body, ctx.query);
  const match = filterFor(ctx, s);
  const ns = s.desc.namespaced && ctx.info.namespace ? ctx.info.namespace : undefined;
  const victims = reg.store.list(s.key, { ns }).filter(match);
  const deleted: KubeObject[] = [];
  for (const v of victims) {
    await admit(reg, ctx, { operation: 'DELETE', group: s.desc.group, resource: s.desc.resource, namespace: v.metadata.namespace ?? '', name: v.metadata.name ?? '', oldObject: v, dryRun });
    if (dryRun) { deleted.push(v); continue; }
    const handled = reg.onDelete?.(s, v, ctx, delOpts);
    if (handled === 'graceful' || handled === 'deleted') { deleted.push(v); continue; }
    try { deleted.push(reg.store.delete(s.key, v.metadata.namespace ?? '', v.metadata.name ?? '')); } catch (e) { if (!(e instanceof MissingError)) throw e; }
  }
  return ok({ kind: s.desc.listKind, apiVersion: groupVersion(s.desc), metadata: { resourceVersion: String(reg.store.revision()) }, items: deleted.map((o) => written(reg, ctx, s, o)) });
}

/** serveResource dispatches a resource request for a stored resource to its verb. */
export async function serveResource(reg: Registry, ctx: RequestContext, s: Strategy): Promise<Served> {
  if (s.key !== '/secrets' || ctx.info.verb === 'get' || ctx.info.verb === 'list' || ctx.info.verb === 'watch' || !secretNonReader(reg, ctx, s, ctx.info.namespace, ctx.info.name)) return dispatch(reg, ctx, s);
  try {
    return await dispatch(reg, ctx, s);
  } catch (e) {
    const stored = ctx.info.name ? reg.store.get(s.key, ctx.info.namespace, ctx.info.name) : undefined;
    throw withheldSecretValues(e, ctx, secretValueStrings(stored));
  }
}

async function dispatch(reg: Registry, ctx: RequestContext, s: Strategy): Promise<Served> {
  const { info } = ctx;
  const sub = info.subresource;
  // A subresource the resource lacks is no route, as upstream: not "<name> not found" of an object that may exist.
  if (sub && (sub !== 'status' || !(s.desc.subresources ?? []).includes('status'))) throw noRoute();
  switch (info.verb) {
    case 'get': return getOne(reg, ctx, s);
    case 'list': return list(reg, ctx, s);
    case 'watch': return watchStored(reg, ctx, s, filterFor(ctx, s), { redact: secretListView(reg, ctx, s) });
    case 'create':
      if (info.name) throw methodNotAllowed();
      return create(reg, ctx, s);
    case 'update': return update(reg, ctx, s);
    case 'patch': return patch(reg, ctx, s);
    case 'delete': return remove(reg, ctx, s);
    case 'deletecollection':
      if (!s.desc.verbs.includes('deletecollection')) throw methodNotAllowed();
      return deleteCollection(reg, ctx, s);
    default: throw methodNotAllowed();
  }
}
