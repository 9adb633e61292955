// The loopback console: plain HTTP on 127.0.0.1 so a newcomer's browser needs no certificate; HTTPS stays for kubectl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { startServerProcess } from '../testing/server-process';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function request(port: number, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

test('the loopback console signs in over plain HTTP with a non-Secure, HttpOnly, SameSite=Strict cookie', async () => {
  const port = await freePort();
  const s = await startServerProcess({ args: ['--console-port', String(port)] });
  try {
    assert.match(s.output(), new RegExp(`console \\(this machine only, no certificate needed\\): http://localhost:${port}`));
    const password = fs.readFileSync(path.join(s.dataDir, 'initial-admin-password'), 'utf8').trim();
    const login = await request(port, 'POST', '/auth/login', { username: 'admin', password }, { 'X-Gatehouse-Request': '1' });
    assert.equal(login.status, 200);
    const cookie = String(login.headers['set-cookie']?.[0]);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.doesNotMatch(cookie, /Secure/);
    const who = await request(port, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {}, { Cookie: cookie.split(';')[0], 'X-Gatehouse-Request': '1' });
    assert.equal(who.status, 201);
    assert.equal(JSON.parse(who.text).status.userInfo.username, 'admin');
    // The same CSRF rule holds on the loopback listener.
    const csrf = await request(port, 'POST', '/api/v1/namespaces', { metadata: { name: 'x' } }, { Cookie: cookie.split(';')[0] });
    assert.equal(csrf.status, 403);
  } finally {
    await s.stop();
  }
});

test('a taken console port is never skipped silently: the next free one is taken and printed', async () => {
  const port = await freePort();
  const squatter = net.createServer().listen(port, '127.0.0.1');
  await new Promise((r) => squatter.once('listening', r));
  const s = await startServerProcess({ args: ['--console-port', String(port)] });
  try {
    const out = s.output();
    const m = /console \(this machine only, no certificate needed\): http:\/\/localhost:(\d+)/.exec(out);
    assert.ok(m, out);
    assert.notEqual(Number(m[1]), port);
    assert.match(out, new RegExp(`note: port ${port} is in use by another program, so the console took ${m[1]}`));
    const health = await request(Number(m[1]), 'GET', '/healthz');
    assert.equal(health.status, 200);
  } finally {
    await s.stop();
    squatter.close();
  }
});
