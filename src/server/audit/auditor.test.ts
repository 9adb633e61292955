import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent } from '../../shared/api/audit';
import { openDatabase } from '../storage/store';
import { Auditor, type AuditSink } from './auditor';
import { AuditStore, type AuditRecord } from './store';

const ev = (i: number): AuditEvent => ({
  kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: `id-${i}`, stage: 'ResponseComplete', requestURI: '/api', verb: 'get',
  user: { username: 'alice' }, requestReceivedTimestamp: new Date().toISOString(), stageTimestamp: new Date().toISOString(),
});

function setup(opts: { maxBatch?: number; flushMs?: number; groupWaitMs?: number } = {}) {
  const store = new AuditStore(openDatabase(':memory:'));
  const written: string[][] = [];
  const sink: AuditSink = { write: (b: AuditRecord[]) => { written.push(b.map((r) => JSON.parse(r.data).auditID)); }, close: async () => {} };
  const auditor = new Auditor(store, { sinks: [sink], ...opts });
  const seen: number[][] = [];
  auditor.subscribe((recs) => seen.push(recs.map((r) => r.seq)));
  return { store, auditor, written, seen };
}

describe('Auditor', () => {
  it('releases a durable event\'s response only after it is committed, grouping one turn\'s writes in one transaction', async () => {
    const { store, auditor, written } = setup();
    const released: string[] = [];
    const release = (id: string) => () => {
      assert.ok(store.list({ conditions: [{ column: 'audit_id', op: '=', value: id }], limit: 1 }).length === 1, `${id} must be stored before its response goes`);
      released.push(id);
    };
    auditor.process(ev(1), false);
    auditor.process(ev(2), true, release('id-2'));
    auditor.process(ev(3), true, release('id-3'));
    assert.deepEqual(released, [], 'nothing is released synchronously');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(released, ['id-2', 'id-3']);
    assert.deepEqual(written, [['id-1', 'id-2', 'id-3']], 'one batch, in recording order, the read first');
    assert.equal(store.headSeq(), 3);
    assert.equal(auditor.commits, 1, 'one transaction for the three');
  });

  describe('group commit', () => {
    const turn = () => new Promise((r) => setImmediate(r));
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Writers are connections; any object identifies one.
    const [a, b, c] = [{}, {}, {}];
    function group(groupWaitMs: number) {
      const s = setup({ groupWaitMs });
      const released: string[] = [];
      let n = 0;
      const write = (writer: object) => {
        const i = ++n;
        s.auditor.process(ev(i), true, () => {
          assert.equal(s.store.list({ conditions: [{ column: 'audit_id', op: '=', value: `id-${i}` }], limit: 1 }).length, 1, `id-${i} is stored before its response goes`);
          released.push(`id-${i}`);
        }, writer);
      };
      return { ...s, released, write };
    }

    it('waits for every writer of the previous group to write again, then commits them together', async () => {
      const g = group(1000);
      g.write(a); g.write(b);
      await turn();
      assert.deepEqual(g.released, ['id-1', 'id-2'], 'a first group has none to wait for');
      g.write(a);
      await turn();
      await sleep(5);
      assert.deepEqual(g.released, ['id-1', 'id-2'], 'a waits for b');
      g.write(b);
      assert.deepEqual(g.released, ['id-1', 'id-2'], 'released after the commit, not within process');
      await turn();
      assert.deepEqual(g.released, ['id-1', 'id-2', 'id-3', 'id-4']);
      assert.equal(g.auditor.commits, 2, 'one commit per group');
      assert.deepEqual(g.written, [['id-1', 'id-2'], ['id-3', 'id-4']]);
    });

    it('a writer that does not come back holds the group groupWaitMs after the latest joined, and is not waited for next time', async () => {
      const g = group(20);
      g.write(a); g.write(b);
      await turn();
      g.write(a);
      await sleep(5);
      g.write(c);
      await sleep(10);
      assert.deepEqual(g.released, ['id-1', 'id-2'], 'c joined: the wait starts again');
      await sleep(60);
      assert.deepEqual(g.released, ['id-1', 'id-2', 'id-3', 'id-4'], 'b never came: committed without it');
      g.write(c); g.write(a);
      await turn();
      assert.deepEqual(g.released.slice(4), ['id-5', 'id-6'], 'the group that committed was a and c');
      assert.equal(g.auditor.commits, 3);
    });

    it('does not wait for a group released long ago, nor at all with groupWaitMs 0', async () => {
      const g = group(2);
      g.write(a); g.write(b);
      await turn();
      await sleep(30);
      g.write(a);
      await turn();
      assert.deepEqual(g.released, ['id-1', 'id-2', 'id-3'], 'the last group is 30 ms old (> 2 × groupWaitMs)');
      const z = group(0);
      z.write(a); z.write(b);
      await turn();
      z.write(a);
      await turn();
      assert.deepEqual(z.released, ['id-1', 'id-2', 'id-3']);
    });

    it('holds a group at most about 5 × groupWaitMs after its first event, however many join', async () => {
      const g = group(20);
      g.write(a); g.write(b);
      await turn();
      const t0 = performance.now();
      g.write(a);
      const joiners = setInterval(() => g.write({}), 4);
      try {
        while (g.released.length < 3) await sleep(2);
      } finally {
        clearInterval(joiners);
      }
      const waited = performance.now() - t0;
      assert.ok(waited >= 30, `waited ${waited.toFixed(1)} ms: each joiner restarts the wait`);
      assert.ok(waited < 400, `waited ${waited.toFixed(1)} ms: capped near 5 × 20 ms`);
    });
  });

  it('a durable event without a response to release is committed before process returns', () => {
    const { store, auditor } = setup();
    auditor.process(ev(1), true);
    assert.equal(store.headSeq(), 1);
  });

  it('batches reads until flushMs or maxBatch', async () => {
    const { store, auditor, seen } = setup({ maxBatch: 3, flushMs: 20 });
    auditor.process(ev(1), false);
    auditor.process(ev(2), false);
    assert.equal(store.headSeq(), 0);
    auditor.process(ev(3), false);
    assert.equal(store.headSeq(), 3, 'maxBatch commits at once');
    auditor.process(ev(4), false);
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(store.headSeq(), 4, 'flushMs commits the rest');
    assert.deepEqual(seen, [[1, 2, 3], [4]]);
  });

  it('close commits what waits; later events are committed at once', async () => {
    const { store, auditor } = setup();
    auditor.process(ev(1), false);
    let released = false;
    auditor.process(ev(2), true, () => { released = true; });
    await auditor.close();
    assert.equal(store.headSeq(), 2);
    assert.equal(released, true);
    auditor.process(ev(3), true, () => {});
    assert.equal(store.headSeq(), 3);
  });

  it('a storage failure still releases the responses and is reported', async () => {
    const store = new AuditStore(openDatabase(':memory:'));
    const errors: string[] = [];
    const auditor = new Auditor(store, { onError: (_e, what) => errors.push(what) });
    store.append = () => { throw new Error('disk full'); };
    let released = false;
    auditor.process(ev(1), true, () => { released = true; });
    await new Promise((r) => setImmediate(r));
    assert.equal(released, true);
    assert.match(errors[0], /storing 1 audit event/);
  });
});
