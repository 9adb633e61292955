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

function setup(opts: { maxBatch?: number; flushMs?: number } = {}) {
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
