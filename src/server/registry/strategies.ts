import type { KubeObject, StatusCause } from '../../shared/api/meta';
import { dnsLabel, dnsSubdomain } from '../../shared/api/meta';
import { RESOURCES, type ResourceDescriptor } from '../../shared/api/resources';
import { deepEqual } from '../../shared/api/equal';
import { compiledSchema } from './validation';

/** TableColumn is a meta.k8s.io/v1 TableColumnDefinition. */
export interface TableColumn { name: string; type: string; format: string; description: string; priority: number }

/**
 * Strategy is what differs per resource (k8s registry "strategy"): name rules, defaults on create,
 * what an update may change, the fields a fieldSelector may use, and the table columns kubectl prints.
 */
export interface Strategy {
  desc: ResourceDescriptor;
  key: string;
  validateName(name: string): string | undefined;
  /** prepareForCreate fills defaults into a validated object (mutates). */
  prepareForCreate(obj: KubeObject): void;
  /** prepareForUpdate copies what a main-resource update may not change (status) from `old` (mutates `obj`). */
  prepareForUpdate(obj: KubeObject, old: KubeObject): void;
  /** validateUpdate returns causes for changes to immutable fields. */
  validateUpdate(obj: KubeObject, old: KubeObject): StatusCause[];
  /** validate returns causes for what the schema cannot say (rules across fields), on create and update alike. */
  validate(obj: KubeObject): StatusCause[];
  /** fields returns the values a fieldSelector can match (metadata.name and metadata.namespace included). */
  fields(obj: KubeObject): Record<string, string>;
  columns: TableColumn[];
  cells(obj: KubeObject): unknown[];
  /** stamped runs once a created object has its uid (e.g. a Job's generated selector names it) (mutates). */
  stamped?(obj: KubeObject): void;
}

/** col is a table column definition (name, type, description, format, priority: 1 shows only with -o wide). */
export const col = (name: string, type = 'string', description = '', format = '', priority = 0): TableColumn => ({ name, type, format, description, priority });
/** NAME and AGE are the columns every kind's table has. */
export const NAME = col('Name', 'string', 'Name must be unique within a namespace.', 'name');
export const AGE = col('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

/** age renders a duration the way kubectl does (5s, 3m, 2h, 4d). */
export function age(ts: string | null | undefined, now = Date.now()): string {
  if (!ts) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** pathSegmentName allows any name that is one path segment (RBAC objects, users, groups). */
export const pathSegmentName = (name: string): string | undefined => {
  if (name === '.' || name === '..') return `may not be '${name}'`;
  if (/[/%]/.test(name)) return "may not contain '/' or '%'";
  return undefined;
};
/** subdomainName requires a DNS-1123 subdomain (the default). */
export const subdomainName = (name: string): string | undefined => {
  const r = compiledSchema(dnsSubdomain).safeParse(name);
  return r.success ? undefined : r.error.issues[0].message;
};
/** labelName requires a DNS-1123 label (namespaces, services). */
export const labelName = (name: string): string | undefined => {
  const r = compiledSchema(dnsLabel).safeParse(name);
  return r.success ? undefined : r.error.issues[0].message;
};

/**
 * StrategySpec is what one kind's strategy file (`registry/<resource>/strategy.ts`) says; every part is
 * optional and falls back to the generic rule. `T` is the kind's own type (from its schema in src/shared).
 */
export interface StrategySpec<T = KubeObject> {
  validateName?: (n: string) => string | undefined;
  /** create fills defaults into a validated object (mutates). */
  create?: (o: T) => void;
  /** keepOnUpdate are the top-level fields a main-resource update may not change (status). */
  keepOnUpdate?: string[];
  /** updateDefaults fills defaults into an update (mutates), as upstream defaults every decoded object. */
  updateDefaults?: (o: T, old: T) => void;
  /** immutable returns a cause for each field an update may not change. */
  immutable?: (o: T, old: T) => StatusCause[];
  /** validate returns a cause for each rule a schema-valid object breaks (create and update). */
  validate?: (o: T) => StatusCause[];
  /** fields are the values a fieldSelector may use, beyond metadata.name and metadata.namespace. */
  fields?: (o: T) => Record<string, string>;
  columns?: TableColumn[];
  cells?: (o: T) => unknown[];
  stamped?: (o: T) => void;
}

/**
 * defineStrategy types one kind's strategy by its own object type: the registry hands it only objects
 * that passed that kind's schema, so this is the one place the generic KubeObject becomes `T`.
 */
export function defineStrategy<T>(spec: StrategySpec<T & KubeObject>): StrategySpec {
  return spec as unknown as StrategySpec;
}

/**
 * fieldsAt reads each dotted path of `o` as a fieldSelector value, keyed by the path: a missing or
 * null value is '', anything else its string form (as upstream's selectable-fields functions do).
 */
export function fieldsAt(o: unknown, paths: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of paths) {
    let v: unknown = o;
    for (const step of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[step] : undefined;
    out[path] = String(v ?? '');
  }
  return out;
}

/** same compares two values deeply, treating undefined and null alike. */
export const same = (a: unknown, b: unknown): boolean => deepEqual(a ?? null, b ?? null);

/**
 * immutableWhenSet refuses a change to `data` (and the flag) of an object stored with `immutable: true`.
 * `unchanged` compares the data only then (a deep comparison of every entry is wasted on a mutable object).
 */
export function immutableWhenSet(o: { immutable?: boolean | null }, old: { immutable?: boolean | null }, unchanged: () => boolean): StatusCause[] {
  return old.immutable === true && (o.immutable !== true || !unchanged())
    ? [{ field: 'data', message: 'Forbidden: field is immutable when `immutable` is set', type: 'FieldValueForbidden' }] : [];
}

/** resourceKey is the storage key of a resource: `<group>/<resource>`. */
export function resourceKey(group: string, resource: string): string {
  return `${group}/${resource}`;
}

/** makeStrategy builds the Strategy for one descriptor from its spec (generic defaults for what the spec leaves out). */
export function makeStrategy(desc: ResourceDescriptor, spec: StrategySpec = {}): Strategy {
  const keep = spec.keepOnUpdate ?? [];
  return {
    desc,
    key: resourceKey(desc.group, desc.resource),
    validateName: spec.validateName ?? subdomainName,
    prepareForCreate: spec.create ?? (() => {}),
    prepareForUpdate: (obj, old) => {
      spec.updateDefaults?.(obj, old);
      for (const k of keep) {
        if (old[k] === undefined) delete obj[k];
        else obj[k] = old[k];
      }
    },
    validateUpdate: spec.immutable ?? (() => []),
    validate: spec.validate ?? (() => []),
    fields: (o) => ({ 'metadata.name': o.metadata.name ?? '', 'metadata.namespace': o.metadata.namespace ?? '', ...(spec.fields ? spec.fields(o) : {}) }),
    columns: spec.columns ?? [NAME, AGE],
    cells: spec.cells ?? ((o) => [o.metadata.name, age(o.metadata.creationTimestamp)]),
    stamped: spec.stamped,
  };
}

/** buildStrategies holds a Strategy per stored resource in RESOURCES, keyed by resourceKey, from the specs by resource. */
export function buildStrategies(specs: Record<string, StrategySpec>): Map<string, Strategy> {
  const m = new Map<string, Strategy>();
  for (const r of RESOURCES) if (r.stored) m.set(resourceKey(r.group, r.resource), makeStrategy(r, specs[r.resource]));
  return m;
}
