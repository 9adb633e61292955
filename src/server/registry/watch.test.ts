// The watch protocol over the real app on an in-memory store: the initial ADDED burst, resuming from a
// resourceVersion, selector transitions, bookmarks, 410 Gone for a revision older than the window, timeouts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startInProcess, type InProcessServer } from '../testing/in-process';
import { parseGoDurationMs, watchTimeoutMs } from '../http/watch';

let s: InProcessServer;
// A small event window so that 410 Gone is reachable; bookmarks every 100 ms.
before(async () => { s = await startInProcess({ windowSize: 30, bookmarkMs: 100 }); });
after(async () => { await s.close(); });

const CMS = '/api/v1/namespaces/default/configmaps';
const cm = (name: string, labels?: Record<string, string>, data: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data });

describe('watch', () => {
  test('without resourceVersion: ADDED for every current object, then live changes', async () => {
    await s.request('POST', CMS, { body: cm('w-existing', { w: 'initial' }) });
    const w = await s.watch(`${CMS}?watch=true&labelSelector=w%3Dinitial`);
    assert.equal(w.status, 200);
    try {
      const first = await w.next();
      assert.equal(first.type, 'ADDED');
      assert.equal(first.object.metadata.name, 'w-existing');
      assert.equal(first.object.kind, 'ConfigMap');
      await s.request('PATCH', `${CMS}/w-existing`, { body: { data: { x: '1' } }, contentType: 'application/merge-patch+json' });
      const mod = await w.next();
      assert.equal(mod.type, 'MODIFIED');
      assert.equal(mod.object.data.x, '1');
      await s.request('DELETE', `${CMS}/w-existing`);
      assert.equal((await w.next()).type, 'DELETED');
    } finally { w.stop(); }
  });

  test('from a resourceVersion: replays exactly the changes after it, in order', async () => {
    const c = await s.request('POST', CMS, { body: cm('w-replay', { w: 'replay' }) });
    const from = c.body.metadata.resourceVersion;
    await s.request('PATCH', `${CMS}/w-replay`, { body: { data: { n: '1' } }, contentType: 'application/merge-patch+json' });
    await s.request('POST', CMS, { body: cm('w-replay-2', { w: 'replay' }) });
    const w = await s.watch(`${CMS}?watch=true&labelSelector=w%3Dreplay&resourceVersion=${from}`);
    try {
      const a = await w.next();
      const b = await w.next();
      assert.deepEqual([a.type, a.object.metadata.name, b.type, b.object.metadata.name], ['MODIFIED', 'w-replay', 'ADDED', 'w-replay-2']);
      assert.ok(Number(b.object.metadata.resourceVersion) > Number(a.object.metadata.resourceVersion));
    } finally { w.stop(); }
  });

  test('a change into the selector is ADDED, out of it DELETED', async () => {
    await s.request('POST', CMS, { body: cm('w-move', { w: 'out' }) });
    const w = await s.watch(`${CMS}?watch=true&labelSelector=w%3Din&resourceVersion=${s.app.store.revision()}`);
    try {
      await s.request('PATCH', `${CMS}/w-move`, { body: { metadata: { labels: { w: 'in' } } }, contentType: 'application/merge-patch+json' });
      const into = await w.next();
      assert.deepEqual([into.type, into.object.metadata.name], ['ADDED', 'w-move']);
      await s.request('PATCH', `${CMS}/w-move`, { body: { metadata: { labels: { w: 'out' } } }, contentType: 'application/merge-patch+json' });
      assert.equal((await w.next()).type, 'DELETED');
    } finally { w.stop(); }
  });

  test('a watch on one name (fieldSelector metadata.name) sees only that object', async () => {
    const w = await s.watch(`${CMS}?watch=true&fieldSelector=metadata.name%3Dw-one&resourceVersion=${s.app.store.revision()}`);
    try {
      await s.request('POST', CMS, { body: cm('w-other') });
      await s.request('POST', CMS, { body: cm('w-one') });
      const e = await w.next();
      assert.equal(e.object.metadata.name, 'w-one');
    } finally { w.stop(); }
  });

  test('a watch without selectors never reads a change\'s previous version; one with a selector does', async () => {
    // Counts the reads of each event's lazily decoded `prev` (this listener runs before the watches' own).
    let prevReads = 0;
    const unsubscribe = s.app.store.subscribe((e) => {
      if (e.type !== 'MODIFIED') return;
      const desc = Object.getOwnPropertyDescriptor(e, 'prev')!;
      const read = desc.get ? () => desc.get!.call(e) : () => desc.value;
      Object.defineProperty(e, 'prev', { enumerable: true, configurable: true, get: () => { prevReads++; return read(); } });
    });
    await s.request('POST', CMS, { body: cm('w-prev', { w: 'p' }) });
    try {
      for (const [query, reads] of [['', 0], ['&labelSelector=w%3Dp', 1]] as const) {
        prevReads = 0;
        const w = await s.watch(`${CMS}?watch=true&resourceVersion=${s.app.store.revision()}${query}`);
        try {
          await s.request('PATCH', `${CMS}/w-prev`, { body: { data: { n: query } }, contentType: 'application/merge-patch+json' });
          const e = await w.next();
          assert.deepEqual([e.type, e.object.metadata.name, e.object.data.n], ['MODIFIED', 'w-prev', query]);
          assert.equal(prevReads, reads, query || 'no selector');
        } finally { w.stop(); }
      }
    } finally { unsubscribe(); }
  });

  test('allowWatchBookmarks sends BOOKMARK events carrying the latest revision', async () => {
    const w = await s.watch(`${CMS}?watch=true&allowWatchBookmarks=true&resourceVersion=${s.app.store.revision()}`);
    try {
      const e = await w.next(3000);
      assert.equal(e.type, 'BOOKMARK');
      assert.equal(e.object.kind, 'ConfigMap');
      assert.equal(e.object.metadata.resourceVersion, String(s.app.store.revision()));
    } finally { w.stop(); }
  });

  test('no bookmarks unless asked for', async () => {
    const w = await s.watch(`${CMS}?watch=true&resourceVersion=${s.app.store.revision()}`);
    try {
      await assert.rejects(w.next(400), /no watch event/);
    } finally { w.stop(); }
  });

  test('a resourceVersion older than the event window is one ERROR event with a 410 Expired Status', async () => {
    const old = s.app.store.revision();
    for (let i = 0; i < 35; i++) await s.request('POST', CMS, { body: cm(`w-fill-${i}`) });
    const w = await s.watch(`${CMS}?watch=true&resourceVersion=${old}`);
    try {
      const e = await w.next();
      assert.equal(e.type, 'ERROR');
      assert.equal(e.object.kind, 'Status');
      assert.equal(e.object.code, 410);
      assert.equal(e.object.reason, 'Expired');
      await assert.rejects(w.next(1000), /watch ended/);
    } finally { w.stop(); }
  });

  test('bad parameters are a 400 Status before the stream starts', async () => {
    const rv = await s.request('GET', `${CMS}?watch=true&resourceVersion=abc`);
    assert.equal(rv.status, 400);
    assert.match(rv.body.message, /resource version/);
    const t = await s.request('GET', `${CMS}?watch=true&timeoutSeconds=-1`);
    assert.equal(t.status, 400);
    assert.match(t.body.message, /timeoutSeconds/);
  });

  test('timeoutSeconds ends the stream', async () => {
    const w = await s.watch(`${CMS}?watch=true&timeoutSeconds=1&resourceVersion=${s.app.store.revision()}`);
    await assert.rejects(w.next(4000), /watch ended/);
    w.stop();
  });

  test('a user without watch permission is refused with 403', async () => {
    const r = await s.request('GET', `${CMS}?watch=true`, { as: 'alice' });
    assert.equal(r.status, 403);
  });
});

describe('watch timeouts', () => {
  const q = (s: string) => new URLSearchParams(s);
  test('timeoutSeconds and Go durations; default 30 minutes; capped at 24 h', () => {
    assert.equal(watchTimeoutMs(q('timeoutSeconds=5')), 5000);
    assert.equal(watchTimeoutMs(q('timeout=1m30s')), 90_000);
    assert.equal(watchTimeoutMs(q('')), 30 * 60 * 1000);
    assert.equal(watchTimeoutMs(q('timeoutSeconds=999999999')), 24 * 3600 * 1000);
    assert.throws(() => watchTimeoutMs(q('timeout=soon')), /timeout/);
  });
  test('parseGoDurationMs', () => {
    for (const [text, ms] of [['500ms', 500], ['2h', 7_200_000], ['1.5s', 1500], ['10', 10_000], ['1h2m3s', 3_723_000]] as const) assert.equal(parseGoDurationMs(text), ms, text);
    for (const bad of ['', 's', '1x', '-1s']) assert.equal(parseGoDurationMs(bad), undefined, bad);
  });
});

describe('watches of computed resources (their storages return the watch; serveWith streams it)', () => {
  test('projects and secret summaries stream ADDED for what exists, then live changes; a bad resourceVersion is a 400 Status', async () => {
    const projects = await s.watch('/apis/project.gatehouse.dev/v1/projects?watch=true');
    assert.equal(projects.status, 200);
    try {
      const seen = new Set<string>();
      while (!seen.has('default')) seen.add((await projects.next()).object.metadata.name);
      await s.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'w-project' } } });
      let e;
      do e = await projects.next(); while (e.object.metadata.name !== 'w-project');
      assert.equal(e.type, 'ADDED');
      assert.equal(e.object.kind, 'Project');
    } finally { projects.stop(); }
    const summaries = await s.watch('/apis/security.gatehouse.dev/v1/namespaces/default/secretsummaries?watch=true');
    assert.equal(summaries.status, 200);
    try {
      await s.request('POST', '/api/v1/namespaces/default/secrets', { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'w-secret' }, stringData: { password: 'hunter2' } } });
      let e;
      do e = await summaries.next(); while (e.object.metadata.name !== 'w-secret');
      assert.equal(e.type, 'ADDED');
      assert.doesNotMatch(JSON.stringify(e.object), /hunter2|aHVudGVyMg/);
    } finally { summaries.stop(); }
    const bad = await s.request('GET', '/apis/project.gatehouse.dev/v1/projects?watch=true&resourceVersion=abc');
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.kind, 'Status');
  });
});
