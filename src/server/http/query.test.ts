// The list paging codec (query.ts) and the lists that use it beyond generic REST — secret summaries and
// audit events — paged through the real app on an in-memory store.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createNamespace, startInProcess, type InProcessServer } from '../testing/in-process';
import { decodeContinue, encodeContinue, parseLimit, parsePage } from './query';
import { ApiError } from './status';

const readNs = (v: Record<string, unknown>) => (typeof v.ns === 'string' ? { ns: v.ns } : undefined);

describe('continue codec', () => {
  test('round-trips the state', () => {
    assert.deepEqual(decodeContinue(encodeContinue({ ns: 'a', rv: 7 }), (v) => ({ ns: v.ns, rv: v.rv })), { ns: 'a', rv: 7 });
  });
  for (const [name, token] of [['not base64 JSON', '%%%'], ['JSON but not an object', Buffer.from('[1]').toString('base64url')], ['fields the list refuses', encodeContinue({ other: 1 })]]) {
    test(`a token that is ${name} is a 400 naming continue`, () => {
      assert.throws(() => decodeContinue(token, readNs), (e: unknown) => e instanceof ApiError && e.code === 400 && /continue/.test(e.message));
    });
  }
  test('parsePage reads limit and continue; parseLimit refuses what is not a count', () => {
    assert.deepEqual(parsePage(new URLSearchParams(`limit=5&continue=${encodeContinue({ ns: 'x' })}`), readNs), { limit: 5, from: { ns: 'x' } });
    assert.deepEqual(parsePage(new URLSearchParams(''), readNs), { limit: 0 });
    for (const bad of ['-1', '1.5', 'ten']) assert.throws(() => parseLimit(bad), /limit/);
  });
});

describe('paged lists served outside generic REST', () => {
  let s: InProcessServer;
  before(async () => {
    s = await startInProcess();
    await createNamespace(s, 'paging');
    for (const n of ['s1', 's2', 's3', 's4', 's5']) {
      const r = await s.request('POST', '/api/v1/namespaces/paging/secrets', { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: n }, stringData: { k: 'v' } } });
      assert.equal(r.status, 201, r.text);
    }
  });
  after(async () => { await s.close(); });

  const pageAll = async (first: string) => {
    const names: string[] = [];
    let next = '';
    let pages = 0;
    do {
      const r = await s.request('GET', `${first}${next ? `&continue=${encodeURIComponent(next)}` : ''}`);
      assert.equal(r.status, 200, r.text);
      names.push(...r.body.items.map((o: any) => o.metadata.name));
      next = r.body.metadata.continue ?? '';
      pages += 1;
    } while (next && pages < 50);
    return { names, pages };
  };

  test('secret summaries page by two in name order', async () => {
    const { names, pages } = await pageAll('/apis/security.gatehouse.dev/v1/namespaces/paging/secretsummaries?limit=2');
    assert.deepEqual(names, ['s1', 's2', 's3', 's4', 's5']);
    assert.equal(pages, 3);
    const bad = await s.request('GET', '/apis/security.gatehouse.dev/v1/namespaces/paging/secretsummaries?limit=2&continue=garbage');
    assert.equal(bad.status, 400);
  });

  test('audit events page newest first without repeats, and refuse a malformed token or limit', async () => {
    const { names } = await pageAll('/apis/audit.gatehouse.dev/v1/namespaces/paging/auditevents?limit=2');
    assert.ok(names.length >= 5, `${names.length} events`);
    assert.equal(new Set(names).size, names.length);
    const whole = await s.request('GET', '/apis/audit.gatehouse.dev/v1/namespaces/paging/auditevents');
    // The paging requests are audited too: the full list (taken later) has them on top, then the same order.
    const paged = new Set(names);
    assert.deepEqual(whole.body.items.map((o: any) => o.metadata.name).filter((n: string) => paged.has(n)), names);
    assert.equal((await s.request('GET', '/apis/audit.gatehouse.dev/v1/auditevents?limit=2&continue=garbage')).status, 400);
    assert.equal((await s.request('GET', '/apis/audit.gatehouse.dev/v1/auditevents?limit=-2')).status, 400);
  });
});
