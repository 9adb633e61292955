import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fieldsAt, labelName, subdomainName } from './strategies';
import { dnsLabel, dnsSubdomain } from '../../shared/api/meta';
import { compiledSchema } from './validation';
import { podStrategy } from './pods/strategy';
import { eventStrategy } from './events/strategy';

describe('fieldsAt', () => {
  const cases: { name: string; input: unknown; paths: string[]; want: Record<string, string> }[] = [
    { name: 'nested strings', input: { spec: { nodeName: 'n1' } }, paths: ['spec.nodeName'], want: { 'spec.nodeName': 'n1' } },
    { name: 'a missing value is empty', input: { spec: {} }, paths: ['spec.nodeName', 'status.phase'], want: { 'spec.nodeName': '', 'status.phase': '' } },
    { name: 'null on the way is empty', input: { spec: null }, paths: ['spec.nodeName'], want: { 'spec.nodeName': '' } },
    { name: 'a scalar on the way is empty', input: { spec: 'x' }, paths: ['spec.length'], want: { 'spec.length': '' } },
    { name: 'numbers and booleans print as strings', input: { status: { replicas: 0, ready: false } }, paths: ['status.replicas', 'status.ready'], want: { 'status.replicas': '0', 'status.ready': 'false' } },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(fieldsAt(c.input, c.paths), c.want));
});

describe('strategy field selectors built with fieldsAt', () => {
  it('pods: every upstream pod field, empty when unset', () => {
    const pod = { metadata: { name: 'p' }, spec: { nodeName: 'n1', serviceAccountName: 'sa', restartPolicy: 'Always' }, status: { phase: 'Running' } };
    assert.deepEqual(podStrategy.fields!(pod as any), {
      'spec.nodeName': 'n1', 'spec.serviceAccountName': 'sa', 'spec.restartPolicy': 'Always', 'spec.schedulerName': '',
      'status.phase': 'Running', 'status.podIP': '', 'status.nominatedNodeName': '',
    });
  });
  it('events: involvedObject fields, reason, type and source (the component)', () => {
    const ev = { metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'ns', uid: 'u1', apiVersion: 'v1' }, reason: 'Started', type: 'Normal', source: { component: 'kubelet', host: 'n1' } };
    assert.deepEqual(eventStrategy.fields!(ev as any), {
      'involvedObject.kind': 'Pod', 'involvedObject.name': 'p', 'involvedObject.namespace': 'ns', 'involvedObject.uid': 'u1', 'involvedObject.apiVersion': 'v1',
      'involvedObject.resourceVersion': '', 'involvedObject.fieldPath': '', reason: 'Started', reportingComponent: '', type: 'Normal', source: 'kubelet',
    });
  });
});

describe('name rules', () => {
  const names = ['web', 'web-1.example', 'Web', '-web', 'web-', 'a_b', 'a..b', '', 'x'.repeat(63), 'x'.repeat(64), 'a.'.repeat(127) + 'a', 'é'];
  for (const [rule, schema, fn] of [['subdomain', dnsSubdomain, subdomainName], ['label', dnsLabel, labelName]] as const) {
    it(`${rule}: the compiled check answers as the schema does, with its first message`, () => {
      assert.notEqual(compiledSchema(schema), schema);
      for (const n of names) {
        const r = schema.safeParse(n);
        assert.equal(fn(n), r.success ? undefined : r.error.issues[0].message, JSON.stringify(n));
      }
    });
  }
});
