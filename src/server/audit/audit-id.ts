// Audit IDs are UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. They are as unique
// as upstream's random UUIDs, and ordered by time, so the audit_id index grows at its right edge
// (a write touches one page, not a random one) and sorts near the event's place in the trail.

import { randomFillSync } from 'node:crypto';

const buf = Buffer.alloc(16);
// Random bytes are drawn 4 KB at a time (as crypto.randomUUID caches its own): one call into the CSPRNG
// per 409 IDs instead of one per request.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/** newAuditID returns a fresh UUIDv7 string for a request's auditID (and Audit-Id response header). */
export function newAuditID(now = Date.now()): string {
  if (poolAt + 10 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  pool.copy(buf, 6, poolAt, poolAt + 10);
  poolAt += 10;
  buf.writeUIntBE(now, 0, 6);
  buf[6] = 0x70 | (buf[6] & 0x0f); // version 7
  buf[8] = 0x80 | (buf[8] & 0x3f); // variant 10
  const h = buf.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
