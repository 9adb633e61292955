import type { IncomingMessage } from 'node:http';
import YAML, { Parser } from 'yaml';
import { ApiError, badRequest } from './status';
import { decodeKubeProtobuf, isProtobufContentType } from './protobuf';

/** MAX_BODY_BYTES is the largest request body accepted (kube-apiserver's limit is 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** readRawBody buffers the request body, failing with 413 past MAX_BODY_BYTES without reading the rest. */
export function readRawBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      req.resume();
      reject(new ApiError(413, 'RequestEntityTooLarge', `the request body is too large (limit ${limit} bytes)`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new ApiError(413, 'RequestEntityTooLarge', `the request body is too large (limit ${limit} bytes)`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => { if (!failed) resolve(Buffer.concat(chunks)); });
    req.on('error', (e) => { if (!failed) reject(e); });
  });
}

/**
 * MAX_DEPTH is how deeply a request body may nest objects and arrays. Kubernetes objects stay well under
 * 30 levels; the cap keeps every recursive step after decoding (cloning, patching, validation) far from
 * the stack limit, and refuses the deeply nested YAML that would otherwise exhaust memory while composing.
 */
export const MAX_DEPTH = 100;

/** MAX_YAML_ALIASES caps YAML alias expansion (`yaml`'s maxAliasCount: billion-laughs documents are refused). */
export const MAX_YAML_ALIASES = 100;

/** MAX_YAML_NODES caps the values of a YAML body (JSON bodies, parsed natively, are not limited this way). */
export const MAX_YAML_NODES = 50_000;

/** MAX_NODES caps how many values one decoded body may hold (aliases can make a small document large). */
export const MAX_NODES = 1_000_000;

function tooManyYamlValues(): ApiError {
  return badRequest(`the YAML body holds too many values (more than ${MAX_YAML_NODES}); send large objects as JSON`);
}

function tooDeep(): ApiError {
  return badRequest(`the request body is nested too deeply (more than ${MAX_DEPTH} levels of objects and arrays)`);
}

// jsonTextDepth is the deepest bracket nesting of JSON text, ignoring brackets inside strings; it stops
// early past `max`, so a 3 MiB run of `[` costs one scan and no allocation.
function jsonTextDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) { if (++depth > max) return true; } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

// yamlTextDepthExceeds is a linear pre-check on YAML text, run before the YAML parser (which slows down
// sharply with depth: seconds for a few hundred thousand levels). It estimates nesting from the text: a
// line sits one level below the nearest less-indented line, plus one level per compact indicator on it
// (`- - - x`, `? `), plus the flow brackets open at that point. Quoted scalars, comments and the lines of
// block scalars (`|`, `>`) are skipped. The estimate can only exceed the real depth through brackets in
// plain scalars (`a: x[`), which an ordinary document does not hold by the hundred.
function yamlTextDepthExceeds(text: string, max: number): boolean {
  // Entries (block lines and flow separators) bound the values from below: past MAX_YAML_NODES of them
  // the document is refused here, before the parser spends seconds on it.
  let entries = 0;
  const stack: { col: number; depth: number }[] = [];
  let scalarCol = -1; // indentation of the line that opened a block scalar, or -1
  let flow = 0;
  let quote = '';
  let lineDepth = 0;
  for (let i = 0; i <= text.length;) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    const line = text.slice(i, end);
    i = end + 1;
    let from = 0;
    if (!quote && flow === 0) {
      const body = line.trimStart();
      const col = line.length - body.length;
      if (body === '' || body.startsWith('#')) continue;
      if (scalarCol >= 0 && col > scalarCol) continue;
      scalarCol = -1;
      while (stack.length > 0 && stack[stack.length - 1].col >= col) stack.pop();
      const indicators = /^(?:[-?:](?:[ \t]+|$))*/.exec(body)![0].replace(/[^-?:]/g, '').length;
      lineDepth = (stack.length > 0 ? stack[stack.length - 1].depth : 0) + 1 + indicators;
      if (lineDepth > max) return true;
      stack.push({ col, depth: lineDepth });
      if (++entries > MAX_YAML_NODES) throw tooManyYamlValues();
      if (/[|>][-+0-9]*\s*(#.*)?$/.test(body)) scalarCol = col;
      from = col;
    }
    let prev = ' ';
    for (let j = from; j < line.length; j++) {
      const c = line[j];
      if (quote) {
        if (quote === '"' && c === '\\') { j++; continue; }
        if (c === quote) {
          if (quote === "'" && line[j + 1] === "'") { j++; continue; }
          quote = '';
        }
        prev = c;
        continue;
      }
      if ((c === '"' || c === "'") && /[\s[{,:?-]/.test(prev)) { quote = c; prev = c; continue; }
      if (c === '#' && /\s/.test(prev)) break;
      if (c === '[' || c === '{') { if (++flow + lineDepth > max) return true; } else if ((c === ']' || c === '}') && flow > 0) flow--;
      else if (c === ',' && flow > 0 && ++entries > MAX_YAML_NODES) throw tooManyYamlValues();
      prev = c;
    }
  }
  return false;
}

// yamlCstDepthExceeds walks the YAML parser's concrete syntax tree (which the parser builds without
// recursion) iteratively and tells whether collections nest deeper than `max`; composing such a tree
// is what exhausts memory, so the check runs before it.
function yamlCstDepthExceeds(text: string, max: number): boolean {
  const stack: { tok: unknown; depth: number }[] = [];
  for (const doc of new Parser().parse(text)) stack.push({ tok: doc, depth: 0 });
  let nodes = 0;
  while (stack.length > 0) {
    const { tok, depth } = stack.pop()!;
    if (tok === null || typeof tok !== 'object') continue;
    // Composing YAML costs ~15 µs a value: past MAX_YAML_NODES the event loop would stall for seconds.
    if (++nodes > MAX_YAML_NODES) throw tooManyYamlValues();
    const t = tok as { type?: string; value?: unknown; items?: { key?: unknown; value?: unknown }[] };
    const isCollection = t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection';
    const d = isCollection ? depth + 1 : depth;
    if (d > max) return true;
    if (t.value && typeof t.value === 'object') stack.push({ tok: t.value, depth: d });
    if (Array.isArray(t.items)) for (const it of t.items) { stack.push({ tok: it.key, depth: d }); stack.push({ tok: it.value, depth: d }); }
  }
  return false;
}

/**
 * checkDepth throws a 400 when a decoded value nests objects/arrays deeper than `max` or holds more than
 * MAX_NODES values. Iterative, so it is safe on any input, and used on patch results too (a JSON patch
 * `copy` can deepen an object).
 */
export function checkDepth(value: unknown, max = MAX_DEPTH): void {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (++nodes > MAX_NODES) throw badRequest(`the request body holds too many values (more than ${MAX_NODES})`);
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) throw tooDeep();
    for (const c of Array.isArray(v) ? v : Object.values(v as object)) if (c !== null && typeof c === 'object') stack.push([c, depth + 1]);
  }
}

/** PATCH_TYPES maps patch content types to our patch kinds. */
export const PATCH_TYPES: Record<string, 'merge' | 'json' | 'strategic' | 'apply'> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/** mediaType strips parameters from a Content-Type. */
export function mediaType(ct: string | undefined): string {
  return (ct ?? '').split(';')[0].trim().toLowerCase();
}

/** decodeBody turns a body (JSON, YAML, or Kubernetes protobuf) into a value; bad input is a 400 naming the problem. */
export function decodeBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const mt = mediaType(contentType);
  if (isProtobufContentType(contentType)) {
    let v: unknown;
    try {
      v = decodeKubeProtobuf(raw);
    } catch (e) {
      throw badRequest(`unable to decode protobuf body: ${(e as Error).message}`);
    }
    checkDepth(v);
    return v;
  }
  const text = raw.toString('utf8');
  if (mt === 'application/yaml' || mt === 'application/apply-patch+yaml' || mt === 'text/yaml') {
    // kubectl sends server-side apply bodies as JSON under the YAML media type: parse those natively.
    if (/^\s*\{/.test(text) && !jsonTextDepthExceeds(text, MAX_DEPTH)) {
      try { return JSON.parse(text); } catch { /* not JSON after all: YAML below */ }
    }
    let v: unknown;
    try {
      if (yamlTextDepthExceeds(text, MAX_DEPTH) || yamlCstDepthExceeds(text, MAX_DEPTH)) throw tooDeep();
      v = YAML.parse(text, { maxAliasCount: MAX_YAML_ALIASES });
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw badRequest(`error decoding YAML: ${(e as Error).message.split('\n')[0]}`);
    }
    // Aliases can nest a collection inside itself beyond what the text shows.
    checkDepth(v);
    return v;
  }
  if (mt && mt !== 'application/json' && !PATCH_TYPES[mt] && mt !== 'text/plain' && mt !== 'application/x-www-form-urlencoded') {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  }
  if (jsonTextDepthExceeds(text, MAX_DEPTH)) throw tooDeep();
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}
