import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from './identity';

// RateLimiter.reserve counts an attempt before it is checked: a burst meets the limit at once.

describe('RateLimiter', () => {
  it('reserve counts up to the limit, then says how long to wait without counting', () => {
    const l = new RateLimiter(3, 60_000);
    const now = 1_000_000;
    assert.deepEqual([1, 2, 3, 4, 5].map(() => l.reserve('k', now)), [0, 0, 0, 60, 60]);
  });
  it('release gives back a successful attempt; reset clears the key', () => {
    const l = new RateLimiter(2, 60_000);
    const now = 1_000_000;
    l.reserve('k', now);
    l.reserve('k', now + 1);
    assert.ok(l.retryAfter('k', now + 2) > 0);
    l.release('k', now + 1);
    assert.equal(l.retryAfter('k', now + 2), 0);
    l.reset('k');
    assert.equal(l.reserve('k', now + 3), 0);
  });
  it('reservations expire with the window', () => {
    const l = new RateLimiter(1, 1000);
    assert.equal(l.reserve('k', 0), 0);
    assert.ok(l.reserve('k', 500) > 0);
    assert.equal(l.reserve('k', 1500), 0);
  });
});
