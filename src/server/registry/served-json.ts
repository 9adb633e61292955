import { groupVersion } from '../../shared/api/resources';
import type { Strategy } from './strategies';

// Serving stored JSON as it is. Every object written through the API is stored with its apiVersion and
// kind first, so its stored JSON already is the JSON a read serves; reads (GET, lists, watch events)
// can then skip decoding and encoding the object.

const shapePrefixes = new Map<string, string>();

/**
 * servedJSON is the JSON of shaped(s, o) from the object's stored JSON when that already is it (it
 * starts with this resource's apiVersion and kind, as every object written through the API does), so
 * reads skip decoding and encoding; otherwise undefined.
 */
export function servedJSON(s: Strategy, stored: string | undefined): string | undefined {
  if (stored === undefined) return undefined;
  let prefix = shapePrefixes.get(s.key);
  if (prefix === undefined) {
    prefix = `{"apiVersion":${JSON.stringify(groupVersion(s.desc))},"kind":${JSON.stringify(s.desc.kind)},`;
    shapePrefixes.set(s.key, prefix);
  }
  return stored.startsWith(prefix) ? stored : undefined;
}
