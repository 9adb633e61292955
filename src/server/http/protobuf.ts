// Decoder for Kubernetes protobuf request bodies (application/vnd.kubernetes.protobuf).
// kubectl 1.32+ sends built-in kinds this way. We have no protobuf library, so this
// holds a small wire-format reader plus per-kind field tables taken from the
// generated.proto files of k8s.io/api, and only covers the kinds Gatehouse stores.
//
// Emission follows what Go's encoding/json would print for the decoded struct:
// Go's marshaller writes every non-pointer string on the wire, even when it is "",
// so a present "" on an `omitempty` field is dropped, while a present "" on a
// required field (roleRef.kind, subject.name...) is kept. Absent fields are omitted.

/** ProtobufDecodeError is thrown for any body that is not a well-formed protobuf object of a supported kind. */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
}

/** isProtobufContentType reports whether a Content-Type header names the Kubernetes protobuf encoding (parameters allowed). */
export function isProtobufContentType(ct: string | undefined): boolean {
  if (!ct) return false;
  return ct.split(';')[0].trim().toLowerCase() === 'application/vnd.kubernetes.protobuf';
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_START_GROUP = 3;
const WIRE_END_GROUP = 4;
const WIRE_FIXED32 = 5;
// Deprecated groups can nest; cap it so hostile input cannot blow the stack.
const MAX_GROUP_DEPTH = 32;

/** One decoded field; `varint` is set for wire type 0, `bytes` for wire type 2. */
interface WireField {
  num: number;
  wire: number;
  varint?: bigint;
  bytes?: Buffer;
}

/** Splits one message into its fields, skipping fixed32/fixed64/group payloads. */
function readFields(buf: Buffer, path: string): WireField[] {
  let pos = 0;
  const fail = (what: string): never => {
    throw new ProtobufDecodeError(`malformed protobuf at ${path} (byte ${pos}): ${what}`);
  };
  const varint = (): bigint => {
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) return fail('truncated varint');
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      // Mask to 64 bits: the 10th byte may carry bits past 2^64 that Go discards.
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    return fail('varint longer than 10 bytes');
  };
  const take = (n: number): Buffer => {
    if (n > buf.length - pos) fail(`truncated field: need ${n} bytes, have ${buf.length - pos}`);
    const out = buf.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const tag = (): { num: number; wire: number } => {
    const t = varint();
    const num = t >> 3n;
    if (num === 0n || num > 0x1fffffffn) fail(`invalid field number ${num}`);
    return { num: Number(num), wire: Number(t & 7n) };
  };
  // Consumes a value of the given wire type; returns it for varint/len, skips the rest.
  const value = (num: number, wire: number, depth: number): WireField => {
    switch (wire) {
      case WIRE_VARINT: return { num, wire, varint: varint() };
      case WIRE_FIXED64: take(8); return { num, wire };
      case WIRE_LEN: {
        const len = varint();
        if (len > BigInt(buf.length - pos)) fail(`truncated field ${num}: length ${len} exceeds ${buf.length - pos} remaining bytes`);
        return { num, wire, bytes: take(Number(len)) };
      }
      case WIRE_START_GROUP: {
        if (depth >= MAX_GROUP_DEPTH) fail('groups nested too deeply');
        for (;;) {
          if (pos >= buf.length) fail(`unterminated group ${num}`);
          const inner = tag();
          if (inner.wire === WIRE_END_GROUP) {
            if (inner.num !== num) fail(`end-group ${inner.num} does not match group ${num}`);
            return { num, wire };
          }
          value(inner.num, inner.wire, depth + 1);
        }
      }
      case WIRE_END_GROUP: return fail(`unexpected end-group for field ${num}`);
      case WIRE_FIXED32: take(4); return { num, wire };
      default: return fail(`invalid wire type ${wire} for field ${num}`);
    }
  };
  const fields: WireField[] = [];
  while (pos < buf.length) {
    const { num, wire } = tag();
    fields.push(value(num, wire, 0));
  }
  return fields;
}

import { bool, labelSelector, metadata, msg, msgs, reqStr, str, stringMap, strings, type FieldSpec, type Schema } from './protobuf-schema';
import { pod } from './protobuf-pod';
import { kubeTime } from '../../shared/api/meta';

const objectReference: Schema = {
  1: str('kind'), 2: str('namespace'), 3: str('name'), 4: str('uid'),
  5: str('apiVersion'), 6: str('resourceVersion'), 7: str('fieldPath'),
};
const policyRule: Schema = {
  1: strings('verbs'), 2: strings('apiGroups'), 3: strings('resources'),
  4: strings('resourceNames'), 5: strings('nonResourceURLs'),
};
const rbacSubject: Schema = { 1: reqStr('kind'), 2: str('apiGroup'), 3: reqStr('name'), 4: str('namespace') };
const roleRef: Schema = { 1: reqStr('apiGroup'), 2: reqStr('kind'), 3: reqStr('name') };
const resourceAttributes: Schema = {
  1: str('namespace'), 2: str('verb'), 3: str('group'), 4: str('version'),
  5: str('resource'), 6: str('subresource'), 7: str('name'),
};
const nonResourceAttributes: Schema = { 1: str('path'), 2: str('verb') };
const subjectAccessReview: Schema = {
  1: metadata,
  2: msg('spec', {
    1: msg('resourceAttributes', resourceAttributes), 2: msg('nonResourceAttributes', nonResourceAttributes),
    3: str('user'), 4: strings('groups'), 5: { json: 'extra', type: 'stringListMap' }, 6: str('uid'),
  }),
};
const rbacV1 = 'rbac.authorization.k8s.io/v1';
const authzV1 = 'authorization.k8s.io/v1';
const authnV1 = 'authentication.k8s.io/v1';

// Keyed by "apiVersion kind": field numbers are only guaranteed within one version.
const KINDS = new Map<string, Schema>([
  ['v1 Namespace', { 1: metadata, 2: msg('spec', { 1: strings('finalizers') }) }],
  ['v1 Secret', {
    1: metadata, 2: { json: 'data', type: 'bytesMap' }, 3: str('type'),
    4: stringMap('stringData'), 5: bool('immutable'),
  }],
  ['v1 ConfigMap', {
    1: metadata, 2: stringMap('data'), 3: { json: 'binaryData', type: 'bytesMap' }, 4: bool('immutable'),
  }],
  // Pod (kubectl 1.32+ `debug --copy-to`, `debug node/…`): the complete generated tables, so no field is dropped.
  ['v1 Pod', pod],
  ['v1 Service', {
    1: metadata,
    2: msg('spec', {
      1: msgs('ports', {
        1: str('name'), 2: str('protocol'), 6: str('appProtocol'), 3: { json: 'port', type: 'int64', keepZero: true },
        4: { json: 'targetPort', type: 'intOrString' }, 5: { json: 'nodePort', type: 'int64' },
      }),
      2: stringMap('selector'), 3: str('clusterIP'), 18: strings('clusterIPs'), 4: str('type'), 5: strings('externalIPs'),
      7: str('sessionAffinity'), 8: str('loadBalancerIP'), 9: strings('loadBalancerSourceRanges'), 10: str('externalName'),
      11: str('externalTrafficPolicy'), 12: { json: 'healthCheckNodePort', type: 'int64' }, 13: bool('publishNotReadyAddresses'),
      19: strings('ipFamilies'), 17: str('ipFamilyPolicy'), 20: bool('allocateLoadBalancerNodePorts'), 21: str('loadBalancerClass'),
      22: str('internalTrafficPolicy'), 23: str('trafficDistribution'),
    }),
  }],
  ['v1 ServiceAccount', {
    1: metadata, 2: msgs('secrets', objectReference), 3: msgs('imagePullSecrets', { 1: str('name') }),
    4: bool('automountServiceAccountToken'),
  }],
  [`${rbacV1} Role`, { 1: metadata, 2: msgs('rules', policyRule) }],
  [`${rbacV1} ClusterRole`, {
    1: metadata, 2: msgs('rules', policyRule),
    3: msg('aggregationRule', { 1: msgs('clusterRoleSelectors', labelSelector) }),
  }],
  [`${rbacV1} RoleBinding`, { 1: metadata, 2: msgs('subjects', rbacSubject), 3: msg('roleRef', roleRef) }],
  [`${rbacV1} ClusterRoleBinding`, { 1: metadata, 2: msgs('subjects', rbacSubject), 3: msg('roleRef', roleRef) }],
  [`${authzV1} SelfSubjectAccessReview`, {
    1: metadata,
    2: msg('spec', { 1: msg('resourceAttributes', resourceAttributes), 2: msg('nonResourceAttributes', nonResourceAttributes) }),
  }],
  [`${authzV1} SelfSubjectRulesReview`, { 1: metadata, 2: msg('spec', { 1: str('namespace') }) }],
  [`${authzV1} SubjectAccessReview`, subjectAccessReview],
  [`${authzV1} LocalSubjectAccessReview`, subjectAccessReview],
  [`${authnV1} SelfSubjectReview`, { 1: metadata }],
  [`${authnV1} TokenReview`, { 1: metadata, 2: msg('spec', { 1: str('token'), 2: strings('audiences') }) }],
  [`${authnV1} TokenRequest`, {
    1: metadata,
    2: msg('spec', {
      1: strings('audiences'),
      // A pointer in Go, so a present 0 is meaningful and kept.
      4: { json: 'expirationSeconds', type: 'int64', keepZero: true },
      3: msg('boundObjectRef', { 1: str('kind'), 2: str('apiVersion'), 3: str('name'), 4: str('uid') }),
    }),
  }],
]);
// The workload kinds (kubectl 1.32+ `create deployment|job` send protobuf). A pointer field keeps a present 0.
const ptr = (json: string): FieldSpec => ({ json, type: 'int64', keepZero: true });
const podTemplateSpec: Schema = { 1: metadata, 2: msg('spec', (pod[2] as { schema: Schema }).schema) };
KINDS.set('apps/v1 Deployment', {
  1: metadata,
  2: msg('spec', {
    1: ptr('replicas'), 2: msg('selector', labelSelector), 3: msg('template', podTemplateSpec),
    4: msg('strategy', { 1: str('type'), 2: msg('rollingUpdate', { 1: { json: 'maxUnavailable', type: 'intOrString' }, 2: { json: 'maxSurge', type: 'intOrString' } }) }),
    5: { json: 'minReadySeconds', type: 'int64' }, 6: ptr('revisionHistoryLimit'), 7: bool('paused'), 9: ptr('progressDeadlineSeconds'),
  }),
});
KINDS.set('apps/v1 ReplicaSet', {
  1: metadata,
  2: msg('spec', { 1: ptr('replicas'), 4: { json: 'minReadySeconds', type: 'int64' }, 2: msg('selector', labelSelector), 3: msg('template', podTemplateSpec) }),
});
KINDS.set('batch/v1 Job', {
  1: metadata,
  2: msg('spec', {
    1: ptr('parallelism'), 2: ptr('completions'), 3: ptr('activeDeadlineSeconds'), 7: ptr('backoffLimit'), 12: ptr('backoffLimitPerIndex'), 13: ptr('maxFailedIndexes'),
    4: msg('selector', labelSelector), 5: bool('manualSelector'), 6: msg('template', podTemplateSpec), 8: ptr('ttlSecondsAfterFinished'),
    9: str('completionMode'), 10: bool('suspend'), 14: str('podReplacementPolicy'), 15: str('managedBy'),
  }),
});
const KNOWN_KIND_NAMES = new Set([...KINDS.keys()].map((k) => k.split(' ')[1]));

const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32'];

function expectWire(f: WireField, want: number, path: string): void {
  if (f.wire !== want) {
    throw new ProtobufDecodeError(`malformed protobuf at ${path}: field ${f.num} has wire type ${WIRE_NAMES[f.wire]}, want ${WIRE_NAMES[want]}`);
  }
}

function toInt(v: bigint, path: string): number {
  const n = Number(BigInt.asIntN(64, v)); // int64 is two's complement on the wire
  if (!Number.isSafeInteger(n)) throw new ProtobufDecodeError(`malformed protobuf at ${path}: integer ${n} out of range`);
  return n;
}

/** readPackedVarints reads a packed repeated varint field. */
function readPackedVarints(buf: Buffer, path: string): bigint[] {
  const out: bigint[] = [];
  let pos = 0;
  while (pos < buf.length) {
    let result = 0n;
    let i = 0;
    for (;; i++) {
      if (i >= 10 || pos >= buf.length) throw new ProtobufDecodeError(`malformed protobuf at ${path}: truncated packed varint`);
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) break;
    }
    out.push(BigInt.asUintN(64, result));
  }
  return out;
}

/** Reads a map entry message {1 key, 2 value}; missing halves default to empty, as in Go. */
function readMapEntry(buf: Buffer, path: string): { key: string; value?: Buffer } {
  let key = '';
  let value: Buffer | undefined;
  for (const f of readFields(buf, path)) {
    if (f.num === 1) { expectWire(f, WIRE_LEN, path); key = f.bytes!.toString('utf8'); }
    if (f.num === 2) { expectWire(f, WIRE_LEN, path); value = f.bytes; }
  }
  return { key, value };
}

/** Decodes one message into `out` (merging, as protobuf does for repeated occurrences). */
function decodeMessage(buf: Buffer, schema: Schema, path: string, out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const f of readFields(buf, path)) {
    const spec = schema[f.num];
    if (!spec) continue; // unknown field: already skipped by readFields
    const at = `${path}.${spec.json}`;
    switch (spec.type) {
      case 'string': {
        expectWire(f, WIRE_LEN, at);
        const s = f.bytes!.toString('utf8');
        // Go writes "" for every unset string; only required fields keep it.
        if (s !== '' || spec.keepEmpty) out[spec.json] = s;
        else delete out[spec.json];
        break;
      }
      case 'bool':
        expectWire(f, WIRE_VARINT, at);
        out[spec.json] = f.varint !== 0n;
        break;
      case 'int64': {
        expectWire(f, WIRE_VARINT, at);
        const n = toInt(f.varint!, at);
        if (n !== 0 || spec.keepZero) out[spec.json] = n;
        else delete out[spec.json];
        break;
      }
      case 'strings':
        expectWire(f, WIRE_LEN, at);
        // Each occurrence is one element; "" is a real element (apiGroups: [""]).
        ((out[spec.json] ??= []) as string[]).push(f.bytes!.toString('utf8'));
        break;
      case 'stringMap':
      case 'bytesMap':
      case 'stringListMap': {
        expectWire(f, WIRE_LEN, at);
        const { key, value } = readMapEntry(f.bytes!, at);
        const map = (out[spec.json] ??= {}) as Record<string, unknown>;
        const raw = value ?? Buffer.alloc(0);
        if (spec.type === 'stringMap') map[key] = raw.toString('utf8');
        // []byte is base64 (std, padded) in Kubernetes JSON.
        else if (spec.type === 'bytesMap') map[key] = raw.toString('base64');
        // ExtraValue is a named []string, so its JSON form is a bare array, not {items}.
        else map[key] = (decodeMessage(raw, { 1: strings('items') }, `${at}[${key}]`).items as string[] | undefined) ?? [];
        break;
      }
      case 'inline':
        // An embedded Go struct with `json:",inline"` (Volume's VolumeSource, Probe's handler …): its fields belong to the parent.
        expectWire(f, WIRE_LEN, at);
        decodeMessage(f.bytes!, spec.schema, path, out);
        break;
      case 'ints': {
        // Repeated int32/int64: one varint per occurrence, or packed in one length-delimited field.
        const list = (out[spec.json] ??= []) as number[];
        if (f.wire === WIRE_VARINT) list.push(toInt(f.varint!, at));
        else {
          expectWire(f, WIRE_LEN, at);
          for (const v of readPackedVarints(f.bytes!, at)) list.push(toInt(v, at));
        }
        break;
      }
      case 'bytes':
        expectWire(f, WIRE_LEN, at);
        out[spec.json] = f.bytes!.toString('base64');
        break;
      case 'quantity': {
        // resource.Quantity {string = 1} is its string in JSON.
        expectWire(f, WIRE_LEN, at);
        out[spec.json] = String(decodeMessage(f.bytes!, { 1: str('string') }, at).string ?? '0');
        break;
      }
      case 'quantityMap': {
        expectWire(f, WIRE_LEN, at);
        const { key, value } = readMapEntry(f.bytes!, at);
        ((out[spec.json] ??= {}) as Record<string, unknown>)[key] = String(decodeMessage(value ?? Buffer.alloc(0), { 1: str('string') }, `${at}[${key}]`).string ?? '0');
        break;
      }
      case 'time': {
        // metav1.Time {seconds = 1, nanos = 2} is RFC 3339 in JSON (second precision, as Go prints it).
        expectWire(f, WIRE_LEN, at);
        const t = decodeMessage(f.bytes!, { 1: { json: 'seconds', type: 'int64' } }, at);
        const ms = Number(t.seconds ?? 0) * 1000;
        if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new ProtobufDecodeError(`malformed protobuf at ${at}: time out of range`);
        out[spec.json] = kubeTime(ms);
        break;
      }
      case 'duration': {
        expectWire(f, WIRE_LEN, at);
        const d = decodeMessage(f.bytes!, { 1: { json: 'duration', type: 'int64' } }, at);
        out[spec.json] = `${Number(d.duration ?? 0) / 1e9}s`;
        break;
      }
      case 'intOrString': {
        // intstr.IntOrString {type 0|1, intVal, strVal} is a bare number or string in JSON.
        expectWire(f, WIRE_LEN, at);
        const v = decodeMessage(f.bytes!, { 1: { json: 'type', type: 'int64' }, 2: { json: 'intVal', type: 'int64' }, 3: str('strVal') }, at);
        out[spec.json] = v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
        break;
      }
      case 'message': {
        expectWire(f, WIRE_LEN, at);
        const prev = out[spec.json] as Record<string, unknown> | undefined;
        out[spec.json] = decodeMessage(f.bytes!, spec.schema, at, prev);
        break;
      }
      case 'messages': {
        expectWire(f, WIRE_LEN, at);
        const list = (out[spec.json] ??= []) as unknown[];
        list.push(decodeMessage(f.bytes!, spec.schema, `${at}[${list.length}]`));
        break;
      }
    }
  }
  return out;
}

/**
 * decodeKubeProtobuf turns a Kubernetes protobuf request body ("k8s\0" + runtime.Unknown)
 * into the equivalent JSON object, with apiVersion and kind taken from the envelope.
 * Throws ProtobufDecodeError on malformed input, wrong magic or an unsupported kind.
 */
export function decodeKubeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ProtobufDecodeError('not a Kubernetes protobuf body: missing "k8s\\0" magic prefix');
  }
  // runtime.Unknown {1 typeMeta, 2 raw, 3 contentEncoding, 4 contentType}.
  let apiVersion = '';
  let kind = '';
  let contentEncoding = '';
  let contentType = '';
  let raw: Buffer = Buffer.alloc(0);
  for (const f of readFields(body.subarray(MAGIC.length), 'Unknown')) {
    if (f.num < 1 || f.num > 4) continue;
    expectWire(f, WIRE_LEN, 'Unknown');
    if (f.num === 1) {
      const tm = decodeMessage(f.bytes!, { 1: str('apiVersion'), 2: str('kind') }, 'Unknown.typeMeta');
      apiVersion = (tm.apiVersion as string | undefined) ?? '';
      kind = (tm.kind as string | undefined) ?? '';
    } else if (f.num === 2) raw = f.bytes!;
    else if (f.num === 3) contentEncoding = f.bytes!.toString('utf8');
    else contentType = f.bytes!.toString('utf8');
  }
  if (!kind) throw new ProtobufDecodeError('protobuf envelope has no kind');
  if (contentEncoding) {
    throw new ProtobufDecodeError(`unsupported protobuf contentEncoding "${contentEncoding}" (send JSON instead)`);
  }
  // kubectl's serializer leaves contentType empty; anything else means raw is not protobuf.
  if (contentType && !isProtobufContentType(contentType)) {
    throw new ProtobufDecodeError(`unsupported protobuf contentType "${contentType}" (send JSON instead)`);
  }
  const schema = KINDS.get(`${apiVersion} ${kind}`);
  if (!schema) {
    if (KNOWN_KIND_NAMES.has(kind)) {
      throw new ProtobufDecodeError(`unsupported protobuf kind "${kind}" in apiVersion "${apiVersion}" (send JSON instead)`);
    }
    throw new ProtobufDecodeError(`unsupported protobuf kind "${kind}" (send JSON instead)`);
  }
  const obj = decodeMessage(raw, schema, kind);
  // Every object has metadata; an absent or empty ObjectMeta still yields {}.
  return { apiVersion, kind, metadata: obj.metadata ?? {}, ...obj };
}
