import type { RequestContext } from './context';
import type { ApiError } from './status';

/** writeJSON sends a JSON body with the request's warnings, and records the code for audit. */
export function writeJSON(ctx: RequestContext, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const { res } = ctx;
  if (res.headersSent) return;
  const text = JSON.stringify(body);
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
