import assert from 'node:assert/strict';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { after, before, describe, mock, test } from 'node:test';
import { generatePki, type Pki } from '../authn/pki';
import { ApiClient } from './client';

describe('ApiClient TLS', () => {
  let pki: Pki;
  const servers: https.Server[] = [];
  const serve = async (host: string): Promise<string> => {
    const s = https.createServer({ cert: pki.cert, key: pki.key }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    });
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, host, r));
    return `https://${host}:${(s.address() as AddressInfo).port}`;
  };
  before(() => { pki = generatePki([]); });
  after(() => { for (const s of servers) s.close(); });

  test('every connection of every client trusting one CA shares one TLS context: the PEM is not parsed per connection', async () => {
    const url = await serve('127.0.0.1');
    const made = mock.method(tls, 'createSecureContext');
    try {
      const clients = [1, 2].map(() => new ApiClient({ server: url, ca: pki.caCert, token: 't', maxSockets: 4 }));
      // Four requests at once on each client: four connections each.
      const answers = await Promise.all(clients.flatMap((c) => [1, 2, 3, 4].map(() => c.get<any>('/x'))));
      assert.ok(answers.every((a) => a.ok === true));
      assert.ok(made.mock.callCount() <= 1, `${made.mock.callCount()} TLS contexts made for 8 connections`);
      for (const c of clients) c.close();
    } finally {
      made.mock.restore();
    }
  });

  test('the server is still verified: its certificate must chain to the CA and name the host', async () => {
    const url = await serve('127.0.0.1');
    const noCa = new ApiClient({ server: url, token: 't' });
    await assert.rejects(noCa.get('/x'), /self-signed|unable to verify|self signed/i);
    noCa.close();
    // The serving certificate names 127.0.0.1 and localhost, not 127.0.0.2.
    const other = await serve('127.0.0.2');
    const wrongHost = new ApiClient({ server: other, ca: pki.caCert, token: 't' });
    await assert.rejects(wrongHost.get('/x'), (e: NodeJS.ErrnoException) => e.code === 'ERR_TLS_CERT_ALTNAME_INVALID');
    wrongHost.close();
  });
});
