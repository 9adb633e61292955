import type { RequestContext } from './context';
import type { ApiError } from './status';

/** writeJSON sends a JSON body with the request's warnings, and records the code for audit. */
export function writeJSON(ctx: RequestContext, code: number, body: unknown, headers: Record<string, string> = {}): void {
  if (ctx.res.headersSent) return;
  writeEncodedJSON(ctx, code, JSON.stringify(body), headers);
}

/** writeEncodedJSON is writeJSON for a body already serialized (a stored object's JSON, a list assembled from them). */
export function writeEncodedJSON(ctx: RequestContext, code: number, text: string, headers: Record<string, string> = {}): void {
  const { res } = ctx;
  if (res.headersSent) return;
  ctx.responseCode = code;
  const h: Record<string, string | string[]> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers };
  if (ctx.warnings.length > 0) h.Warning = ctx.warnings.map((w) => `299 - "${w.replace(/["\\]/g, '\\$&')}"`);
  res.writeHead(code, h);
  const payload = ctx.req.method === 'HEAD' ? undefined : text;
  if (ctx.deferEnd) ctx.deferEnd(() => { if (!res.writableEnded) res.end(payload); });
  else res.end(payload);
}

/** writeError sends an ApiError as a Status (5xx messages are already generic). */
export function writeError(ctx: RequestContext, err: ApiError): void {
  const s = err.toStatus();
  ctx.responseStatus = { code: s.code, status: 'Failure', reason: s.reason, message: s.message };
  writeJSON(ctx, err.code, s, err.headers ?? {});
}
