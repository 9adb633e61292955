import { parseArgs } from 'node:util';
import pino from 'pino';
import { ApiClient, loadKubeconfig } from './client';
import { NodeAgent } from './node-agent';
import { Scheduler } from './scheduler';
import { makeController } from './run';
import { CONTROLLERS, type ControllerName } from '../authz/bootstrap-policy';

/**
 * runComponent is `gatehouse scheduler|node|controller --kubeconfig F [--server URL] [--name NODE]`: one component
 * as its own process, with the credential of the kubeconfig `gatehouse serve` wrote into its data dir.
 * A node's name defaults to the one its credential names (`system:node:<name>`). It returns -1 (keep
 * running until SIGINT/SIGTERM) or an exit code.
 */
export async function runComponent(cmd: 'scheduler' | 'node' | 'controller', args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { kubeconfig: { type: 'string' }, server: { type: 'string' }, name: { type: 'string' }, 'log-level': { type: 'string' } }, strict: true });
  if (!values.kubeconfig) {
    process.stderr.write(`error: gatehouse ${cmd} needs --kubeconfig F (written by gatehouse serve into its data dir)\n`);
    return 2;
  }
  const log = pino({ level: values['log-level'] ?? 'info', redact: { paths: ['token', '*.token'], censor: '[redacted]' } });
  const config = loadKubeconfig(values.kubeconfig, values.server);
  const client = new ApiClient({ ...config, userAgent: `gatehouse-${cmd}` });
  let stop: () => void;
  if (cmd === 'controller') {
    // The controller is the one the credential names (system:controller:<name>-controller).
    const review = await client.create<any>('/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    const user = review?.status?.userInfo?.username ?? '';
    const name = (Object.keys(CONTROLLERS) as ControllerName[]).find((c) => CONTROLLERS[c].user === user);
    if (!name) {
      process.stderr.write(`error: the kubeconfig's user is ${user || 'unknown'}, not a workload controller\n`);
      client.close();
      return 2;
    }
    const c = makeController(name, client, log);
    await c.start();
    stop = () => c.stop();
    log.info({ server: config.server, controller: name }, 'controller running');
  } else if (cmd === 'scheduler') {
    const s = new Scheduler({ client, log });
    await s.start();
    stop = () => s.stop();
    log.info({ server: config.server }, 'scheduler running');
  } else {
    let name = values.name;
    if (!name) {
      const review = await client.create<any>('/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
      const m = /^system:node:(.+)$/.exec(review?.status?.userInfo?.username ?? '');
      if (!m) {
        process.stderr.write(`error: the kubeconfig's user is ${review?.status?.userInfo?.username ?? 'unknown'}, not a node (system:node:<name>)\n`);
        client.close();
        return 2;
      }
      name = m[1];
    }
    const agent = new NodeAgent({ client, name, log });
    await agent.start();
    stop = () => agent.stop();
    log.info({ server: config.server, node: name }, 'node agent running');
  }
  const quit = () => { stop(); client.close(); process.exit(0); };
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
  return -1;
}
