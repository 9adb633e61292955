// Predicates over decoded JSON, shared by the server and the console.

/** isRecord reports whether `x` is a JSON object: a non-null object that is not an array. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
