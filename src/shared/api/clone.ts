/**
 * jsonClone deep-copies JSON data (plain objects, arrays and primitives, as decoded from a request
 * body or the store) like structuredClone does, several times faster: structuredClone serializes and
 * deserializes through V8's value serializer, a cost that showed in every write's profile. An own
 * `__proto__` key (JSON.parse makes one) stays an own property, never the copy's prototype. Anything
 * that is not plain data (a Date, a typed array…) is copied by structuredClone, so the result is the
 * same for every input.
 */
export function jsonClone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = jsonClone(v[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = jsonClone((v as Record<string, unknown>)[k]);
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, writable: true, enumerable: true, configurable: true });
    else out[k] = x;
  }
  return out as T;
}
