import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { apiFetch } from './api-client';
import { setViewAs, viewAsUser } from './view-as';

// "View as" lives in the single fetch wrapper: every API request carries Impersonate-User, signing in
// or out never does (and ends it), and one request may ask as someone else.

class MemoryStorage {
  private m = new Map<string, string>();
  getItem(k: string) { return this.m.get(k) ?? null; }
  setItem(k: string, v: string) { this.m.set(k, v); }
  removeItem(k: string) { this.m.delete(k); }
}

const g = globalThis as { sessionStorage?: unknown };
const realFetch = globalThis.fetch;
let sent: { url: string; headers: Headers }[] = [];

beforeEach(() => {
  g.sessionStorage = new MemoryStorage();
  sent = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    sent.push({ url, headers: new Headers(init.headers) });
    return new Response('{}', { status: 200 });
  }) as typeof fetch;
});
afterEach(() => {
  delete g.sessionStorage;
  globalThis.fetch = realFetch;
});

const cases: { name: string; viewAs?: string; path: string; headers?: Record<string, string>; expect: string | null; cleared?: boolean }[] = [
  { name: 'as oneself: no header', path: '/api/v1/pods', expect: null },
  { name: 'viewing as alice: every API request', viewAs: 'alice', path: '/apis/rbac.authorization.k8s.io/v1/rolebindings', expect: 'alice' },
  { name: 'one request may ask as someone else', viewAs: 'alice', path: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', headers: { 'Impersonate-User': 'bob' }, expect: 'bob' },
  { name: 'signing out is one’s own and ends view-as', viewAs: 'alice', path: '/auth/logout', expect: null, cleared: true },
  { name: 'signing in is one’s own and ends view-as', viewAs: 'alice', path: '/auth/login', expect: null, cleared: true },
  { name: 'other auth routes are one’s own but keep view-as', viewAs: 'alice', path: '/auth/tokens', expect: null },
];
for (const c of cases) {
  test(`apiFetch: ${c.name}`, async () => {
    if (c.viewAs) setViewAs(c.viewAs);
    await apiFetch(c.path, { headers: c.headers });
    assert.equal(sent[0].headers.get('Impersonate-User'), c.expect);
    assert.equal(sent[0].headers.get('X-Gatehouse-Request'), '1');
    assert.equal(viewAsUser(), c.cleared ? undefined : c.viewAs);
  });
}
