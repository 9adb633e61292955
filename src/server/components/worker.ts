import { parentPort, workerData } from 'node:worker_threads';
import type { ClientLog } from './client';
import { threadCpuMs } from './thread-cpu';
import { startComponents, type ComponentCredentials, type ComponentsToWorker, type ComponentsFromWorker, type LogLevel } from './run';

// The components' thread (see startComponentsWorker in run.ts): the scheduler, the node agents and the
// workload controllers, started here as HTTPS clients of the server with their own credentials, so
// their watch decoding, scheduling and status building run on a core of their own, as upstream's
// separate kube-scheduler and kubelet processes do. Their log lines go back to the server's logger.

const input = workerData.input as { creds: ComponentCredentials; url: string; ca: string; levels: LogLevel[] };
const port = parentPort!;
const post = (m: ComponentsFromWorker) => port.postMessage(m);
const enabled = new Set(input.levels);
const line = (level: LogLevel) => (obj: object, msg?: string) => { if (enabled.has(level)) post({ type: 'log', level, obj, msg }); };
const log: ClientLog = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };

const components = startComponents(input.creds, { url: input.url, ca: input.ca, log });
components.started.then(() => post({ type: 'started' }), (e: unknown) => post({ type: 'failed', error: e instanceof Error ? e.message : String(e) }));
port.on('message', (m: ComponentsToWorker) => {
  if (m.type === 'podToken') post({ type: 'podToken', id: m.id, token: components.podToken(m.namespace, m.name) });
  else if (m.type === 'cpu') post({ type: 'cpu', id: m.id, ms: threadCpuMs() });
});
