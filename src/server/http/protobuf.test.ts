import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubeProtobuf, isProtobufContentType, ProtobufDecodeError } from './protobuf';

// --- A tiny protobuf encoder, only for building fixtures. ---

const MAGIC = Buffer.from('k8s\0', 'latin1');

function varint(n: number | bigint): Buffer {
  // int64 negatives are 10-byte two's complement on the wire.
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}
const tag = (num: number, wire: number): Buffer => varint((BigInt(num) << 3n) | BigInt(wire));
/** Length-delimited field: a string, bytes or an already-encoded message body. */
const s = (num: number, value: string | Buffer): Buffer => {
  const b = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([tag(num, 2), varint(b.length), b]);
};
/** Embedded message field built from its encoded fields. */
const m = (num: number, ...parts: Buffer[]): Buffer => s(num, Buffer.concat(parts));
/** Varint field (bool / int64). */
const v = (num: number, n: number | bigint | boolean): Buffer => Buffer.concat([tag(num, 0), varint(typeof n === 'boolean' ? Number(n) : n)]);
const fixed64 = (num: number): Buffer => Buffer.concat([tag(num, 1), Buffer.alloc(8, 0xee)]);
const fixed32 = (num: number): Buffer => Buffer.concat([tag(num, 5), Buffer.alloc(4, 0xee)]);
const group = (num: number, ...inner: Buffer[]): Buffer => Buffer.concat([tag(num, 3), ...inner, tag(num, 4)]);
/** Map entry {1 key, 2 value}. */
const entry = (num: number, key: string, value: string | Buffer): Buffer => m(num, s(1, key), s(2, value));
const raw = (...parts: Buffer[]): Buffer => Buffer.concat(parts);

/** ObjectMeta as Go's marshaller writes it: every non-pointer field present, even when empty. */
function goMeta(name: string, namespace = '', ...extra: Buffer[]): Buffer {
  return m(1, s(1, name), s(2, ''), s(3, namespace), s(4, ''), s(5, ''), s(6, ''), v(7, 0), m(8), ...extra);
}

/** The "k8s\0" + runtime.Unknown envelope, with contentEncoding/contentType written empty as kubectl does. */
function envelope(apiVersion: string, kind: string, body: Buffer, contentEncoding = '', contentType = ''): Buffer {
  return Buffer.concat([MAGIC, m(1, s(1, apiVersion), s(2, kind)), s(2, body), s(3, contentEncoding), s(4, contentType)]);
}

function decodeErr(body: Buffer): ProtobufDecodeError {
  try {
    decodeKubeProtobuf(body);
  } catch (e) {
    assert.ok(e instanceof ProtobufDecodeError, `expected ProtobufDecodeError, got ${String(e)}`);
    return e;
  }
  return assert.fail('expected decodeKubeProtobuf to throw');
}

const RBAC = 'rbac.authorization.k8s.io/v1';
const RBAC_GROUP = 'rbac.authorization.k8s.io';
const AUTHZ = 'authorization.k8s.io/v1';
const AUTHN = 'authentication.k8s.io/v1';

interface Case {
  name: string;
  apiVersion: string;
  kind: string;
  body: Buffer;
  want: Record<string, unknown>;
}

const resourceAttrs = (...vals: [string, string, string, string, string, string, string]): Buffer =>
  Buffer.concat(vals.map((val, i) => s(i + 1, val)));

const cases: Case[] = [
  {
    name: 'Namespace with labels, annotations, finalizers and spec',
    apiVersion: 'v1', kind: 'Namespace',
    body: raw(
      goMeta('team-a', '', entry(11, 'env', 'prod'), entry(11, 'tier', ''), entry(12, 'note', 'hi'), s(14, 'example.com/x')),
      m(2, s(1, 'kubernetes')),
      m(3, s(1, '')), // status is server-owned and skipped
    ),
    want: {
      metadata: { name: 'team-a', labels: { env: 'prod', tier: '' }, annotations: { note: 'hi' }, finalizers: ['example.com/x'] },
      spec: { finalizers: ['kubernetes'] },
    },
  },
  {
    name: 'Namespace with empty ObjectMeta and empty spec',
    apiVersion: 'v1', kind: 'Namespace',
    body: raw(m(1), m(2)),
    want: { metadata: {}, spec: {} },
  },
  {
    name: 'Namespace with no metadata field at all still gets metadata {}',
    apiVersion: 'v1', kind: 'Namespace',
    body: raw(),
    want: { metadata: {} },
  },
  {
    name: 'ObjectMeta: uid, resourceVersion, generation, ownerReferences, finalizers',
    apiVersion: 'v1', kind: 'ConfigMap',
    body: raw(m(1,
      s(1, 'cm'), s(2, 'cm-'), s(3, 'ns'), s(4, '/self/link'), s(5, 'u-1'), s(6, '42'), v(7, 7),
      m(8, v(1, 1700000000)), // creationTimestamp: server-owned, skipped
      m(13, s(1, 'Deployment'), s(3, 'web'), s(4, 'u-0'), s(5, 'apps/v1'), v(6, true), v(7, false)),
      m(13, s(1, 'Foo'), s(3, ''), s(4, ''), s(5, 'x/v1')),
      s(14, 'a'), s(14, ''),
      m(17, s(1, 'kubectl')), // managedFields: skipped
    )),
    want: {
      metadata: {
        name: 'cm', generateName: 'cm-', namespace: 'ns', uid: 'u-1', resourceVersion: '42', generation: 7,
        ownerReferences: [
          { kind: 'Deployment', name: 'web', uid: 'u-0', apiVersion: 'apps/v1', controller: true, blockOwnerDeletion: false },
          // Required strings keep "" when present; pointer bools stay absent.
          { kind: 'Foo', name: '', uid: '', apiVersion: 'x/v1' },
        ],
        finalizers: ['a', ''],
      },
    },
  },
  {
    name: 'ObjectMeta: negative int64 generation (10-byte varint)',
    apiVersion: 'v1', kind: 'ConfigMap',
    body: raw(m(1, v(7, -1))),
    want: { metadata: { generation: -1 } },
  },
  {
    name: 'Secret with bytes data, type, stringData, immutable',
    apiVersion: 'v1', kind: 'Secret',
    body: raw(
      goMeta('s', 'default'),
      entry(2, 'bin', Buffer.from([0x00, 0xff, 0x10])), entry(2, 'empty', Buffer.alloc(0)), m(2, s(1, 'nov')),
      s(3, 'Opaque'), entry(4, 'plain', 'text'), v(5, true),
    ),
    want: {
      metadata: { name: 's', namespace: 'default' },
      data: { bin: 'AP8Q', empty: '', nov: '' },
      type: 'Opaque', stringData: { plain: 'text' }, immutable: true,
    },
  },
  {
    name: 'Secret: empty type is dropped (omitempty), immutable absent',
    apiVersion: 'v1', kind: 'Secret',
    body: raw(goMeta('s'), s(3, '')),
    want: { metadata: { name: 's' } },
  },
  {
    name: 'ConfigMap with data, binaryData, immutable false',
    apiVersion: 'v1', kind: 'ConfigMap',
    body: raw(goMeta('c', 'ns'), entry(2, 'k', 'v'), entry(2, 'k2', 'v2'), entry(3, 'blob', Buffer.from('hello')), v(4, false)),
    want: {
      metadata: { name: 'c', namespace: 'ns' },
      data: { k: 'v', k2: 'v2' }, binaryData: { blob: 'aGVsbG8=' }, immutable: false,
    },
  },
  {
    name: 'ServiceAccount with secrets, imagePullSecrets, automount',
    apiVersion: 'v1', kind: 'ServiceAccount',
    body: raw(
      goMeta('sa', 'ns'),
      m(2, s(1, 'Secret'), s(2, 'ns'), s(3, 'tok'), s(4, 'u'), s(5, 'v1'), s(6, '9'), s(7, 'data')),
      m(2, s(1, ''), s(2, ''), s(3, 'bare'), s(4, ''), s(5, ''), s(6, ''), s(7, '')),
      m(3, s(1, 'regcred')), m(3, s(1, 'other')),
      v(4, false),
    ),
    want: {
      metadata: { name: 'sa', namespace: 'ns' },
      secrets: [
        { kind: 'Secret', namespace: 'ns', name: 'tok', uid: 'u', apiVersion: 'v1', resourceVersion: '9', fieldPath: 'data' },
        { name: 'bare' },
      ],
      imagePullSecrets: [{ name: 'regcred' }, { name: 'other' }],
      automountServiceAccountToken: false,
    },
  },
  {
    name: 'Role keeps apiGroups [""] and every PolicyRule list',
    apiVersion: RBAC, kind: 'Role',
    body: raw(
      goMeta('pod-reader', 'dev'),
      m(2, s(1, 'get'), s(1, 'list'), s(2, ''), s(3, 'pods'), s(3, 'pods/log'), s(4, 'p1')),
      m(2, s(1, '*'), s(2, ''), s(2, 'apps'), s(3, 'deployments')),
    ),
    want: {
      metadata: { name: 'pod-reader', namespace: 'dev' },
      rules: [
        { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'], resourceNames: ['p1'] },
        { verbs: ['*'], apiGroups: ['', 'apps'], resources: ['deployments'] },
      ],
    },
  },
  {
    name: 'Role with no rules omits rules',
    apiVersion: RBAC, kind: 'Role',
    body: raw(goMeta('empty', 'dev')),
    want: { metadata: { name: 'empty', namespace: 'dev' } },
  },
  {
    name: 'ClusterRole with nonResourceURLs and aggregationRule',
    apiVersion: RBAC, kind: 'ClusterRole',
    body: raw(
      goMeta('agg'),
      m(2, s(1, 'get'), s(5, '/healthz'), s(5, '/version')),
      m(3,
        m(1, entry(1, 'rbac.example.com/aggregate-to-view', 'true')),
        m(1, m(2, s(1, 'tier'), s(2, 'In'), s(3, 'a'), s(3, '')), m(2, s(1, 'x'), s(2, 'Exists'))),
      ),
    ),
    want: {
      metadata: { name: 'agg' },
      rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/version'] }],
      aggregationRule: {
        clusterRoleSelectors: [
          { matchLabels: { 'rbac.example.com/aggregate-to-view': 'true' } },
          { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', ''] }, { key: 'x', operator: 'Exists' }] },
        ],
      },
    },
  },
  {
    name: 'RoleBinding: ServiceAccount subject drops empty apiGroup, keeps namespace',
    apiVersion: RBAC, kind: 'RoleBinding',
    body: raw(
      goMeta('rb', 'dev'),
      m(2, s(1, 'ServiceAccount'), s(2, ''), s(3, 'builder'), s(4, 'ci')),
      m(2, s(1, 'Group'), s(2, RBAC_GROUP), s(3, 'devs'), s(4, '')),
      m(3, s(1, RBAC_GROUP), s(2, 'Role'), s(3, 'pod-reader')),
    ),
    want: {
      metadata: { name: 'rb', namespace: 'dev' },
      subjects: [
        { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
        { kind: 'Group', apiGroup: RBAC_GROUP, name: 'devs' },
      ],
      roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: 'pod-reader' },
    },
  },
  {
    name: 'ClusterRoleBinding: required roleRef strings keep ""',
    apiVersion: RBAC, kind: 'ClusterRoleBinding',
    body: raw(goMeta('crb'), m(2, s(1, 'User'), s(2, RBAC_GROUP), s(3, 'alice'), s(4, '')), m(3, s(1, ''), s(2, 'ClusterRole'), s(3, 'admin'))),
    want: {
      metadata: { name: 'crb' },
      subjects: [{ kind: 'User', apiGroup: RBAC_GROUP, name: 'alice' }],
      roleRef: { apiGroup: '', kind: 'ClusterRole', name: 'admin' },
    },
  },
  {
    name: 'SelfSubjectAccessReview with all resourceAttributes',
    apiVersion: AUTHZ, kind: 'SelfSubjectAccessReview',
    body: raw(goMeta(''), m(2, m(1, resourceAttrs('ns', 'get', 'apps', 'v1', 'deployments', 'scale', 'web'))), m(3, v(1, false))),
    want: {
      metadata: {},
      spec: { resourceAttributes: { namespace: 'ns', verb: 'get', group: 'apps', version: 'v1', resource: 'deployments', subresource: 'scale', name: 'web' } },
    },
  },
  {
    name: 'SelfSubjectAccessReview with nonResourceAttributes',
    apiVersion: AUTHZ, kind: 'SelfSubjectAccessReview',
    body: raw(goMeta(''), m(2, m(2, s(1, '/metrics'), s(2, 'get')))),
    want: { metadata: {}, spec: { nonResourceAttributes: { path: '/metrics', verb: 'get' } } },
  },
  {
    name: 'SelfSubjectRulesReview',
    apiVersion: AUTHZ, kind: 'SelfSubjectRulesReview',
    body: raw(goMeta(''), m(2, s(1, 'team-a'))),
    want: { metadata: {}, spec: { namespace: 'team-a' } },
  },
  {
    name: 'SubjectAccessReview with user, groups, extra, uid',
    apiVersion: AUTHZ, kind: 'SubjectAccessReview',
    body: raw(goMeta(''), m(2,
      m(1, resourceAttrs('', 'list', '', '', 'secrets', '', '')),
      s(3, 'bob'), s(4, 'devs'), s(4, 'system:authenticated'),
      m(5, s(1, 'scopes'), m(2, s(1, 'a'), s(1, 'b'))),
      m(5, s(1, 'none'), m(2)),
      s(6, 'uid-7'),
    )),
    want: {
      metadata: {},
      spec: {
        resourceAttributes: { verb: 'list', resource: 'secrets' },
        user: 'bob', groups: ['devs', 'system:authenticated'],
        extra: { scopes: ['a', 'b'], none: [] },
        uid: 'uid-7',
      },
    },
  },
  {
    name: 'LocalSubjectAccessReview (same shape as SubjectAccessReview)',
    apiVersion: AUTHZ, kind: 'LocalSubjectAccessReview',
    body: raw(goMeta('', 'dev'), m(2, m(2, s(1, '/api'), s(2, 'get')), s(3, 'carol'), s(6, ''))),
    want: { metadata: { namespace: 'dev' }, spec: { nonResourceAttributes: { path: '/api', verb: 'get' }, user: 'carol' } },
  },
  {
    name: 'SelfSubjectReview (metadata only; status skipped)',
    apiVersion: AUTHN, kind: 'SelfSubjectReview',
    body: raw(goMeta(''), m(2, m(1, s(1, ''), s(2, '')))),
    want: { metadata: {} },
  },
  {
    name: 'TokenReview',
    apiVersion: AUTHN, kind: 'TokenReview',
    body: raw(goMeta(''), m(2, s(1, 'eyJhbGciOi...'), s(2, 'api'), s(2, 'vault'))),
    want: { metadata: {}, spec: { token: 'eyJhbGciOi...', audiences: ['api', 'vault'] } },
  },
  {
    name: 'TokenRequest with audiences, expirationSeconds and boundObjectRef',
    apiVersion: AUTHN, kind: 'TokenRequest',
    body: raw(goMeta(''), m(2, s(1, 'https://kubernetes.default.svc'), v(4, 3600), m(3, s(1, 'Pod'), s(2, 'v1'), s(3, 'web-0'), s(4, 'pod-uid')))),
    want: {
      metadata: {},
      spec: {
        audiences: ['https://kubernetes.default.svc'],
        expirationSeconds: 3600,
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web-0', uid: 'pod-uid' },
      },
    },
  },
  {
    name: 'TokenRequest: explicit expirationSeconds 0 is kept (pointer field)',
    apiVersion: AUTHN, kind: 'TokenRequest',
    body: raw(m(2, v(4, 0))),
    want: { metadata: {}, spec: { expirationSeconds: 0 } },
  },
  {
    name: 'repeated singular message occurrences merge, last scalar wins',
    apiVersion: RBAC, kind: 'RoleBinding',
    body: raw(m(1, s(1, 'first'), s(3, 'ns')), m(1, s(1, 'second')), m(3, s(2, 'Role')), m(3, s(3, 'r'))),
    want: { metadata: { name: 'second', namespace: 'ns' }, roleRef: { kind: 'Role', name: 'r' } },
  },
];

describe('decodeKubeProtobuf: kinds', () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = decodeKubeProtobuf(envelope(c.apiVersion, c.kind, c.body));
      assert.deepEqual(got, { apiVersion: c.apiVersion, kind: c.kind, ...c.want });
    });
  }
});

describe('decodeKubeProtobuf: unknown fields are skipped', () => {
  const unknowns: Array<[string, Buffer]> = [
    ['varint', v(99, 300)],
    ['10-byte varint', v(98, -5)],
    ['fixed64', fixed64(97)],
    ['length-delimited', s(96, 'ignored')],
    ['fixed32', fixed32(95)],
    ['group (nested)', group(94, v(1, 1), group(2, s(3, 'x')), fixed32(4))],
    ['max field number', v(0x1fffffff, 1)],
  ];
  for (const [wire, junk] of unknowns) {
    it(`${wire} at every message level`, () => {
      const body = raw(
        junk,
        m(1, junk, s(1, 'r'), junk, entry(11, 'k', 'v'), m(11, junk, s(1, 'k2'), junk, s(2, 'v2'), junk)),
        junk,
        m(2, junk, s(1, 'get'), s(2, ''), junk),
        junk,
      );
      const env = Buffer.concat([
        MAGIC, junk, m(1, junk, s(1, RBAC), junk, s(2, 'Role'), junk), junk, s(2, body), junk, s(3, ''), s(4, ''), junk,
      ]);
      assert.deepEqual(decodeKubeProtobuf(env), {
        apiVersion: RBAC, kind: 'Role',
        metadata: { name: 'r', labels: { k: 'v', k2: 'v2' } },
        rules: [{ verbs: ['get'], apiGroups: [''] }],
      });
    });
  }
});

// Captured from kubectl v1.32.4 against a logging HTTP server (--server=http://...).
const CAPTURED = {
  // kubectl -n default create rolebinding r --clusterrole=view --user=bob
  roleBinding:
    '6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b526f6c6542696e64696e6712740a180a017212001a0764656661756c74' +
    '22002a0032003800420012280a04557365721219726261632e617574686f72697a6174696f6e2e6b38732e696f1a03626f6222001a2e0a19726261632e617574686f' +
    '72697a6174696f6e2e6b38732e696f120b436c7573746572526f6c651a04766965771a002200',
  // kubectl -n default create role ro2 --verb=get --resource=pods
  role:
    '6b3873000a240a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f76311204526f6c65122b0a1a0a03726f3212001a0764656661756c7422002a00' +
    '320038004200120d0a0367657412001a04706f64731a002200',
  // kubectl -n default create secret generic s --from-literal=a=b --from-literal=e=
  secret:
    '6b3873000a0c0a0276311206536563726574122b0a180a017312001a0764656661756c7422002a0032003800420012060a016112016212050a016512001a001a002200',
  // kubectl -n default create token sa --audience=a1 --duration=10m
  tokenRequest:
    '6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e5265717565737412210a100a0012001a0022002a00320038004200' +
    '12070a02613120d8041a040a0012001a002200',
  // kubectl -n default auth can-i list pods --subresource=log
  ssar:
    '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a65637441636365737352657669657712400a100a0012001a00' +
    '22002a0032003800420012220a200a0764656661756c7412046c6973741a0022002a04706f647332036c6f673a001a08080012001a0020001a002200',
  // kubectl create namespace foo
  namespace: '6b3873000a0f0a02763112094e616d657370616365121b0a130a03666f6f12001a0022002a0032003800420012001a020a001a002200',
};

describe('decodeKubeProtobuf: real kubectl bodies', () => {
  const bobBinding = {
    apiVersion: RBAC, kind: 'RoleBinding',
    metadata: { name: 'r', namespace: 'default' },
    subjects: [{ kind: 'User', apiGroup: RBAC_GROUP, name: 'bob' }],
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: 'view' },
  };

  it('constructed `create rolebinding r --clusterrole=view --user=bob` matches kubectl byte-for-byte', () => {
    const body = envelope(RBAC, 'RoleBinding', raw(
      goMeta('r', 'default'),
      m(2, s(1, 'User'), s(2, RBAC_GROUP), s(3, 'bob'), s(4, '')),
      m(3, s(1, RBAC_GROUP), s(2, 'ClusterRole'), s(3, 'view')),
    ));
    assert.equal(body.toString('hex'), CAPTURED.roleBinding);
    assert.deepEqual(decodeKubeProtobuf(body), bobBinding);
  });

  const want: Record<keyof typeof CAPTURED, Record<string, unknown>> = {
    roleBinding: bobBinding,
    role: {
      apiVersion: RBAC, kind: 'Role', metadata: { name: 'ro2', namespace: 'default' },
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }],
    },
    secret: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { a: 'Yg==', e: '' } },
    tokenRequest: { apiVersion: AUTHN, kind: 'TokenRequest', metadata: {}, spec: { audiences: ['a1'], expirationSeconds: 600 } },
    ssar: {
      apiVersion: AUTHZ, kind: 'SelfSubjectAccessReview', metadata: {},
      spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods', subresource: 'log' } },
    },
    namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo' }, spec: {} },
  };
  for (const [name, hex] of Object.entries(CAPTURED)) {
    it(`captured ${name}`, () => {
      assert.deepEqual(decodeKubeProtobuf(Buffer.from(hex, 'hex')), want[name as keyof typeof CAPTURED]);
    });
  }
});

describe('decodeKubeProtobuf: Pod (generated tables, kubectl 1.32+ debug)', () => {
  it('keeps what security rests on: a zero runAsUser, a false allowPrivilegeEscalation, quantities, int-or-string ports, packed ints', () => {
    // PodSpec: containers = 2, securityContext = 14; Container: name 1, image 2, ports 6, resources 8, securityContext 15, livenessProbe 10.
    const container = raw(
      s(1, 'c'), s(2, 'nginx:1.27'),
      m(6, v(3, 80), s(4, 'TCP')),
      m(8, entry(1, 'cpu', s(1, '500m'))),
      m(10, m(1, m(2, m(2, v(1, 1), s(3, 'http'))))),
      m(15, v(4, 0), v(7, false), m(1, s(2, 'ALL'))),
    );
    // PodSecurityContext: runAsUser 2, supplementalGroups 4 (packed here, as proto3 writers do).
    const podSecurityContext = raw(m(14, v(2, 1000), s(4, Buffer.concat([varint(5), varint(6)]))));
    const body = envelope('v1', 'Pod', raw(goMeta('copy', 'team'), m(2, m(2, container), podSecurityContext)));
    const out = decodeKubeProtobuf(body) as any;
    const c = out.spec.containers[0];
    assert.equal(c.securityContext.runAsUser, 0);
    assert.equal(c.securityContext.allowPrivilegeEscalation, false);
    assert.deepEqual(c.securityContext.capabilities.drop, ['ALL']);
    assert.deepEqual(c.ports, [{ containerPort: 80, protocol: 'TCP' }]);
    assert.equal(c.livenessProbe.httpGet.port, 'http');
    assert.deepEqual(c.resources.limits, { cpu: '500m' });
    assert.equal(out.spec.securityContext.runAsUser, 1000);
    assert.deepEqual(out.spec.securityContext.supplementalGroups, [5, 6]);
    assert.equal(out.metadata.name, 'copy');
  });
});

describe('decodeKubeProtobuf: errors', () => {
  it('rejects a body without the k8s\\0 magic', () => {
    assert.match(decodeErr(Buffer.from('{"kind":"Role"}')).message, /magic/);
    assert.match(decodeErr(Buffer.from('k8s\x01', 'latin1')).message, /magic/);
    assert.match(decodeErr(Buffer.from('k8s', 'latin1')).message, /magic/);
    assert.match(decodeErr(Buffer.alloc(0)).message, /magic/);
  });

  it('rejects an envelope with no kind', () => {
    assert.match(decodeErr(MAGIC).message, /no kind/);
    assert.match(decodeErr(Buffer.concat([MAGIC, m(1, s(1, 'v1'))])).message, /no kind/);
  });

  it('rejects unsupported kinds with a send-JSON hint', () => {
    assert.equal(decodeErr(envelope('example.com/v1', 'Foo', Buffer.alloc(0))).message, 'unsupported protobuf kind "Foo" (send JSON instead)');
    assert.equal(decodeErr(envelope('v1', 'Endpoints', goMeta('e'))).message, 'unsupported protobuf kind "Endpoints" (send JSON instead)');
    assert.equal(
      decodeErr(envelope('rbac.authorization.k8s.io/v1beta1', 'Role', goMeta('r'))).message,
      'unsupported protobuf kind "Role" in apiVersion "rbac.authorization.k8s.io/v1beta1" (send JSON instead)',
    );
  });

  it('rejects a compressed or non-protobuf raw payload', () => {
    assert.match(decodeErr(envelope('v1', 'Namespace', Buffer.alloc(0), 'gzip')).message, /contentEncoding "gzip"/);
    assert.match(decodeErr(envelope('v1', 'Namespace', Buffer.alloc(0), '', 'application/json')).message, /contentType "application\/json"/);
    assert.deepEqual(
      decodeKubeProtobuf(envelope('v1', 'Namespace', Buffer.alloc(0), '', 'application/vnd.kubernetes.protobuf')),
      { apiVersion: 'v1', kind: 'Namespace', metadata: {} },
    );
  });

  it('every truncation of a real body throws, except at envelope field boundaries', () => {
    const full = Buffer.from(CAPTURED.roleBinding, 'hex');
    // Envelope layout: magic(4) typeMeta(2+43) raw(3+116) contentEncoding(2) contentType(2).
    const afterTypeMeta = 4 + 2 + 0x2b;
    const afterRaw = afterTypeMeta + 2 + 0x74;
    const validPrefixes = new Set([afterTypeMeta, afterRaw, afterRaw + 2, full.length]);
    for (let len = 0; len <= full.length; len++) {
      const prefix = full.subarray(0, len);
      if (validPrefixes.has(len)) assert.doesNotThrow(() => decodeKubeProtobuf(prefix), `prefix ${len}`);
      else assert.throws(() => decodeKubeProtobuf(prefix), ProtobufDecodeError, `prefix ${len}`);
    }
  });

  const malformed: Array<[string, Buffer, RegExp]> = [
    ['truncated varint', Buffer.concat([MAGIC, Buffer.from([0x08, 0x80])]), /truncated varint/],
    ['varint longer than 10 bytes', Buffer.concat([MAGIC, Buffer.from([0x08, ...Array(10).fill(0xff), 0x01])]), /longer than 10 bytes/],
    ['length beyond end', Buffer.concat([MAGIC, Buffer.from([0x0a, 0x05, 0x0a])]), /truncated field 1/],
    ['huge length', Buffer.concat([MAGIC, Buffer.from([0x12, 0xff, 0xff, 0xff, 0xff, 0x0f])]), /truncated field 2/],
    ['truncated fixed64', Buffer.concat([MAGIC, tag(9, 1), Buffer.alloc(7)]), /truncated/],
    ['truncated fixed32', Buffer.concat([MAGIC, tag(9, 5), Buffer.alloc(3)]), /truncated/],
    ['field number 0', Buffer.concat([MAGIC, Buffer.from([0x02, 0x00])]), /invalid field number 0/],
    ['field number too large', Buffer.concat([MAGIC, varint(0x20000000n << 3n), Buffer.from([0])]), /invalid field number/],
    ['wire type 6', Buffer.concat([MAGIC, tag(9, 6)]), /invalid wire type 6/],
    ['wire type 7', Buffer.concat([MAGIC, tag(9, 7)]), /invalid wire type 7/],
    ['stray end-group', Buffer.concat([MAGIC, tag(9, 4)]), /unexpected end-group/],
    ['mismatched end-group', Buffer.concat([MAGIC, tag(9, 3), tag(8, 4)]), /does not match/],
    ['unterminated group', Buffer.concat([MAGIC, tag(9, 3), v(1, 1)]), /unterminated group/],
    ['deeply nested groups', Buffer.concat([MAGIC, ...Array(100).fill(tag(9, 3))]), /too deeply/],
    ['known string field sent as varint', envelope(RBAC, 'Role', m(1, v(1, 5))), /Role\.metadata\.name.*varint, want length-delimited/],
    ['known bool field sent as length-delimited', envelope('v1', 'Secret', s(5, 'x')), /Secret\.immutable/],
    ['typeMeta sent as varint', Buffer.concat([MAGIC, v(1, 1)]), /Unknown/],
    ['truncated nested message', envelope(RBAC, 'Role', Buffer.from([0x12, 0x04, 0x0a, 0x05, 0x67])), /truncated/],
    ['broken map entry', envelope('v1', 'ConfigMap', m(2, v(1, 3))), /ConfigMap\.data/],
    ['int64 outside the safe range', envelope(RBAC, 'Role', m(1, v(7, 2n ** 60n))), /out of range/],
  ];
  for (const [name, body, re] of malformed) {
    it(`rejects ${name}`, () => {
      assert.match(decodeErr(body).message, re);
    });
  }

  it('ProtobufDecodeError is a named Error', () => {
    const e = new ProtobufDecodeError('x');
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'ProtobufDecodeError');
    assert.equal(e.message, 'x');
  });
});

describe('isProtobufContentType', () => {
  const table: Array<[string | undefined, boolean]> = [
    ['application/vnd.kubernetes.protobuf', true],
    ['application/vnd.kubernetes.protobuf; charset=utf-8', true],
    ['application/vnd.kubernetes.protobuf;stream=watch', true],
    [' Application/VND.Kubernetes.Protobuf ', true],
    [undefined, false],
    ['', false],
    ['application/json', false],
    ['application/vnd.kubernetes.protobuf+json', false],
    ['application/apply-patch+yaml', false],
  ];
  for (const [ct, want] of table) {
    it(`${JSON.stringify(ct)} -> ${want}`, () => assert.equal(isProtobufContentType(ct), want));
  }
});
