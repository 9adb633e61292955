// Secrets encrypted at rest, as Kubernetes' EncryptionConfiguration with the `aesgcm` provider does:
// each stored secret is `k8s:enc:aesgcm:v1:<key name>:` followed by base64(nonce ‖ ciphertext ‖ tag),
// AES-256-GCM with a fresh 96-bit random nonce per write, under a 32-byte key kept in
// `<dataDir>/encryption-key` (mode 0600, created on first start). Rows without the prefix are
// plaintext from before encryption: they still read, and are rewritten encrypted at startup.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Transformer } from './store';

/** KEY_FILE is the key's file name in the data dir. */
export const KEY_FILE = 'encryption-key';
/** KEY_NAME names the key in the envelope, so a later key rotation can tell keys apart. */
export const KEY_NAME = 'key1';
/** ENVELOPE_PREFIX marks an encrypted value. */
export const ENVELOPE_PREFIX = `k8s:enc:aesgcm:v1:${KEY_NAME}:`;
/** SECRETS_KEY is the storage key of secrets. */
const SECRETS_KEY = '/secrets';

/** loadOrCreateKey reads the 32-byte key, creating it (0600, exclusively) when absent; a wrong-sized key is an error. */
export function loadOrCreateKey(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  try {
    fs.writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = fs.readFileSync(file);
  if (key.length !== 32) throw new Error(`${file} must hold exactly 32 bytes (found ${key.length}); restore it from backup, or secrets cannot be read`);
  fs.chmodSync(file, 0o600);
  return key;
}

/** aesGcmTransformer encrypts with AES-256-GCM; reads accept the envelope or legacy plaintext JSON. */
export function aesGcmTransformer(key: Buffer): Transformer {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  return {
    toStorage(json) {
      const nonce = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([c.update(json, 'utf8'), c.final()]);
      return ENVELOPE_PREFIX + Buffer.concat([nonce, body, c.getAuthTag()]).toString('base64');
    },
    fromStorage(stored) {
      if (!stored.startsWith('k8s:enc:')) return stored;
      if (!stored.startsWith(ENVELOPE_PREFIX)) throw new Error('stored secret is encrypted with an unknown provider or key');
      const raw = Buffer.from(stored.slice(ENVELOPE_PREFIX.length), 'base64');
      if (raw.length < 28) throw new Error('stored secret is truncated');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
    },
  };
}

/**
 * secretsAtRest returns the store transformers that encrypt secrets under `<dataDir>/encryption-key`,
 * after rewriting any plaintext secret rows of `db` encrypted (same revision: nothing changes for
 * clients). That rewrite zeroes the freed plaintext (secure_delete) and truncates the WAL, so no old
 * value is left in the data dir. An in-memory database gets no key file and no encryption.
 */
export function secretsAtRest(db: Database.Database, dataDir: string): Record<string, Transformer> {
  if (db.memory) return {};
  const t = aesGcmTransformer(loadOrCreateKey(dataDir));
  const plain = db.prepare("SELECT ns, name, data FROM objects WHERE res = ? AND data NOT LIKE 'k8s:enc:%'").all(SECRETS_KEY) as { ns: string; name: string; data: string }[];
  if (plain.length > 0) {
    const prev = db.pragma('secure_delete', { simple: true });
    db.pragma('secure_delete = ON');
    const update = db.prepare('UPDATE objects SET data = ? WHERE res = ? AND ns = ? AND name = ?');
    db.transaction(() => { for (const r of plain) update.run(t.toStorage(r.data), SECRETS_KEY, r.ns, r.name); }).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma(`secure_delete = ${Number(prev) ? 'ON' : 'OFF'}`);
  }
  return { [SECRETS_KEY]: t };
}
