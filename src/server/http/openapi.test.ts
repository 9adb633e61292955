// OpenAPI v2 and v3 generated from the validating schemas: `kubectl explain` for every served kind,
// and file-based kubectl work on the older clients that read /openapi/v2 (protobuf), against a real server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RESOURCES } from '../../shared/api/resources';
import { api, kubeconfigFor, startServerProcess, type TestServer } from '../testing/server-process';
import { kubectlBinary, needs } from '../testing/prerequisites';
import { definitionName, openApiV2, openApiV3 } from './openapi';

/** versioned is the path of kubectl <minor> beside the dispatcher on the PATH (how this machine ships them), if present. */
function versioned(minor: string): string | undefined {
  const which = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
  if (!which) return undefined;
  const p = path.join(path.dirname(fs.realpathSync(which)), `kubectl.${minor}`);
  return fs.existsSync(p) ? p : undefined;
}

describe('OpenAPI documents', () => {
  test('every kind has a definition with its GVK, in v3 (per group-version) and v2', () => {
    const v2 = openApiV2();
    for (const r of RESOURCES) {
      const name = definitionName(r);
      const v3 = openApiV3(r.group)!;
      for (const def of [v3.components.schemas[name], v2.definitions[name]]) {
        assert.ok(def, `${name} missing`);
        assert.deepEqual(def['x-kubernetes-group-version-kind'], [{ group: r.group, version: r.version, kind: r.kind }]);
        assert.ok(def.description, `${name} has no description`);
      }
    }
  });

  test('the schemas are the validating ones: strict fields, enums, required, list-map keys', () => {
    const schemas = openApiV3('')!.components.schemas;
    const spec = schemas['io.k8s.api.core.v1.PodSpec'];
    assert.deepEqual(spec.required, ['containers']);
    assert.deepEqual(spec.properties.restartPolicy.enum, ['Always', 'OnFailure', 'Never']);
    assert.equal(spec.properties.containers['x-kubernetes-patch-merge-key'], 'name');
    assert.deepEqual(spec.properties.containers['x-kubernetes-list-map-keys'], ['name']);
    assert.deepEqual(schemas['io.k8s.api.core.v1.Container'].properties.ports['x-kubernetes-list-map-keys'], ['containerPort', 'protocol']);
    assert.equal(schemas['io.k8s.api.core.v1.Pod'].properties.spec.allOf[0].$ref, '#/components/schemas/io.k8s.api.core.v1.PodSpec');
    // Every $ref resolves.
    const refs = JSON.stringify(schemas).match(/#\/components\/schemas\/[^"]+/g) ?? [];
    for (const ref of refs) assert.ok(schemas[ref.slice('#/components/schemas/'.length)], `${ref} does not resolve`);
  });
});

describe('kubectl with the OpenAPI documents', needs(kubectlBinary), () => {
  let s: TestServer;
  let kc: string;
  let cacheDir: string;
  const run = (bin: string, args: string[]) => spawnSync(bin, ['--kubeconfig', kc, '--cache-dir', cacheDir, ...args], { encoding: 'utf8', timeout: 60_000 });

  before(async () => {
    s = await startServerProcess();
    kc = kubeconfigFor(s, 'admin', s.adminToken);
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-kubectl-cache-'));
  });
  after(async () => { await s?.stop(); });

  test('/openapi/v2 answers JSON, and protobuf to what client-go asks for', async () => {
    const json = await api(s, 'GET', '/openapi/v2', { token: s.adminToken });
    assert.equal(json.status, 200);
    assert.equal(json.body.swagger, '2.0');
    const pb = await api(s, 'GET', '/openapi/v2', { token: s.adminToken, headers: { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' } });
    assert.equal(pb.status, 200);
    assert.equal(pb.headers['content-type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
  });

  test('kubectl explain works for every served kind (recursive), and for nested fields', () => {
    const names = run('kubectl', ['api-resources', '-o', 'name']).stdout.trim().split('\n');
    assert.equal(names.length, RESOURCES.length);
    for (const r of names) {
      const out = run('kubectl', ['explain', r, '--recursive']);
      assert.equal(out.status, 0, `explain ${r}: ${out.stderr}`);
      assert.match(out.stdout, /^(GROUP|KIND):/m);
    }
    const field = run('kubectl', ['explain', 'pods.spec.containers.ports']);
    assert.match(field.stdout, /FIELD: ports <\[\]Object>/);
    assert.match(field.stdout, /protocol\s+<string>\s+enum: TCP, UDP, SCTP/);
  });

  for (const minor of ['1.27', '1.28']) {
    test(`kubectl ${minor} does file-based work (create, apply, diff, replace, delete -f) and explain`, { skip: versioned(minor) ? false : `kubectl.${minor} is not beside the kubectl on the PATH` }, () => {
      const bin = versioned(minor)!;
      const file = path.join(cacheDir, `cm-${minor}.yaml`);
      const name = `cm-${minor.replace('.', '')}`;
      const write = (value: string) => fs.writeFileSync(file, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: default}\ndata: {a: ${value}}\n`);
      const ok = (args: string[], want: RegExp) => {
        const r = run(bin, args);
        assert.equal(r.status, 0, `kubectl ${minor} ${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stdout, want);
      };
      write('one');
      ok(['create', '-f', file], /created/);
      write('two');
      const diff = run(bin, ['diff', '-f', file]);
      assert.equal(diff.status, 1, diff.stderr); // 1: differences found
      assert.match(diff.stdout, /^\+\s+a: two$/m);
      ok(['apply', '-f', file], /configured/);
      write('three');
      ok(['replace', '-f', file], /replaced/);
      assert.equal(run(bin, ['get', 'cm', name, '-o', 'jsonpath={.data.a}']).stdout, 'three');
      ok(['delete', '-f', file], /deleted/);
      // A pod applied twice: the second apply is a strategic merge computed from the v2 models.
      const podFile = path.join(cacheDir, `pod-${minor}.yaml`);
      const pod = (label: string) => fs.writeFileSync(podFile, `apiVersion: v1\nkind: Pod\nmetadata: {name: web-${minor.replace('.', '')}, namespace: default, labels: {a: ${label}}}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n`);
      pod('one');
      ok(['apply', '-f', podFile], /created/);
      pod('two');
      ok(['apply', '-f', podFile], /configured/);
      ok(['delete', '-f', podFile], /deleted/);
      ok(['explain', 'pods.spec.containers'], /FIELD: containers <\[\]Container>/);
    });
  }
});
