// Durability: SIGKILL the server while clients write concurrently; after a restart on the same data
// dir every write that was acknowledged (201) must be there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServerProcess } from '../testing/server-process';

test('SIGKILL during concurrent writes loses no acknowledged write', async () => {
  const s = await startServerProcess();
  const acked: string[] = [];
  let stop = false;
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const name = `cm-${w}-${i}`;
      try {
        const r = await api(s, 'POST', '/api/v1/namespaces/default/configmaps', { token: s.adminToken, body: { metadata: { name }, data: { i: String(i) } } });
        if (r.status === 201) acked.push(name);
      } catch {
        return; // the connection died with the server
      }
    }
  };
  const writers = Array.from({ length: 8 }, (_, w) => writer(w));
  while (acked.length < 150) await new Promise((r) => setTimeout(r, 10));
  await s.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  assert.ok(acked.length >= 150, `only ${acked.length} writes acknowledged`);

  const again = await startServerProcess({ dataDir: s.dataDir });
  try {
    const r = await api(again, 'GET', '/api/v1/namespaces/default/configmaps', { token: again.adminToken });
    assert.equal(r.status, 200);
    const stored = new Set<string>(r.body.items.map((o: any) => o.metadata.name));
    const missing = acked.filter((n) => !stored.has(n));
    assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged writes lost`);
    // The revision keeps growing after restart (no reuse of resourceVersions).
    const maxRv = Math.max(...r.body.items.map((o: any) => Number(o.metadata.resourceVersion)));
    const c = await api(again, 'POST', '/api/v1/namespaces/default/configmaps', { token: again.adminToken, body: { metadata: { name: 'after-restart' } } });
    assert.equal(c.status, 201);
    assert.ok(Number(c.body.metadata.resourceVersion) > maxRv);
  } finally {
    await again.stop();
  }
});
