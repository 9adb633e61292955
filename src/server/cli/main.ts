import { parseArgs } from 'node:util';
import { serveOptionsSchema, startServer } from './serve';
import { runAuditCommand } from '../audit/cli';
import { runComponent } from '../components/cli';
import { CONNECT_USAGE, runConnect } from '../connect/cli';

const USAGE = `Usage: gatehouse serve [--host H] [--port P] [--data-dir D] [--token-auth-file F]
                       [--tls-cert-file F --tls-private-key-file F] [--nodes N] [--no-demo] [--external-components]
                       [--audit-policy-file F] [--audit-log-path F [--audit-log-maxsize MB] [--audit-log-maxbackup N]]
                       [--audit-webhook-config-file F] [--audit-retention DURATION]
       gatehouse scheduler --kubeconfig F [--server URL]
       gatehouse node --kubeconfig F [--server URL] [--name NODE]
       gatehouse controller --kubeconfig F [--server URL]   (deployment|replicaset|job|endpointslice-controller.kubeconfig)
       gatehouse audit verify --data-dir D [--anchor FILE]
       gatehouse audit anchor --data-dir D
       gatehouse audit export --data-dir D [--since T] [--until T]
${CONNECT_USAGE}`;

/** main is the `gatehouse` command line. */
async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'audit') return runAuditCommand(rest);
  if (cmd === 'scheduler' || cmd === 'node' || cmd === 'controller') return runComponent(cmd, rest);
  if (cmd === 'connect') return runConnect(rest);
  if (cmd !== 'serve') {
    process.stderr.write(`${USAGE}\n`);
    return cmd === undefined || cmd === '--help' ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      host: { type: 'string' }, port: { type: 'string' }, 'data-dir': { type: 'string' }, 'token-auth-file': { type: 'string' },
      'tls-cert-file': { type: 'string' }, 'tls-private-key-file': { type: 'string' }, 'no-demo': { type: 'boolean' }, nodes: { type: 'string' }, 'external-components': { type: 'boolean' },
      'audit-log-path': { type: 'string' }, 'audit-log-maxsize': { type: 'string' }, 'audit-log-maxbackup': { type: 'string' },
      'audit-policy-file': { type: 'string' }, 'audit-webhook-config-file': { type: 'string' }, 'audit-retention': { type: 'string' }, 'static-root': { type: 'string' }, 'log-level': { type: 'string' }, 'default-watch-cache-size': { type: 'string' }, 'console-port': { type: 'string' },
    },
    strict: true,
  });
  const parsed = serveOptionsSchema.safeParse({
    host: values.host, port: values.port, dataDir: values['data-dir'], tokenAuthFile: values['token-auth-file'],
    tlsCertFile: values['tls-cert-file'], tlsPrivateKeyFile: values['tls-private-key-file'], demo: !values['no-demo'],
    nodes: values.nodes, externalComponents: values['external-components'], auditLogPath: values['audit-log-path'],
    auditLogMaxsize: values['audit-log-maxsize'], auditLogMaxbackup: values['audit-log-maxbackup'], auditPolicyFile: values['audit-policy-file'],
    auditWebhookConfigFile: values['audit-webhook-config-file'], auditRetention: values['audit-retention'], staticRoot: values['static-root'], logLevel: values['log-level'], watchCacheSize: values['default-watch-cache-size'], consolePort: values['console-port'],
  });
  if (!parsed.success) {
    for (const i of parsed.error.issues) process.stderr.write(`error: ${i.path.join('.') || 'flags'}: ${i.message}\n`);
    return 2;
  }
  const s = await startServer(parsed.data);
  const browser = (s.consoleUrl ? `\n  console (this machine only, no certificate needed): ${s.consoleUrl}` : '') + (s.consoleNote ? `\n  note: ${s.consoleNote}` : '');
  process.stdout.write(`\nGatehouse is running at ${s.url}${browser}\n  kubectl: kubectl --kubeconfig ${parsed.data.dataDir}/admin.kubeconfig get ns\n\n`);
  const stop = () => { void s.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return -1;
}

main(process.argv.slice(2)).then((code) => { if (code >= 0) process.exit(code); }, (err) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
