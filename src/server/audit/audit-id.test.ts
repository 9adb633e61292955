import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newAuditID } from './audit-id';

describe('newAuditID', () => {
  it('is a version 7, variant 10 UUID carrying the time', () => {
    const t = Date.UTC(2025, 4, 6, 7, 8, 9, 10);
    const id = newAuditID(t);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), t);
  });
  it('is unique and sorts by time', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => newAuditID(1_700_000_000_000 + i));
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), ids);
  });
});
