// The components' events through a real server: recording never writes at once while the component's
// own writes wait (deferWhile), keeps the time it was recorded at, and is written once the component
// is idle or the event has waited maxDeferMs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import { startServerProcess, type TestServer } from '../testing/server-process';
import { ApiClient, EventRecorder, Foreground } from './client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('event recorder (real server)', () => {
  let s: TestServer;
  let client: ApiClient;
  let cm: KubeObject;
  const reasons = async () => (await client.list('/api/v1/namespaces/default/events')).items.map((e: any) => e.reason as string).sort();

  before(async () => {
    s = await startServerProcess();
    client = new ApiClient({ server: s.url, ca: s.ca, token: s.adminToken });
    cm = await client.create('/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'subject' } });
  });
  after(async () => {
    client?.close();
    await s?.stop();
  });

  test('events wait while the component is busy, then are written with the time they were recorded', async () => {
    let busy = true;
    const rec = new EventRecorder(client, { component: 'test' }, undefined, { deferWhile: () => busy, maxDeferMs: 60_000 });
    rec.record(cm, 'Normal', 'Waited', 'recorded while busy');
    const recordedAt = Date.now();
    await sleep(600);
    assert.deepEqual(await reasons(), [], 'nothing written while busy');
    await sleep(1100);
    busy = false;
    await rec.flush();
    const ev = (await client.list('/api/v1/namespaces/default/events')).items.find((e: any) => e.reason === 'Waited') as any;
    assert.ok(ev, 'written once idle');
    assert.ok(Date.parse(ev.firstTimestamp) <= recordedAt + 1000, `firstTimestamp ${ev.firstTimestamp} is the recording time, not the write time`);
  });

  test('an event waits at most maxDeferMs', async () => {
    const rec = new EventRecorder(client, { component: 'test' }, undefined, { deferWhile: () => true, maxDeferMs: 300 });
    const t0 = Date.now();
    rec.record(cm, 'Warning', 'Overdue', 'written although the component stays busy');
    await rec.flush();
    assert.ok(Date.now() - t0 >= 300, 'not before maxDeferMs');
    assert.ok((await reasons()).includes('Overdue'));
  });

  test('a Foreground is busy while any of its components is, until it leaves', () => {
    const f = new Foreground();
    assert.equal(f.busy(), false);
    let a = false;
    const leaveA = f.add(() => a);
    f.add(() => false);
    assert.equal(f.busy(), false);
    a = true;
    assert.equal(f.busy(), true);
    leaveA();
    assert.equal(f.busy(), false);
  });
});
