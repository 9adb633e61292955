import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setViewAs, viewAsUser, VIEW_AS_KEY } from './view-as';

class MemoryStorage {
  private m = new Map<string, string>();
  getItem(k: string) { return this.m.get(k) ?? null; }
  setItem(k: string, v: string) { this.m.set(k, v); }
  removeItem(k: string) { this.m.delete(k); }
}

test('viewAsUser: without sessionStorage (node) there is no view-as', () => {
  assert.equal(viewAsUser(), undefined);
  setViewAs('alice'); // must not throw
});

test('setViewAs stores, trims and clears the username', () => {
  const g = globalThis as { sessionStorage?: unknown };
  g.sessionStorage = new MemoryStorage();
  try {
    setViewAs(' alice ');
    assert.equal(viewAsUser(), 'alice');
    assert.equal((g.sessionStorage as MemoryStorage).getItem(VIEW_AS_KEY), 'alice');
    setViewAs(undefined);
    assert.equal(viewAsUser(), undefined);
    setViewAs('   ');
    assert.equal(viewAsUser(), undefined);
  } finally {
    delete g.sessionStorage;
  }
});
