import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { bindingSchema, podSchema } from '../../shared/api/core';
import { RESOURCES } from '../../shared/api/resources';
import { loadFixtures } from '../admission/pod-security/fixtures';
import { needs, podSecurityFixtures } from '../testing/prerequisites';
import { compiledSchema, validateObject, withoutSpec } from './validation';

describe('withoutSpec', () => {
  const pod = (spec: unknown, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec, status: { phase: 'Running' }, ...extra });
  const specless = withoutSpec(podSchema)!;
  const cases: { name: string; input: unknown; full: boolean; specless: boolean }[] = [
    { name: 'a valid pod passes both', input: pod({ containers: [{ name: 'c', image: 'i' }] }), full: true, specless: true },
    { name: 'a bad spec fails the full schema only', input: pod({ containers: [{ name: 5 }] }), full: false, specless: true },
    { name: 'a bad status fails both', input: { ...pod({ containers: [] }), status: { phase: 'Dancing' } }, full: false, specless: false },
    { name: 'bad metadata fails both', input: { ...pod({ containers: [] }), metadata: { name: 'p', labels: { a: 5 } } }, full: false, specless: false },
    { name: 'an unknown top-level field fails both (still strict)', input: pod({ containers: [] }, { extra: 1 }), full: false, specless: false },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(podSchema.safeParse(c.input).success, c.full);
      assert.equal(specless.safeParse(c.input).success, c.specless);
    });
  }

  test('is built once per schema; undefined for a schema without spec', () => {
    assert.equal(withoutSpec(podSchema), specless);
    assert.equal(withoutSpec(z.strictObject({ data: z.string() })), undefined);
    assert.equal(withoutSpec(z.string()), undefined);
  });

  test('validateObject with it still reports a bad status as 422', () => {
    assert.throws(() => validateObject(specless, { ...pod({ containers: [] }), status: { phase: 'Dancing' } }, 'Strict', 'Pod', '', 'p', []), (e: any) => e.code === 422);
  });
});

/** richPod sets most of a pod's structured fields (strict objects, records, unions, enums, nullables). */
const richPod = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web', namespace: 'ns', labels: { app: 'web' }, annotations: { 'example.com/a': 'b' }, ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u' }], finalizers: ['f'] },
  spec: {
    containers: [{
      name: 'main', image: 'img', command: ['a'], args: ['b'], imagePullPolicy: 'IfNotPresent',
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP', hostPort: 0 }],
      env: [{ name: 'A', value: 'v' }, { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' }, fieldRef: { fieldPath: 'x' } } }],
      envFrom: [{ prefix: 'P', configMapRef: { name: 'c' } }],
      resources: { requests: { cpu: '100m', memory: 5 }, limits: { cpu: 1 } },
      volumeMounts: [{ name: 'v', mountPath: '/v', readOnly: true }],
      readinessProbe: { httpGet: { path: '/', port: 8080 }, extra: { deep: [1, { x: null }] } },
      securityContext: { runAsUser: 1000, runAsNonRoot: true, capabilities: { drop: ['ALL'], add: null }, seccompProfile: { type: 'RuntimeDefault' }, privileged: null },
    }],
    initContainers: null,
    volumes: [{ name: 'v', configMap: { name: 'c', items: [{ key: 'k', path: 'p' }] } }, { name: 'e', emptyDir: {} }],
    securityContext: { fsGroup: 2000, supplementalGroups: [1, 2], sysctls: [{ name: 'a', value: 'b' }] },
    nodeSelector: { a: 'b' }, tolerations: [{ key: 'k', operator: 'Exists' }], restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30, overhead: null, os: { name: 'linux' }, affinity: { nodeAffinity: {} },
  },
  status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'True', extra: 1 }], other: { a: 1 } },
};

/** variants returns `obj` changed one place at a time: each key dropped, nulled, given a value of another type, and an unknown key beside it. */
function variants(obj: unknown): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown, edit: (f: (n: any) => unknown) => unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (!Array.isArray(node)) out.push(edit((n) => ({ ...n, zzUnknown: 1 })));
    for (const k of Object.keys(node)) {
      const key = Array.isArray(node) ? Number(k) : k;
      const child = (node as any)[key];
      const set = (f: (n: any) => unknown) => edit((n) => {
        const copy = Array.isArray(n) ? [...n] : { ...n };
        const v = f(copy[key]);
        if (v === undefined && !Array.isArray(copy)) delete copy[key];
        else copy[key] = v;
        return copy;
      });
      out.push(set(() => undefined), set(() => null), set((v) => (typeof v === 'string' ? 7 : typeof v === 'number' ? String(v) : typeof v === 'boolean' ? 'yes' : 'str')));
      if (typeof child === 'string') out.push(set(() => ''), set(() => 'Not_A-Name!'));
      if (typeof child === 'number') out.push(set(() => -1), set(() => 1.5), set(() => 70000));
      if (Array.isArray(child)) out.push(set(() => []));
      walk(child, set);
    }
  };
  walk(obj, (f) => f(obj));
  return out;
}

/** sameParse asserts that the compiled and runtime schemas agree on `input`: success, output (key order included) or every issue. */
function sameParse(schema: z.ZodType, input: unknown, label: string): void {
  const runtime = schema.safeParse(structuredClone(input));
  const compiled = compiledSchema(schema).safeParse(structuredClone(input));
  assert.equal(compiled.success, runtime.success, `${label}: success`);
  if (runtime.success) assert.equal(JSON.stringify(compiled.data), JSON.stringify(runtime.data), `${label}: output`);
  else assert.deepEqual(compiled.error!.issues, runtime.error!.issues, `${label}: issues`);
}

describe('compiledSchema', () => {
  test('the pod schema (and its spec-less form) compile: zod has a fast path for every part of them', () => {
    assert.notEqual(compiledSchema(podSchema), podSchema);
    assert.notEqual(compiledSchema(withoutSpec(podSchema)!), withoutSpec(podSchema));
    assert.doesNotThrow(() => z.compile(podSchema, { strict: true }));
  });

  test('is built once per schema', () => {
    assert.equal(compiledSchema(podSchema), compiledSchema(podSchema));
  });

  test('a pod and each of its one-place variants parse the same compiled as at runtime', () => {
    const vs = variants(richPod);
    assert.ok(vs.length > 300, `${vs.length} variants`);
    sameParse(podSchema, richPod, 'rich pod');
    vs.forEach((v, i) => sameParse(podSchema, v, `variant ${i}: ${JSON.stringify(v).slice(0, 300)}`));
    assert.ok(vs.some((v) => !podSchema.safeParse(v).success) && vs.some((v) => podSchema.safeParse(v).success));
  });

  test('every resource schema parses minimal objects and their variants the same compiled as at runtime', () => {
    for (const r of RESOURCES) {
      if (!r.schema) continue;
      const obj = { apiVersion: 'v1', kind: r.kind, metadata: { name: 'x', labels: { a: 'b' } }, data: { k: 'dg==' }, spec: {}, rules: [], status: {} };
      sameParse(r.schema, obj, r.kind);
      for (const v of variants(obj)) sameParse(r.schema, v, `${r.kind} ${JSON.stringify(v)}`);
    }
  });

  test('the Binding (pods/binding) parses the same compiled as at runtime, variants included', () => {
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p', namespace: 'ns', uid: 'u-1' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } };
    sameParse(bindingSchema, binding, 'binding');
    const vs = variants(binding);
    vs.forEach((v, i) => sameParse(bindingSchema, v, `variant ${i}: ${JSON.stringify(v)}`));
    assert.ok(vs.some((v) => !bindingSchema.safeParse(v).success) && vs.some((v) => bindingSchema.safeParse(v).success));
  });

  test('validateObject with Warn drops unknown fields and names them as before', () => {
    const warnings: string[] = [];
    const out = validateObject(podSchema, { ...richPod, spec: { ...richPod.spec, zz: 1, containers: [{ ...richPod.spec.containers[0], yy: 2 }] } }, 'Warn', 'Pod', '', 'web', warnings) as any;
    assert.deepEqual(warnings, ['unknown field "spec.containers[0].yy"', 'unknown field "spec.zz"']);
    assert.equal(out.spec.zz, undefined);
    assert.equal(JSON.stringify(out), JSON.stringify(podSchema.parse(richPod)));
  });
});

describe('compiledSchema on the upstream Pod Security fixtures', needs(podSecurityFixtures), () => {
  test('every fixture, and each one-place variant of a few, parses the same compiled as at runtime', () => {
    const fixtures = loadFixtures();
    for (const f of fixtures) sameParse(podSchema, { ...f.pod, metadata: { name: 'p', ...f.pod.metadata } }, `${f.dir}/${f.file}`);
    for (const f of fixtures.filter((_, i) => i % 25 === 0)) {
      for (const v of variants(f.pod)) sameParse(podSchema, v, `${f.dir}/${f.file} ${JSON.stringify(v).slice(0, 300)}`);
    }
  });
});
