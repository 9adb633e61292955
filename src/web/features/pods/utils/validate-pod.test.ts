import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePod } from './validate-pod';

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web' }) => ({ apiVersion: 'v1', kind: 'Pod', metadata, spec });
const c = (extra: Record<string, unknown> = {}) => ({ name: 'main', image: 'nginx', ...extra });
const secrets = new Map([['db', ['password', 'user']]]);

const cases: { name: string; input: unknown; secretsKnown?: boolean; expect: [string, string | RegExp][] }[] = [
  { name: 'a minimal pod is fine', input: pod({ containers: [c()] }), expect: [] },
  { name: 'not an object', input: ['a'], expect: [['', 'The YAML must describe one Pod object']] },
  { name: 'wrong kind', input: { ...pod({ containers: [c()] }), kind: 'Deployment' }, expect: [['kind', 'Must be Pod']] },
  { name: 'missing name', input: pod({ containers: [c()] }, { name: '' }), expect: [['metadata.name', 'Required']] },
  { name: 'generateName stands in for a name', input: pod({ containers: [c()] }, { generateName: 'web-' }), expect: [] },
  { name: 'bad name', input: pod({ containers: [c()] }, { name: 'Web_1' }), expect: [['metadata.name', /lower-case/]] },
  { name: 'missing image', input: pod({ containers: [{ name: 'main' }] }), expect: [['spec.containers[0].image', 'Required']] },
  { name: 'no containers', input: pod({ containers: [] }), expect: [['spec.containers', 'Add at least one']] },
  { name: 'a port that is not a number', input: pod({ containers: [c({ ports: [{ containerPort: '80a' }] })] }), expect: [['spec.containers[0].ports[0].containerPort', 'Must be a whole number']] },
  { name: 'a port out of range', input: pod({ containers: [c({ ports: [{ containerPort: 70000 }] })] }), expect: [['spec.containers[0].ports[0].containerPort', 'Must be at most 65535']] },
  { name: 'an unknown field', input: pod({ containers: [c({ imagePullPolicyy: 'Always' })] }), expect: [['spec.containers[0]', 'Unknown field: imagePullPolicyy']] },
  { name: 'a bad quantity', input: pod({ containers: [c({ resources: { limits: { memory: '12 GB' } } })] }), expect: [['spec.containers[0].resources.limits.memory', /Not a quantity/]] },
  { name: 'good quantities', input: pod({ containers: [c({ resources: { requests: { cpu: '250m', memory: '1.5Gi' }, limits: { cpu: 2, memory: '1e9' } } })] }), expect: [] },
  {
    name: 'a secret the namespace lacks', secretsKnown: true,
    input: pod({ volumes: [{ name: 'v', secret: { secretName: 'nope' } }], containers: [c()] }),
    expect: [['spec.volumes[0].secret.secretName', 'Secret "nope" does not exist in team-a']],
  },
  {
    name: 'a key the secret lacks', secretsKnown: true,
    input: pod({ volumes: [{ name: 'v', secret: { secretName: 'db', items: [{ key: 'token', path: 't' }] } }], containers: [c()] }),
    expect: [['spec.volumes[0].secret.items[0].key', 'Secret "db" has no key "token"']],
  },
  {
    name: 'a mount without a secret chosen', secretsKnown: true,
    input: pod({ volumes: [{ name: 'v', secret: { secretName: '' } }], containers: [c()] }),
    expect: [['spec.volumes[0].secret.secretName', 'Choose a secret']],
  },
  {
    name: 'env from a missing key', secretsKnown: true,
    input: pod({ containers: [c({ env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: 'token' } } }] })] }),
    expect: [['spec.containers[0].env[0].valueFrom.secretKeyRef.key', 'Secret "db" has no key "token"']],
  },
  {
    name: 'optional references are not checked', secretsKnown: true,
    input: pod({ volumes: [{ name: 'v', secret: { secretName: 'nope', optional: true } }], containers: [c({ envFrom: [{ secretRef: { name: 'nope', optional: true } }] })] }),
    expect: [],
  },
  {
    name: 'secrets are not checked when the namespace\'s secrets are unknown',
    input: pod({ volumes: [{ name: 'v', secret: { secretName: 'nope' } }], containers: [c()] }),
    expect: [],
  },
];

for (const k of cases) {
  test(`validatePod: ${k.name}`, () => {
    const got = validatePod(k.input, { namespace: 'team-a', secrets: k.secretsKnown ? secrets : undefined });
    assert.equal(got.length, k.expect.length, JSON.stringify(got));
    k.expect.forEach(([path, message], i) => {
      assert.equal(got[i].path, path);
      if (typeof message === 'string') assert.equal(got[i].message, message);
      else assert.match(got[i].message, message);
    });
  });
}
