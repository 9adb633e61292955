// What serves one resource: a ResourceStorage per entry of the shared resource table (src/shared/api/
// resources.ts), looked up by the router (router.ts). A stored resource gets the generic one over the
// store (generic.ts: its strategy plus its subresources); a computed one (reviews, summaries, projects,
// audit events) has its own in its folder, `registry/<resource>/storage.ts`.
//
// A storage answers with a value, or throws an ApiError (a Status); one place, serveWith, writes every
// answer: an object with its HTTP code, JSON already serialized (a stored object's JSON, a list assembled
// from them: reads send stored JSON without decoding it), or a watch (the events it streams).

import { decodeBody, readRawBody } from '../http/body';
import type { RequestContext } from '../http/context';
import { writeEncodedJSON, writeJSON } from '../http/respond';
import { serveWatchStream, type WatchSource } from '../http/watch';
import { badRequest, methodNotAllowed } from '../http/status';

/**
 * Served is a storage's answer: an object with its code; JSON text already serialized (`raw`, written as
 * is); or a watch whose events serveWith streams.
 */
export type Served =
  | { code: number; object: unknown; raw?: undefined; watch?: undefined }
  | { code: number; raw: string; object?: undefined; watch?: undefined }
  | { watch: WatchSource<any>; code?: undefined; object?: undefined; raw?: undefined };

/** ResourceStorage serves the requests for one resource (authentication, audit and authorization already ran). */
export interface ResourceStorage {
  serve(ctx: RequestContext): Promise<Served>;
}

/** Subresource serves one subresource of a resource (pods/binding, serviceaccounts/token, users/password). */
export type Subresource = (ctx: RequestContext) => Promise<Served>;

/** ok and created answer an object, with 200 and 201. */
export const ok = (object: unknown): Served => ({ code: 200, object });
export const created = (object: unknown): Served => ({ code: 201, object });
/** encoded is an answer whose JSON is already serialized (stored JSON served without decoding it). */
export const encoded = (code: number, raw: string): Served => ({ code, raw });
/** watching is the answer of a watch: serveWith streams `source` until the watch ends. */
export const watching = <E>(source: WatchSource<E>): Served => ({ watch: source });

/** success is a meta/v1 Status of success (what a subresource with nothing to return answers). */
export const success = (code: number, message?: string): Served => ({ code, object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...(message ? { message } : {}), code } });

/** serveWith runs a storage and writes its answer: the one place answers of storages are written. */
export async function serveWith(storage: ResourceStorage, ctx: RequestContext): Promise<void> {
  const out = await storage.serve(ctx);
  if (out.raw !== undefined) writeEncodedJSON(ctx, out.code, out.raw);
  else if (out.watch) await serveWatchStream(ctx, out.watch);
  else writeJSON(ctx, out.code, out.object);
}

/** readBody reads a request body (JSON or YAML, at most `limit` bytes); an empty one is `{}`. */
export async function readBody(ctx: RequestContext, limit?: number): Promise<unknown> {
  return decodeBody(await readRawBody(ctx.req, limit), ctx.req.headers['content-type']) ?? {};
}

/** readObject reads a request body that must be one JSON or YAML object (at most `limit` bytes). */
export async function readObject(ctx: RequestContext, limit?: number): Promise<Record<string, unknown>> {
  const body = decodeBody(await readRawBody(ctx.req, limit), ctx.req.headers['content-type']);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the request body must be a JSON or YAML object');
  return body as Record<string, unknown>;
}

/**
 * createOnly is the storage of a create-only, never-stored resource (a review): POST with a body, answered 201 with what `answer` makes of it; any other verb is 405.
 */
export function createOnly(answer: (ctx: RequestContext, body: unknown) => Promise<unknown> | unknown): ResourceStorage {
  return {
    async serve(ctx) {
      if (ctx.info.verb !== 'create') throw methodNotAllowed();
      const body = decodeBody(await readRawBody(ctx.req), ctx.req.headers['content-type']);
      return created(await answer(ctx, body));
    },
  };
}
