import { z } from 'zod';
import type { StatusCause } from '../../shared/api/meta';
import { badRequest, invalid } from '../http/status';
import { jsonClone } from '../../shared/api/clone';

/** FieldValidation is the `fieldValidation` query parameter (default Strict when kubectl advertises support, Warn otherwise). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** parseFieldValidation reads the query value; unknown values are a 400 like upstream. */
export function parseFieldValidation(v: string | null): FieldValidation {
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation parameter unsupported: ${v}`);
}

function joinPath(path: PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function removeAt(obj: unknown, path: PropertyKey[], key: string): void {
  let cur: any = obj;
  for (const p of path) {
    if (cur == null) return;
    cur = cur[p as any];
  }
  if (cur && typeof cur === 'object') delete cur[key];
}

/**
 * MAX_CAUSES bounds the problems one answer names (a 3 MiB body can hold 100k bad keys, each a cause, which
 * made a Status, and its audit event, ten times the size of the request); the rest are counted.
 */
const MAX_CAUSES = 16;
const andMore = (n: number): string => `and ${n} more error${n === 1 ? '' : 's'}`;

/**
 * validateObject parses `obj` with a strict zod schema. Unknown fields follow `fieldValidation`:
 * Strict → 400 `strict decoding error: unknown field "spec.foo"`; Warn → dropped with a warning;
 * Ignore → dropped. Any other problem is a 422 Invalid naming each field. Returns the parsed value.
 */
export function validateObject<T>(schema: z.ZodType<T>, obj: unknown, mode: FieldValidation, kind: string, group: string, name: string, warnings: string[]): T {
  const value = jsonClone(obj);
  const compiled = compiledSchema(schema);
  for (let attempt = 0; attempt < 20; attempt++) {
    const r = compiled.safeParse(value);
    if (r.success) return r.data;
    const unknown = r.error.issues.filter((i) => i.code === 'unrecognized_keys');
    const other = r.error.issues.filter((i) => i.code !== 'unrecognized_keys');
    if (unknown.length > 0) {
      const fields = unknown.flatMap((i) => (i as any).keys.map((k: string) => ({ path: i.path, key: k, label: joinPath([...i.path, k]) })));
      const named = fields.slice(0, MAX_CAUSES).map((f) => `unknown field "${f.label}"`);
      if (fields.length > MAX_CAUSES) named.push(andMore(fields.length - MAX_CAUSES));
      if (mode === 'Strict') throw badRequest(`strict decoding error: ${named.join(', ')}`);
      if (mode === 'Warn') warnings.push(...named);
      for (const f of fields) removeAt(value, f.path, f.key);
      continue;
    }
    const causes: StatusCause[] = other.map((i) => {
      const field = joinPath(i.path);
      let message = i.message;
      if (i.code === 'invalid_type') message = (i as any).input === undefined ? 'Required value' : `Invalid value: ${i.message}`;
      // A bad record key (a label or annotation key): say what is wrong with it, not just "Invalid key in record".
      if (i.code === 'invalid_key') message = `Invalid value: ${(i as any).issues?.[0]?.message ?? i.message}`;
      return { type: i.code === 'invalid_type' && (i as any).input === undefined ? 'FieldValueRequired' : 'FieldValueInvalid', field, message };
    });
    if (causes.length > MAX_CAUSES) causes.splice(MAX_CAUSES, causes.length, { type: 'FieldValueInvalid', field: '', message: andMore(causes.length - MAX_CAUSES) });
    throw invalid(kind, group, name, causes);
  }
  throw badRequest('the object could not be decoded');
}

// compiledSchema's schemas, built once per schema.
const compiledSchemas = new WeakMap<z.ZodType, z.ZodType>();

/**
 * compiledSchema is `schema` with zod's generated fast path (`z.compile`), built once per schema: it
 * accepts exactly what `schema` accepts with the same output, and on any input it does not accept it
 * hands the parse to `schema`'s own runtime parser, so every issue (code, path, message) is the runtime's.
 * The runtime parser runs every key of a strict object, present or not, through its schema (about 45 in a
 * pod spec, 26 per container, 31 per volume), and that made a pod's validation cost as much as its
 * admission; the generated code skips absent optional keys. A schema zod cannot compile is returned as is.
 */
export function compiledSchema<T>(schema: z.ZodType<T>): z.ZodType<T> {
  let c = compiledSchemas.get(schema);
  if (c === undefined) {
    c = z.compile(schema);
    compiledSchemas.set(schema, c);
  }
  return c as z.ZodType<T>;
}

// withoutSpec's schemas, built once per schema (null: the schema has no spec to leave out).
const specless = new WeakMap<z.ZodType, z.ZodType | null>();

/**
 * withoutSpec is `schema` with `spec` accepted as it is (metadata, status and unknown top-level fields
 * still checked), or undefined when `schema` is not an object with a spec. For a status write that leaves
 * the stored spec as it was: the spec was checked when it was written and the write keeps it (upstream
 * validates only metadata and status there), and a pod's spec is most of the schema's work.
 */
export function withoutSpec(schema: z.ZodType): z.ZodType | undefined {
  let v = specless.get(schema);
  if (v === undefined) {
    v = schema instanceof z.ZodObject && 'spec' in schema.shape ? schema.extend({ spec: z.unknown() }) : null;
    specless.set(schema, v);
  }
  return v ?? undefined;
}
