import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PatchError, applyJsonPatch, applyMergePatch, applyServerSideApply, applyStrategicMergePatch } from './patch';

// Throws marks a case that must fail with a PatchError whose message matches.
class Throws {
  constructor(readonly message: RegExp) {}
}
const throws = (message: RegExp): Throws => new Throws(message);

interface Case {
  name: string;
  target: unknown;
  patch: unknown;
  expect: unknown;
  // Strategic merge only; defaults to Pod.
  kind?: string;
}

// run drives a table: each case checks the result (or the error) and that neither input was mutated.
function run(cases: Case[], apply: (c: Case) => unknown): void {
  for (const c of cases) {
    it(c.name, () => {
      const target = structuredClone(c.target);
      const patch = structuredClone(c.patch);
      if (c.expect instanceof Throws) {
        const want = c.expect.message;
        assert.throws(() => apply(c), (e: unknown) => e instanceof PatchError && want.test(e.message));
      } else {
        assert.deepEqual(apply(c), c.expect);
      }
      assert.deepEqual(c.target, target, 'target was mutated');
      assert.deepEqual(c.patch, patch, 'patch was mutated');
    });
  }
}

// directiveKeys lists every `$`-directive key left anywhere in a value.
function directiveKeys(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => directiveKeys(x, out));
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/')) out.push(k);
      directiveKeys(x, out);
    }
  }
  return out;
}

describe('applyMergePatch (RFC 7386)', () => {
  run(
    [
      // RFC 7386 Appendix A, in order.
      { name: 'A: replace a member', target: { a: 'b' }, patch: { a: 'c' }, expect: { a: 'c' } },
      { name: 'A: add a member', target: { a: 'b' }, patch: { b: 'c' }, expect: { a: 'b', b: 'c' } },
      { name: 'A: null deletes', target: { a: 'b' }, patch: { a: null }, expect: {} },
      { name: 'A: null deletes only that member', target: { a: 'b', b: 'c' }, patch: { a: null }, expect: { b: 'c' } },
      { name: 'A: string replaces array', target: { a: ['b'] }, patch: { a: 'c' }, expect: { a: 'c' } },
      { name: 'A: array replaces string', target: { a: 'c' }, patch: { a: ['b'] }, expect: { a: ['b'] } },
      { name: 'A: nested merge with nested delete', target: { a: { b: 'c' } }, patch: { a: { b: 'd', c: null } }, expect: { a: { b: 'd' } } },
      { name: 'A: arrays are replaced, not merged', target: { a: [{ b: 'c' }] }, patch: { a: [1] }, expect: { a: [1] } },
      { name: 'A: array patch replaces array target', target: ['a', 'b'], patch: ['c', 'd'], expect: ['c', 'd'] },
      { name: 'A: array patch replaces object target', target: { a: 'b' }, patch: ['c'], expect: ['c'] },
      { name: 'A: null patch replaces everything', target: { a: 'foo' }, patch: null, expect: null },
      { name: 'A: string patch replaces everything', target: { a: 'foo' }, patch: 'bar', expect: 'bar' },
      { name: 'A: existing null members are kept', target: { e: null }, patch: { a: 1 }, expect: { e: null, a: 1 } },
      { name: 'A: object patch over array target starts from {}', target: [1, 2], patch: { a: 'b', c: null }, expect: { a: 'b' } },
      { name: 'A: nulls in new nested objects are dropped', target: {}, patch: { a: { bb: { ccc: null } } }, expect: { a: { bb: {} } } },
      // RFC 7386 §3 worked example.
      {
        name: '§3: document example',
        target: { title: 'Goodbye!', author: { givenName: 'John', familyName: 'Doe' }, tags: ['example', 'sample'], content: 'This will be unchanged' },
        patch: { title: 'Hello!', phoneNumber: '+01-123-456-7890', author: { familyName: null }, tags: ['example'] },
        expect: { title: 'Hello!', author: { givenName: 'John' }, tags: ['example'], content: 'This will be unchanged', phoneNumber: '+01-123-456-7890' },
      },
      {
        name: 'kubectl label: add one label, remove another',
        target: { metadata: { name: 'p', labels: { app: 'web', old: 'x' } } },
        patch: { metadata: { labels: { tier: 'fe', old: null } } },
        expect: { metadata: { name: 'p', labels: { app: 'web', tier: 'fe' } } },
      },
      { name: 'undefined target with object patch', target: undefined, patch: { a: 1 }, expect: { a: 1 } },
      { name: 'deleting an absent member is a no-op', target: { a: 1 }, patch: { b: null }, expect: { a: 1 } },
      { name: 'nulls inside a replacing array are kept verbatim', target: { a: 1 }, patch: { l: [{ x: null }] }, expect: { a: 1, l: [{ x: null }] } },
    ],
    (c) => applyMergePatch(c.target, c.patch),
  );

  it('treats "__proto__" as an ordinary member', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as unknown;
    const out = applyMergePatch({}, patch) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.deepEqual(Object.keys(out).sort(), ['__proto__', 'a']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('copies members named like Object.prototype\'s as ordinary own members, in every patch kind', () => {
    const target = JSON.parse('{"constructor": {"a": 1}, "toString": "x", "__proto__": {"b": 2}, "hasOwnProperty": 3}') as Record<string, unknown>;
    for (const out of [
      applyMergePatch(target, { valueOf: 4 }),
      applyJsonPatch(target, [{ op: 'add', path: '/valueOf', value: 4 }]),
      applyStrategicMergePatch(target, { valueOf: 4 }, 'ConfigMap'),
    ] as Record<string, unknown>[]) {
      assert.equal(Object.getPrototypeOf(out), Object.prototype);
      assert.deepEqual(Object.keys(out), ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']);
      assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__'), { value: { b: 2 }, writable: true, enumerable: true, configurable: true });
      assert.deepEqual(out.constructor, { a: 1 });
      assert.notEqual(out.constructor, target.constructor);
    }
  });

  it('returns a value that shares nothing with its inputs', () => {
    const target = { a: { b: 1 } };
    const patch = { c: { d: [1] } };
    const out = applyMergePatch(target, patch) as { a: { b: number }; c: { d: number[] } };
    out.a.b = 2;
    out.c.d.push(2);
    assert.deepEqual(target, { a: { b: 1 } });
    assert.deepEqual(patch, { c: { d: [1] } });
  });
});

describe('applyJsonPatch (RFC 6902)', () => {
  run(
    [
      // RFC 6902 Appendix A.
      { name: 'A.1 add an object member', target: { foo: 'bar' }, patch: [{ op: 'add', path: '/baz', value: 'qux' }], expect: { baz: 'qux', foo: 'bar' } },
      { name: 'A.2 add an array element', target: { foo: ['bar', 'baz'] }, patch: [{ op: 'add', path: '/foo/1', value: 'qux' }], expect: { foo: ['bar', 'qux', 'baz'] } },
      { name: 'A.3 remove an object member', target: { baz: 'qux', foo: 'bar' }, patch: [{ op: 'remove', path: '/baz' }], expect: { foo: 'bar' } },
      { name: 'A.4 remove an array element', target: { foo: ['bar', 'qux', 'baz'] }, patch: [{ op: 'remove', path: '/foo/1' }], expect: { foo: ['bar', 'baz'] } },
      { name: 'A.5 replace a value', target: { baz: 'qux', foo: 'bar' }, patch: [{ op: 'replace', path: '/baz', value: 'boo' }], expect: { baz: 'boo', foo: 'bar' } },
      {
        name: 'A.6 move a value',
        target: { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
        patch: [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
        expect: { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
      },
      {
        name: 'A.7 move an array element',
        target: { foo: ['all', 'grass', 'cows', 'eat'] },
        patch: [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
        expect: { foo: ['all', 'cows', 'eat', 'grass'] },
      },
      {
        name: 'A.8 test succeeds',
        target: { baz: 'qux', foo: ['a', 2, 'c'] },
        patch: [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }],
        expect: { baz: 'qux', foo: ['a', 2, 'c'] },
      },
      { name: 'A.9 test fails', target: { baz: 'qux' }, patch: [{ op: 'test', path: '/baz', value: 'bar' }], expect: throws(/^json patch test operation failed at \/baz/) },
      {
        name: 'A.10 add a nested member object',
        target: { foo: 'bar' },
        patch: [{ op: 'add', path: '/child', value: { grandchild: {} } }],
        expect: { foo: 'bar', child: { grandchild: {} } },
      },
      { name: 'A.11 unrecognized members are ignored', target: { foo: 'bar' }, patch: [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }], expect: { foo: 'bar', baz: 'qux' } },
      { name: 'A.12 add to a nonexistent target fails', target: { foo: 'bar' }, patch: [{ op: 'add', path: '/baz/bat', value: 'qux' }], expect: throws(/add operation failed at \/baz\/bat: path does not exist/) },
      { name: 'A.14 ~ escape ordering', target: { '/': 9, '~1': 10 }, patch: [{ op: 'test', path: '/~01', value: 10 }], expect: { '/': 9, '~1': 10 } },
      { name: 'A.15 strings and numbers differ', target: { '/': 9, '~1': 10 }, patch: [{ op: 'test', path: '/~01', value: '10' }], expect: throws(/test operation failed at \/~01/) },
      { name: 'A.16 add an array value', target: { foo: ['bar'] }, patch: [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], expect: { foo: ['bar', ['abc', 'def']] } },
      // Beyond the appendix.
      { name: '~1 addresses a key containing "/"', target: { metadata: { labels: { 'app.kubernetes.io/name': 'x' } } }, patch: [{ op: 'remove', path: '/metadata/labels/app.kubernetes.io~1name' }], expect: { metadata: { labels: {} } } },
      { name: 'copy', target: { a: { b: [1] } }, patch: [{ op: 'copy', from: '/a', path: '/c' }], expect: { a: { b: [1] }, c: { b: [1] } } },
      { name: 'replace the whole document', target: { a: 1 }, patch: [{ op: 'replace', path: '', value: [1] }], expect: [1] },
      { name: 'add null as a value', target: { a: 1 }, patch: [{ op: 'add', path: '/b', value: null }], expect: { a: 1, b: null } },
      { name: 'test compares objects regardless of member order', target: { a: { x: 1, y: 2 } }, patch: [{ op: 'test', path: '/a', value: { y: 2, x: 1 } }], expect: { a: { x: 1, y: 2 } } },
      { name: 'operations see earlier results', target: {}, patch: [{ op: 'add', path: '/a', value: {} }, { op: 'add', path: '/a/b', value: 1 }, { op: 'move', from: '/a/b', path: '/c' }], expect: { a: {}, c: 1 } },
      { name: 'failing test on a label', target: { metadata: { labels: { a: '1' } } }, patch: [{ op: 'test', path: '/metadata/labels/a', value: '2' }], expect: throws(/^json patch test operation failed at \/metadata\/labels\/a/) },
      { name: 'failure is atomic', target: { a: 1 }, patch: [{ op: 'add', path: '/b', value: 2 }, { op: 'remove', path: '/zzz' }], expect: throws(/remove operation failed at \/zzz: path does not exist/) },
      { name: 'unknown op', target: {}, patch: [{ op: 'foo', path: '/a' }], expect: throws(/^invalid JSON patch: op "foo" unknown$/) },
      { name: 'patch is not an array', target: {}, patch: { op: 'add', path: '/a', value: 1 }, expect: throws(/expected an array of operations/) },
      { name: 'missing value', target: {}, patch: [{ op: 'add', path: '/a' }], expect: throws(/operation 0 \(add\) is missing "value"/) },
      { name: 'missing from', target: { a: 1 }, patch: [{ op: 'copy', path: '/b' }], expect: throws(/missing a string "from"/) },
      { name: 'replace of a missing member', target: { a: 1 }, patch: [{ op: 'replace', path: '/b', value: 2 }], expect: throws(/replace operation failed at \/b: path does not exist/) },
      { name: 'index with a leading zero', target: { a: [1, 2] }, patch: [{ op: 'remove', path: '/a/01' }], expect: throws(/"01" is not a valid array index/) },
      { name: 'index past the end', target: { a: [1, 2] }, patch: [{ op: 'add', path: '/a/3', value: 9 }], expect: throws(/index 3 is out of bounds/) },
      { name: '"-" cannot be removed', target: { a: [1] }, patch: [{ op: 'remove', path: '/a/-' }], expect: throws(/"-" does not refer to an existing array element/) },
      { name: 'pointer without leading slash', target: {}, patch: [{ op: 'add', path: 'a', value: 1 }], expect: throws(/is not a JSON pointer/) },
      { name: 'invalid ~ escape', target: {}, patch: [{ op: 'add', path: '/a~2', value: 1 }], expect: throws(/invalid "~" escape/) },
      { name: 'move into own child', target: { a: { b: 1 } }, patch: [{ op: 'move', from: '/a', path: '/a/c' }], expect: throws(/cannot move "\/a" into its own child/) },
      { name: 'remove the whole document', target: { a: 1 }, patch: [{ op: 'remove', path: '' }], expect: throws(/cannot remove the whole document/) },
      { name: 'add through a primitive', target: { a: 1 }, patch: [{ op: 'add', path: '/a/b', value: 1 }], expect: throws(/parent is not an object or array/) },
    ],
    (c) => applyJsonPatch(c.target, c.patch),
  );
});

// A two-container pod as stored by the server.
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, finalizers: ['a/one', 'b/two'] },
  spec: {
    containers: [
      { name: 'app', image: 'nginx:1.25', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, name: 'http' }], volumeMounts: [{ name: 'data', mountPath: '/data' }] },
      { name: 'sidecar', image: 'busybox', args: ['sleep', '3600'] },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'k', operator: 'Exists' }],
  },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }, { type: 'Initialized', status: 'True' }] },
};

// withPod builds an expected pod by applying JSON merge patches to `pod`, which keeps expectations short.
const withPod = (...mps: unknown[]): unknown => mps.reduce((doc, mp) => applyMergePatch(doc, mp), pod);
const podSpec = (containers: unknown[], rest: Record<string, unknown> = {}): unknown => ({ spec: { ...pod.spec, containers, ...rest } });
const [app, sidecar] = pod.spec.containers;

describe('applyStrategicMergePatch', () => {
  run(
    [
      {
        name: 'kubectl apply: add a label and change one image keeps the other container',
        target: pod,
        patch: {
          metadata: { labels: { tier: 'frontend' } },
          spec: { '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }], containers: [{ name: 'app', image: 'nginx:1.26' }] },
        },
        expect: withPod({ metadata: { labels: { tier: 'frontend' } } }, podSpec([{ ...app, image: 'nginx:1.26' }, sidecar])),
      },
      {
        name: 'env merges by name: change, add, keep',
        target: pod,
        patch: { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }] }] } },
        expect: withPod(podSpec([{ ...app, env: [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }] }, sidecar])),
      },
      {
        name: '$patch: delete removes one env var',
        target: pod,
        patch: { spec: { containers: [{ name: 'app', env: [{ name: 'A', $patch: 'delete' }] }] } },
        expect: withPod(podSpec([{ ...app, env: [{ name: 'B', value: '2' }] }, sidecar])),
      },
      {
        name: '$patch: delete removes a container',
        target: pod,
        patch: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } },
        expect: withPod(podSpec([app])),
      },
      {
        name: '$setElementOrder/containers reorders',
        target: pod,
        patch: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }] } },
        expect: withPod(podSpec([sidecar, app])),
      },
      {
        name: '$setElementOrder places unlisted items after, in their order',
        target: { spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }] } },
        patch: { spec: { '$setElementOrder/containers': [{ name: 'd' }, { name: 'new' }, { name: 'b' }], containers: [{ name: 'new', image: 'x' }] } },
        expect: { spec: { containers: [{ name: 'd' }, { name: 'new', image: 'x' }, { name: 'b' }, { name: 'a' }, { name: 'c' }] } },
      },
      {
        name: '$setElementOrder/env inside a container item',
        target: pod,
        patch: { spec: { containers: [{ name: 'app', '$setElementOrder/env': [{ name: 'B' }, { name: 'A' }] }] } },
        expect: withPod(podSpec([{ ...app, env: [{ name: 'B', value: '2' }, { name: 'A', value: '1' }] }, sidecar])),
      },
      {
        name: '$retainKeys switches a volume source',
        target: pod,
        patch: { spec: { volumes: [{ name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' }, emptyDir: null }] } },
        expect: withPod({ spec: { volumes: [{ name: 'data', configMap: { name: 'cm' } }] } }),
      },
      {
        name: '$retainKeys rejects a patched field it does not list',
        target: pod,
        patch: { spec: { volumes: [{ name: 'data', $retainKeys: ['name'], configMap: { name: 'cm' } }] } },
        expect: throws(/field "configMap" at "spec\.volumes\[\]" is set but not listed in \$retainKeys/),
      },
      {
        name: '$deleteFromPrimitiveList/finalizers',
        target: pod,
        patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a/one'] } },
        expect: withPod({ metadata: { finalizers: ['b/two'] } }),
      },
      {
        name: 'finalizers are unioned without duplicates',
        target: pod,
        patch: { metadata: { finalizers: ['b/two', 'c/three'] } },
        expect: withPod({ metadata: { finalizers: ['a/one', 'b/two', 'c/three'] } }),
      },
      {
        name: 'delete and add finalizers in one patch',
        target: pod,
        patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a/one'], finalizers: ['c/three'] } },
        expect: withPod({ metadata: { finalizers: ['b/two', 'c/three'] } }),
      },
      {
        name: 'null deletes a label',
        target: pod,
        patch: { metadata: { labels: { app: null, x: 'y' } } },
        expect: withPod({ metadata: { labels: { app: null, x: 'y' } } }),
      },
      {
        name: 'ports merge by containerPort',
        target: pod,
        patch: { spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }] }] } },
        expect: withPod(podSpec([{ ...app, ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 443 }] }, sidecar])),
      },
      {
        name: 'volumeMounts merge by mountPath',
        target: pod,
        patch: { spec: { containers: [{ name: 'app', volumeMounts: [{ mountPath: '/data', readOnly: true }, { name: 'cfg', mountPath: '/etc/cfg' }] }] } },
        expect: withPod(podSpec([{ ...app, volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }, { name: 'cfg', mountPath: '/etc/cfg' }] }, sidecar])),
      },
      {
        name: 'lists without a strategy (args, tolerations) are replaced',
        target: pod,
        patch: { spec: { containers: [{ name: 'sidecar', args: ['sleep', '1'] }], tolerations: [{ key: 'other', operator: 'Exists' }] } },
        expect: withPod(podSpec([app, { ...sidecar, args: ['sleep', '1'] }], { tolerations: [{ key: 'other', operator: 'Exists' }] })),
      },
      {
        name: 'status conditions merge by type',
        target: pod,
        patch: { status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] } },
        expect: withPod({ status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Initialized', status: 'True' }, { type: 'PodScheduled', status: 'True' }] } }),
      },
      {
        name: '$patch: replace on a map replaces it wholesale',
        target: pod,
        patch: { metadata: { labels: { $patch: 'replace', only: 'this' } } },
        expect: withPod({ metadata: { labels: { app: null, only: 'this' } } }),
      },
      {
        name: '$patch: replace item replaces a keyed list',
        target: pod,
        patch: { spec: { containers: [{ $patch: 'replace' }, { name: 'solo', image: 'x' }] } },
        expect: withPod(podSpec([{ name: 'solo', image: 'x' }])),
      },
      {
        name: '$patch: delete on a map removes the field',
        target: { spec: { securityContext: { runAsUser: 1 }, nodeName: 'n' } },
        patch: { spec: { securityContext: { $patch: 'delete' } } },
        expect: { spec: { nodeName: 'n' } },
      },
      {
        name: 'ownerReferences merge by uid',
        target: { metadata: { ownerReferences: [{ uid: 'u1', kind: 'A', name: 'a' }] } },
        patch: { metadata: { ownerReferences: [{ uid: 'u1', controller: true }, { uid: 'u2', kind: 'B', name: 'b' }] } },
        expect: { metadata: { ownerReferences: [{ uid: 'u1', kind: 'A', name: 'a', controller: true }, { uid: 'u2', kind: 'B', name: 'b' }] } },
      },
      {
        name: 'a new keyed item has its nulls and directives removed',
        target: pod,
        patch: { spec: { containers: [{ name: 'new', image: 'x', command: null, '$setElementOrder/env': [{ name: 'Z' }], env: [{ name: 'Z', value: 'z' }] }] } },
        expect: withPod(podSpec([app, sidecar, { name: 'new', image: 'x', env: [{ name: 'Z', value: 'z' }] }])),
      },
      {
        name: 'Role rules are replaced',
        kind: 'Role',
        target: { metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, { apiGroups: [''], resources: ['secrets'], verbs: ['list'] }] },
        patch: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] },
        expect: { metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] },
      },
      {
        name: 'ClusterRoleBinding subjects are replaced',
        kind: 'ClusterRoleBinding',
        target: { roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'a' }, { kind: 'User', name: 'b' }] },
        patch: { subjects: [{ kind: 'User', name: 'c' }] },
        expect: { roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'c' }] },
      },
      {
        name: 'ServiceAccount secrets merge by name',
        kind: 'ServiceAccount',
        target: { secrets: [{ name: 's1' }], imagePullSecrets: [{ name: 'p1' }] },
        patch: { secrets: [{ name: 's2' }], imagePullSecrets: [{ name: 'p1' }, { name: 'p2' }] },
        expect: { secrets: [{ name: 's1' }, { name: 's2' }], imagePullSecrets: [{ name: 'p1' }, { name: 'p2' }] },
      },
      {
        name: 'Node addresses and conditions merge by type',
        kind: 'Node',
        target: { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n1' }], conditions: [{ type: 'Ready', status: 'True' }] } },
        patch: { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }], conditions: [{ type: 'MemoryPressure', status: 'False' }] } },
        expect: { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }, { type: 'Hostname', address: 'n1' }], conditions: [{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'False' }] } },
      },
      {
        name: 'ConfigMap data merges as a map',
        kind: 'ConfigMap',
        target: { data: { a: '1', b: '2' } },
        patch: { data: { b: null, c: '3' } },
        expect: { data: { a: '1', c: '3' } },
      },
      {
        name: 'unknown kind falls back to merge patch (lists replaced)',
        kind: 'Widget',
        target: { metadata: { finalizers: ['a'] }, spec: { containers: [{ name: 'a', image: '1' }, { name: 'b' }], size: 1 } },
        patch: { metadata: { finalizers: ['b'] }, spec: { containers: [{ name: 'a', image: '2' }], size: null } },
        expect: { metadata: { finalizers: ['b'] }, spec: { containers: [{ name: 'a', image: '2' }] } },
      },
      {
        name: 'unknown kind still honours and strips directives',
        kind: 'Widget',
        target: { spec: { a: { x: 1 }, b: 2 } },
        patch: { spec: { a: { $patch: 'replace', y: 2 }, list: [{ $patch: 'replace' }, { k: 1, '$setElementOrder/z': [] }] } },
        expect: { spec: { a: { y: 2 }, b: 2, list: [{ k: 1 }] } },
      },
      {
        name: 'non-directive $ keys are ordinary data',
        kind: 'Widget',
        target: {},
        patch: { schema: { $ref: '#/x', $schema: 'draft' } },
        expect: { schema: { $ref: '#/x', $schema: 'draft' } },
      },
      { name: 'keyed item without its merge key', target: pod, patch: { spec: { containers: [{ image: 'x' }] } }, expect: throws(/item in list "spec\.containers" does not contain merge key "name"/) },
      { name: 'unknown $patch directive', target: pod, patch: { spec: { $patch: 'explode' } }, expect: throws(/unknown \$patch directive "explode" at "spec"/) },
      { name: 'patch must be an object', target: pod, patch: [1], expect: throws(/expected a JSON object, got an array/) },
    ],
    (c) => applyStrategicMergePatch(c.target, c.patch, c.kind ?? 'Pod'),
  );

  it('leaves no directive keys anywhere, even on fields absent from the target', () => {
    const patch = {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['x'], labels: { $patch: 'replace', a: 'b' } },
      spec: {
        '$setElementOrder/containers': [{ name: 'c' }],
        containers: [{ name: 'c', '$setElementOrder/env': [{ name: 'E' }], env: [{ name: 'E', value: 'e' }, { name: 'F', $patch: 'delete' }] }],
        volumes: [{ name: 'v', $retainKeys: ['name', 'secret'], secret: { secretName: 's' } }],
        securityContext: { $patch: 'delete' },
        tolerations: [{ $patch: 'replace' }, { key: 't', extra: { $retainKeys: [] } }],
      },
    };
    const out = applyStrategicMergePatch({ metadata: { name: 'p' } }, patch, 'Pod');
    assert.deepEqual(directiveKeys(out), []);
    assert.deepEqual(out, {
      metadata: { name: 'p', labels: { a: 'b' } },
      spec: { containers: [{ name: 'c', env: [{ name: 'E', value: 'e' }] }], volumes: [{ name: 'v', secret: { secretName: 's' } }], tolerations: [{ key: 't', extra: {} }] },
    });
  });

  it('returns a value that shares nothing with its inputs', () => {
    const target = structuredClone(pod);
    const patch = { spec: { containers: [{ name: 'new', env: [{ name: 'X', value: 'x' }] }] } };
    const out = applyStrategicMergePatch(target, patch, 'Pod') as typeof pod;
    out.spec.containers[0].env!.push({ name: 'Y', value: 'y' });
    out.spec.containers[2].env!.push({ name: 'Y', value: 'y' });
    assert.deepEqual(target, pod);
    assert.deepEqual(patch, { spec: { containers: [{ name: 'new', env: [{ name: 'X', value: 'x' }] }] } });
  });
});

describe('applyServerSideApply', () => {
  it('creates from the applied object when nothing is live', () => {
    const applied = { kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
    const out = applyServerSideApply(undefined, applied, 'ConfigMap');
    assert.deepEqual(out, applied);
    assert.notEqual(out, applied);
  });

  it('strategic-merges onto the live object, keeping fields the applier did not mention', () => {
    const applied = { metadata: { name: 'web', labels: { app: 'web', v: '2' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } };
    const out = applyServerSideApply(pod, applied, 'Pod');
    assert.deepEqual(out, withPod({ metadata: { labels: { v: '2' } } }, podSpec([{ ...app, image: 'nginx:1.27' }, sidecar])));
    assert.deepEqual(applied.spec.containers, [{ name: 'app', image: 'nginx:1.27' }]);
  });

  it('rejects a non-object configuration against a live object', () => {
    assert.throws(() => applyServerSideApply(pod, 'nope', 'Pod'), PatchError);
  });
});

describe('applyJsonPatch limits and read-only subjects', () => {
  const copies = (n: number) => Array.from({ length: n }, (_, i) => ({ op: 'copy', from: '/a', path: `/a/c${i}` }));
  const kind = (k: PatchError['kind']) => (e: unknown) => e instanceof PatchError && e.kind === k;
  const cases: { name: string; run: () => unknown; want: (e: unknown) => boolean }[] = [
    { name: 'more than 10000 operations', run: () => applyJsonPatch({}, Array.from({ length: 10_001 }, () => ({ op: 'test', path: '', value: {} }))), want: kind('TooLarge') },
    { name: 'copies doubling past the copy budget', run: () => applyJsonPatch({ a: { x: 'y'.repeat(100) } }, copies(40)), want: kind('TooLarge') },
    { name: 'a small copy budget', run: () => applyJsonPatch({ a: 'x'.repeat(100) }, [{ op: 'copy', from: '/a', path: '/b' }], { maxCopyBytes: 50 }), want: kind('TooLarge') },
    ...(['copy', 'move', 'test'] as const).map((op) => ({ name: `readOps: false refuses ${op}`, run: () => applyJsonPatch({ a: 's3cret' }, [{ op: 'add', path: '/b', value: 1 }, { op, from: '/a', path: '/c', value: 'x' }], { readOps: false }), want: kind('ReadForbidden') })),
    { name: 'a failing test does not quote the current value', run: () => applyJsonPatch({ a: 's3cret' }, [{ op: 'test', path: '/a', value: 'guess' }]), want: (e: unknown) => e instanceof PatchError && !/s3cret/.test(e.message) },
  ];
  for (const c of cases) it(c.name, () => assert.throws(c.run, c.want));

  it('readOps: false still applies add, replace and remove', () => {
    assert.deepEqual(applyJsonPatch({ a: 1, b: 2 }, [{ op: 'add', path: '/c', value: 3 }, { op: 'replace', path: '/a', value: 0 }, { op: 'remove', path: '/b' }], { readOps: false }), { a: 0, c: 3 });
  });

  it('strategic list merges stay linear on 100k items', () => {
    const started = Date.now();
    const finalizers = Array.from({ length: 100_000 }, (_, i) => `f/${i}`);
    const out = applyStrategicMergePatch({ metadata: { finalizers: finalizers.slice(0, 50_000) } }, { metadata: { finalizers, '$setElementOrder/finalizers': finalizers.slice().reverse() } }, 'Pod') as { metadata: { finalizers: string[] } };
    assert.equal(out.metadata.finalizers.length, 100_000);
    assert.equal(out.metadata.finalizers[0], 'f/99999');
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  });
});
