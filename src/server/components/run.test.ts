import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTROLLERS, type ControllerName } from '../authz/bootstrap-policy';
import { startComponentsWorker, type ComponentCredential, type ComponentCredentials } from './run';

const cred = (username: string): ComponentCredential => ({ user: { username, uid: username, groups: [] }, token: 'unused', kubeconfig: '/nonexistent' });

test('the components thread reports its own CPU time, and nothing once stopped', { skip: process.platform !== 'linux' }, async () => {
  const creds: ComponentCredentials = {
    scheduler: cred('system:kube-scheduler'),
    nodes: [],
    controllers: Object.fromEntries((Object.keys(CONTROLLERS) as ControllerName[]).map((c) => [c, cred(CONTROLLERS[c].user)])) as Record<ControllerName, ComponentCredential>,
  };
  // No server listens there: the components keep retrying their lists, which is all this needs.
  const components = startComponentsWorker(creds, { url: 'https://127.0.0.1:9', ca: '' });
  try {
    const first = await components.cpuMs();
    assert.equal(typeof first, 'number');
    // The thread loaded its modules (hundreds of ms of CPU) — more than this test's ticks could round to.
    assert.ok(first! > 0, `the thread's CPU ${first} ms`);
    const [a, b] = await Promise.all([components.cpuMs(), components.podToken('ns', 'pod')]);
    assert.ok(a! >= first!);
    assert.equal(b, undefined);
  } finally {
    components.stop();
  }
  assert.equal(await components.cpuMs(), undefined);
});
