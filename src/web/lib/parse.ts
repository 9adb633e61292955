import { z } from 'zod';
import { ApiError } from './api-client';

// Responses are parsed at the edge with the shared zod schemas (STYLE §2). Many shared schemas are
// strict (the server needs fieldValidation=Strict), but a newer server may add fields the console does
// not know yet: that must never blank a page. So unknown keys are dropped, and an item that still
// does not fit is kept if it has at least a name, rather than failing the whole list.

const minimalObject = z.looseObject({ metadata: z.looseObject({ name: z.string() }) });

function dropKeys(root: unknown, path: readonly PropertyKey[], keys: readonly string[]): void {
  let node: unknown = root;
  for (const p of path) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Record<PropertyKey, unknown>)[p];
  }
  if (typeof node !== 'object' || node === null) return;
  for (const k of keys) delete (node as Record<string, unknown>)[k];
}

/**
 * parseLenient parses `value` with `schema`, tolerating fields the schema does not know: they are
 * removed and the value parsed again. A value that still fails but looks like an object with a name is
 * returned as is (`exact: false`); anything else yields undefined. Never throws.
 */
export function parseLenient<T>(schema: z.ZodType<T>, value: unknown): { data: T; exact: boolean } | undefined {
  let r = schema.safeParse(value);
  if (r.success) return { data: r.data, exact: true };
  const copy = structuredClone(value);
  // Nested unknown keys surface one level at a time only when a parent fails first; a few rounds suffice.
  for (let round = 0; round < 4 && !r.success; round++) {
    const unknown = r.error.issues.filter((i) => i.code === 'unrecognized_keys');
    if (unknown.length === 0) break;
    for (const i of unknown) dropKeys(copy, i.path, (i as { keys: string[] }).keys);
    r = schema.safeParse(copy);
  }
  if (r.success) return { data: r.data, exact: true };
  return minimalObject.safeParse(copy).success ? { data: copy as T, exact: false } : undefined;
}

const listSchema = z.looseObject({
  metadata: z.looseObject({ resourceVersion: z.string().optional(), continue: z.string().optional() }).nullable().optional(),
  items: z.array(z.unknown()).nullable().optional(),
});

/** ObjectList is a parsed `*List`: its items, the resourceVersion to watch from, and the token of the next page, if any. */
export interface ObjectList<T> {
  items: T[];
  resourceVersion: string;
  continue?: string;
}

/**
 * parseList parses a Kubernetes list, each item leniently (see parseLenient): an item the console
 * cannot read is skipped, not fatal. A body that is not a list is an ApiError naming `what` (e.g. "an audit list").
 */
export function parseList<T>(schema: z.ZodType<T>, body: unknown, what = 'a list'): ObjectList<T> {
  const r = listSchema.safeParse(body);
  if (!r.success) throw new ApiError({ status: 200, reason: 'InvalidResponse', message: `The server sent ${what} the console could not read.` });
  const items: T[] = [];
  for (const raw of r.data.items ?? []) {
    const p = parseLenient(schema, raw);
    if (p) items.push(p.data);
  }
  const next = r.data.metadata?.continue || undefined;
  return { items, resourceVersion: r.data.metadata?.resourceVersion ?? '', ...(next ? { continue: next } : {}) };
}
