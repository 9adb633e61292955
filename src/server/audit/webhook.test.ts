import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseWebhookConfig, WebhookSink } from './webhook';
import type { AuditRecord } from './store';

const rec = (i: number): AuditRecord => ({
  seq: i, ts: i, data: JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', auditID: `id-${i}` }),
  columns: { audit_id: `id-${i}`, username: '', originating_user: '', verb: '', resource: '', subresource: '', namespace: '', name: '', decision: '', dry_run: '' },
});

describe('audit webhook', () => {
  let server: http.Server;
  let url: string;
  const posts: { auth?: string; body: any }[] = [];
  let failNext = 0;

  before(async () => {
    server = http.createServer((req, res) => {
      let b = '';
      req.on('data', (c) => { b += c; });
      req.on('end', () => {
        if (failNext > 0) { failNext -= 1; res.writeHead(503).end(); return; }
        posts.push({ auth: req.headers.authorization, body: JSON.parse(b) });
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/audit`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('reads the kubeconfig: server, token, CA data', () => {
    const t = parseWebhookConfig(`apiVersion: v1
kind: Config
clusters:
- name: sink
  cluster: {server: "https://audit.example:9443/events", certificate-authority-data: ${Buffer.from('CA PEM').toString('base64')}}
users:
- name: api
  user: {token: abc}
contexts:
- name: default
  context: {cluster: sink, user: api}
current-context: default
`);
    assert.deepEqual(t, { server: 'https://audit.example:9443/events', ca: 'CA PEM', insecureSkipTLSVerify: false, token: 'abc', cert: undefined, key: undefined });
    assert.throws(() => parseWebhookConfig('clusters: []'), /no cluster/);
  });

  it('batches events into EventLists with the bearer token, and retries a failed POST', async () => {
    posts.length = 0;
    const errors: string[] = [];
    const sink = new WebhookSink({ server: url, token: 'tok' }, { maxBatch: 3, maxWaitMs: 20, backoffMs: 5, onError: (e) => errors.push(String(e)) });
    failNext = 1;
    sink.write([rec(1), rec(2), rec(3), rec(4)]);
    sink.write([rec(5)]);
    await sink.close();
    assert.deepEqual(errors, []);
    assert.ok(posts.every((p) => p.auth === 'Bearer tok' && p.body.kind === 'EventList' && p.body.apiVersion === 'audit.k8s.io/v1'));
    assert.ok(posts.every((p) => p.body.items.length <= 3));
    assert.deepEqual(posts.flatMap((p) => p.body.items.map((i: any) => i.auditID)), ['id-1', 'id-2', 'id-3', 'id-4', 'id-5']);
  });

  it('drops a batch after the retries and reports it', async () => {
    const errors: string[] = [];
    const sink = new WebhookSink({ server: url }, { retries: 1, backoffMs: 1, onError: (_e, what) => errors.push(what) });
    failNext = 2;
    sink.write([rec(9)]);
    await sink.close();
    assert.equal(errors.length, 1);
    assert.match(errors[0], /dropped after 2 attempts/);
  });
});
