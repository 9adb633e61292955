import { z } from 'zod';
import { toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import { secrets } from './write-secret';

// The one place the console reads a secret's values: when a person who may `get` the secret asks to
// see one value (Reveal). It is never prefetched, never cached (no query cache, no storage, no URL):
// each reveal is a fresh GET, which the server's audit trail records as this person's `get`.

const secretDataSchema = z.looseObject({ data: z.record(z.string(), z.string()).nullable().optional() });

/** RevealedValue is one key's value: as text when it is UTF-8, and its size. */
export interface RevealedValue { text?: string; bytes: number; base64: string }

/** decodeValue decodes a base64 secret value; binary (non-UTF-8) values have no `text`. */
export function decodeValue(base64: string): RevealedValue {
  const raw = atob(base64);
  const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0));
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), bytes: bytes.length, base64 };
  } catch {
    return { bytes: bytes.length, base64 };
  }
}

/** revealSecretValue GETs the secret now and returns the value of `key` (undefined if the key is gone). */
export async function revealSecretValue(namespace: string, name: string, key: string, signal?: AbortSignal): Promise<RevealedValue | undefined> {
  const secret = await apiRequest(toPath(secrets, namespace, name), { signal, parse: (v) => secretDataSchema.parse(v) });
  const value = secret.data?.[key];
  return value === undefined ? undefined : decodeValue(value);
}
