import fs from 'node:fs';
import path from 'node:path';
import type { RequestContext } from './context';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
};

/** statOrNothing is a file's stat, or undefined for any path that names no file (missing, under a file — ENOTDIR —, too long, a NUL byte). */
function statOrNothing(p: string): fs.Stats | undefined {
  try { return fs.statSync(p, { throwIfNoEntry: false }); } catch { return undefined; }
}

/**
 * serveStatic serves the built SPA from `root`: files by path (hashed assets cached for a year),
 * and index.html for any other GET so client-side routes can be shared as URLs. Returns false when
 * there is nothing to serve (no build), so the caller can answer 404.
 */
export function serveStatic(ctx: RequestContext, root: string): boolean {
  const { req, res, url } = ctx;
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let rel: string;
  try { rel = decodeURIComponent(url.pathname); } catch { return false; }
  const file = path.join(root, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
  if (file !== root && !file.startsWith(root + path.sep)) return false;
  let target = file;
  let stat = statOrNothing(target);
  if (!stat || !stat.isFile()) {
    if (path.extname(rel)) return false; // a missing asset is a 404, not the app
    target = path.join(root, 'index.html');
    stat = statOrNothing(target);
    if (!stat) return false;
  }
  const immutable = target.includes(`${path.sep}assets${path.sep}`);
  ctx.responseCode = 200;
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(target)] ?? 'application/octet-stream',
    'Content-Length': stat.size,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(target).pipe(res);
  return true;
}
