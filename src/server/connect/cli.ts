// `gatehouse connect ...`: serve in front of a cluster, or install / uninstall Gatehouse's extension points.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadOrCreatePki, writeSecretFile } from '../authn/pki';
import { AUDIT_SINK_PATH } from './audit-sink';
import { install, renderManifests, uninstall } from './install';
import { KubeClient, loadKubeConfig } from './kube-client';
import { loadSinkToken, startConnect } from './serve';

/** CONNECT_USAGE is the help text of `gatehouse connect`. */
export const CONNECT_USAGE = `       gatehouse connect --kubeconfig F [--data-dir D] [--host H] [--port P]
       gatehouse connect install --kubeconfig ADMIN_KUBECONFIG --url GATEHOUSE_URL --identity USER [--data-dir D] [--dry-run]
       gatehouse connect uninstall --kubeconfig ADMIN_KUBECONFIG`;

/** auditWebhookKubeconfig is the kubeconfig kube-apiserver's audit webhook backend uses to reach Gatehouse's sink. */
export function auditWebhookKubeconfig(server: string, caPem: string, token: string): string {
  const ca = Buffer.from(caPem).toString('base64');
  return ['apiVersion: v1', 'kind: Config', 'clusters:', '- name: gatehouse', '  cluster:', `    server: ${server}`, `    certificate-authority-data: ${ca}`,
    'users:', '- name: kube-apiserver', '  user:', `    token: ${token}`, 'contexts:', '- name: audit', '  context:', '    cluster: gatehouse', '    user: kube-apiserver', 'current-context: audit', ''].join('\n');
}

/** runConnect is the `connect` command; it returns an exit code, or -1 while serving. */
export async function runConnect(argv: string[]): Promise<number> {
  const sub = argv[0] === 'install' || argv[0] === 'uninstall' ? argv[0] : 'serve';
  const { values } = parseArgs({
    args: sub === 'serve' ? argv : argv.slice(1),
    options: {
      kubeconfig: { type: 'string' }, 'data-dir': { type: 'string' }, host: { type: 'string' }, port: { type: 'string' },
      url: { type: 'string' }, identity: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'static-root': { type: 'string' }, 'log-level': { type: 'string' },
    },
    strict: true,
  });
  const dataDir = path.resolve(values['data-dir'] ?? 'data-connect');
  if (sub === 'install') {
    if (!values.url || !values.identity) { process.stderr.write(`error: install needs --url and --identity\n${CONNECT_USAGE}\n`); return 2; }
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const host = new URL(values.url).hostname;
    const pki = loadOrCreatePki(dataDir, [host]);
    const o = { url: values.url, caPem: pki.caCert, identity: values.identity };
    if (values['dry-run']) { process.stdout.write(renderManifests(o)); return 0; }
    if (!values.kubeconfig) { process.stderr.write('error: --kubeconfig is required\n'); return 2; }
    const client = new KubeClient(loadKubeConfig(values.kubeconfig));
    try { for (const l of await install(client, o)) process.stdout.write(`${l}\n`); } finally { client.close(); }
    // The audit webhook is a kube-apiserver flag, not an API object: write its kubeconfig for the admin to pass.
    const auditFile = path.join(dataDir, 'audit-webhook.kubeconfig');
    writeSecretFile(auditFile, auditWebhookKubeconfig(`${values.url.replace(/\/+$/, '')}${AUDIT_SINK_PATH}`, pki.caCert, loadSinkToken(dataDir)));
    process.stdout.write(`\nTo send the cluster's audit events to Gatehouse, start kube-apiserver with\n  --audit-webhook-config-file=${auditFile} --audit-policy-file=<your policy>\n`);
    return 0;
  }
  if (!values.kubeconfig) { process.stderr.write(`error: --kubeconfig is required\n${CONNECT_USAGE}\n`); return 2; }
  if (sub === 'uninstall') {
    const client = new KubeClient(loadKubeConfig(values.kubeconfig));
    try { for (const l of await uninstall(client)) process.stdout.write(`${l}\n`); } finally { client.close(); }
    return 0;
  }
  const logger = pino({ level: values['log-level'] ?? 'info' });
  const s = await startConnect({ kubeconfig: values.kubeconfig, dataDir, host: values.host ?? '127.0.0.1', port: Number(values.port ?? 8443), staticRoot: values['static-root'], logLevel: values['log-level'] }, logger);
  process.stdout.write(`\nGatehouse (connect mode) is running at ${s.url}\n  cluster: ${s.client.config.server} as ${s.identity}\n\n`);
  const stop = () => { void s.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return -1;
}
