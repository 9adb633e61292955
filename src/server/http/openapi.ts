import { createHash } from 'node:crypto';
import { z } from 'zod';
import { capabilitiesSchema, containerSchema, envVarSchema, namespaceSchema, podSecurityContextSchema, podSpecSchema, securityContextSchema, volumeSchema } from '../../shared/api/core';
import { objectMetaSchema, ownerReferenceSchema } from '../../shared/api/meta';
import { grantReviewSchema, policyRuleSchema, subjectSchema } from '../../shared/api/rbac';
import { accessReviewSchema, rulesReviewSchema } from '../../shared/api/reviews';
import { securityProfileReviewSchema } from '../../shared/api/security';
import { groupVersion, RESOURCES, type ResourceDescriptor } from '../../shared/api/resources';
import type { RequestContext } from './context';
import { KUBE_VERSION } from './discovery';
import { encodeOpenApiV2 } from './openapi-v2-proto';
import { writeJSON } from './respond';

// OpenAPI v3 (per group-version) and v2 (one document) for every served kind, generated from the zod
// schemas that validate requests, so what `kubectl explain` shows is what the server enforces. Shared
// structures get upstream's definition names (io.k8s.api.core.v1.PodSpec …) so clients that look types
// up by name find them; Gatehouse's own kinds are named dev.gatehouse.<group>.v1.<Kind>. Descriptions,
// list-map keys and patch strategies are layered on by definition and field below.

type JSONSchema = Record<string, any>;

/** definitionName is upstream's model name for a kind: io.k8s.api.core.v1.Pod, io.k8s.api.rbac.v1.Role, dev.gatehouse.iam.v1.User. */
export function definitionName(r: Pick<ResourceDescriptor, 'group' | 'version' | 'kind'>): string {
  if (r.group === '') return `io.k8s.api.core.${r.version}.${r.kind}`;
  // Upstream's groups without a domain (apps, batch) are Kubernetes' own, like those under k8s.io.
  if (!r.group.includes('.')) return `io.k8s.api.${r.group}.${r.version}.${r.kind}`;
  if (r.group.endsWith('.k8s.io')) return `io.k8s.api.${r.group.slice(0, -'.k8s.io'.length).split('.')[0]}.${r.version}.${r.kind}`;
  return `${r.group.split('.').reverse().join('.')}.${r.version}.${r.kind}`;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
/** SHARED names the sub-schemas that become their own definitions (as upstream's models). */
const SHARED: [z.ZodType, string][] = [
  [objectMetaSchema, `${META}.ObjectMeta`],
  [ownerReferenceSchema, `${META}.OwnerReference`],
  [podSpecSchema, 'io.k8s.api.core.v1.PodSpec'],
  [containerSchema, 'io.k8s.api.core.v1.Container'],
  [envVarSchema, 'io.k8s.api.core.v1.EnvVar'],
  [volumeSchema, 'io.k8s.api.core.v1.Volume'],
  [securityContextSchema, 'io.k8s.api.core.v1.SecurityContext'],
  [podSecurityContextSchema, 'io.k8s.api.core.v1.PodSecurityContext'],
  [capabilitiesSchema, 'io.k8s.api.core.v1.Capabilities'],
  [policyRuleSchema, 'io.k8s.api.rbac.v1.PolicyRule'],
  [subjectSchema, 'io.k8s.api.rbac.v1.Subject'],
];

const TYPE_META = {
  apiVersion: 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.',
  kind: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.',
  metadata: "Standard object's metadata.",
};

/** KIND_DESCRIPTIONS describe each kind (upstream's text for the Kubernetes kinds). */
const KIND_DESCRIPTIONS: Record<string, string> = {
  Namespace: 'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
  Pod: 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.',
  ServiceAccount: 'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets',
  Secret: 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes. In Gatehouse, a secret\'s values are returned only to subjects that may `get` it.',
  ConfigMap: 'ConfigMap holds configuration data for pods to consume.',
  Event: 'Event is a report of an event somewhere in the cluster.',
  Node: 'Node is a worker node in Kubernetes. Gatehouse\'s built-in nodes are registered by its node agents and run no containers.',
  Service: 'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
  Deployment: 'Deployment enables declarative updates for Pods and ReplicaSets. Gatehouse\'s deployment controller makes its ReplicaSets on behalf of the person who last set its pod template.',
  ReplicaSet: 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
  Job: 'Job represents the configuration of a single job.',
  EndpointSlice: 'EndpointSlice represents a subset of the endpoints that implement a service. For a given service there may be multiple EndpointSlice objects, selected by labels, which must be joined to produce the full set of endpoints.',
  Lease: 'Lease defines a lease concept. Each node keeps one in kube-node-lease as its heartbeat.',
  Role: 'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.',
  RoleBinding: 'RoleBinding references a role, but does not contain it. It can reference a Role in the same namespace or a ClusterRole in the global namespace. It adds who information via Subjects and namespace information by which namespace it exists in.',
  ClusterRole: 'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.',
  ClusterRoleBinding: 'ClusterRoleBinding references a ClusterRole, but not contain it. It can reference a ClusterRole in the global namespace, and adds who information via Subject.',
  User: 'User is a person who signs in to Gatehouse. Their groups come from spec.groups and from the Groups that list them.',
  Group: 'Group is a named set of users that RoleBindings can grant to at once.',
  SelfSubjectAccessReview: 'SelfSubjectAccessReview checks whether or the current user can perform an action.',
  SubjectAccessReview: 'SubjectAccessReview checks whether or not a user or group can perform an action.',
  LocalSubjectAccessReview: 'LocalSubjectAccessReview checks whether or not a user or group can perform an action in a given namespace.',
  SelfSubjectRulesReview: 'SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace.',
  SelfSubjectReview: 'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request.',
  TokenReview: 'TokenReview attempts to authenticate a token to a known user.',
  Project: 'Project is a namespace as its members see it: the namespaces a user may see, listed without cluster-wide rights.',
  ProjectRequest: 'ProjectRequest asks for a new project (namespace) with the requester as its admin.',
  GrantReview: 'GrantReview tells, before anything is written, which roles the caller may grant in a namespace (and which rules they lack) and whether the named subjects exist.',
  SecurityProfileReview: 'SecurityProfileReview tells which security profile a pod would run under, for the requesting user or a service account, and why others do not fit.',
  SecurityProfile: 'SecurityProfile is an admin-defined security profile for pods (like OpenShift\'s SecurityContextConstraints): the UIDs, groups, SELinux context, capabilities, volumes and host access a pod may have. Subjects may run pods under a profile they may `use`.',
  SecretSummary: 'SecretSummary is what a subject that may list secrets but not get them sees of a secret: its name, type and key names, never its values.',
  AuditEvent: 'AuditEvent is one entry of Gatehouse\'s tamper-evident audit trail (an audit.k8s.io/v1 Event with metadata).',
};

/** FIELD_DESCRIPTIONS describe fields by definition and property (upstream's text where it exists). */
const FIELD_DESCRIPTIONS: Record<string, Record<string, string>> = {
  [`${META}.ObjectMeta`]: {
    name: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Cannot be updated.',
    generateName: 'GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.',
    namespace: 'Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace, but "default" is the canonical representation.',
    uid: 'UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.',
    resourceVersion: 'An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. Used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources.',
    generation: 'A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.',
    creationTimestamp: 'CreationTimestamp is a timestamp representing the server time when this object was created. Populated by the system. Read-only.',
    deletionTimestamp: 'DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. Set by the server when a graceful deletion is requested by the user, and is not directly settable by a client.',
    deletionGracePeriodSeconds: 'Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set.',
    labels: 'Map of string keys and values that can be used to organize and categorize (scope and select) objects.',
    annotations: 'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. Gatehouse records the human behind a pod in gatehouse.dev/created-by.',
    ownerReferences: 'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.',
    finalizers: 'Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list.',
    managedFields: 'ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.',
  },
  'io.k8s.api.core.v1.PodSpec': {
    volumes: 'List of volumes that can be mounted by containers belonging to the pod.',
    initContainers: 'List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started.',
    containers: 'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.',
    restartPolicy: 'Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always.',
    terminationGracePeriodSeconds: 'Optional duration in seconds the pod needs to terminate gracefully. Defaults to 30 seconds.',
    serviceAccountName: 'ServiceAccountName is the name of the ServiceAccount to use to run this pod. It must exist in the pod\'s namespace.',
    nodeName: 'NodeName indicates in which node this pod is scheduled. Set by the scheduler through the pods/binding subresource.',
    hostNetwork: "Host networking requested for this pod. Use the host's network namespace. Refused unless the pod's security profile allows it.",
    securityContext: 'SecurityContext holds pod-level security attributes and common container settings. Gatehouse fills it from the security profile the pod runs under.',
    tolerations: "If specified, the pod's tolerations.",
  },
  'io.k8s.api.core.v1.Container': {
    name: 'Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.',
    image: 'Container image name.',
    command: "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided.",
    args: "Arguments to the entrypoint. The container image's CMD is used if this is not provided.",
    env: 'List of environment variables to set in the container. Cannot be updated.',
    ports: 'List of ports to expose from the container.',
    volumeMounts: "Pod volumes to mount into the container's filesystem. Cannot be updated.",
    securityContext: 'SecurityContext defines the security options the container should be run with. If set, the fields of SecurityContext override the equivalent fields of PodSecurityContext.',
    imagePullPolicy: 'Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise.',
  },
  'io.k8s.api.core.v1.SecurityContext': {
    runAsUser: 'The UID to run the entrypoint of the container process. Gatehouse assigns one from the namespace\'s UID range unless the profile says otherwise.',
    runAsNonRoot: 'Indicates that the container must run as a non-root user.',
    privileged: 'Run container in privileged mode. Refused unless the pod\'s security profile allows privileged containers.',
    capabilities: 'The capabilities to add/drop when running containers.',
    readOnlyRootFilesystem: 'Whether this container has a read-only root filesystem.',
    allowPrivilegeEscalation: 'AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process.',
  },
  'io.k8s.api.rbac.v1.PolicyRule': {
    verbs: "Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. '*' represents all verbs.",
    apiGroups: "APIGroups is the name of the APIGroup that contains the resources. '' represents the core API group and '*' represents all API groups.",
    resources: "Resources is a list of resources this rule applies to. '*' represents all resources.",
    resourceNames: 'ResourceNames is an optional white list of names that the rule applies to. An empty set means that everything is allowed.',
    nonResourceURLs: 'NonResourceURLs is a set of partial urls that a user should have access to.',
  },
  'io.k8s.api.rbac.v1.Subject': {
    kind: 'Kind of object being referenced. Values defined by this API group are "User", "Group", and "ServiceAccount".',
    name: 'Name of the object being referenced.',
    namespace: 'Namespace of the referenced object. If the object kind is non-namespace, such as "User" or "Group", and this value is not empty the Authorizer should report an error.',
  },
};

/** LIST_MAPS are upstream's list semantics (x-kubernetes-list-type/-map-keys, patch strategy) by definition and field. */
const LIST_MAPS: Record<string, Record<string, { keys?: string[]; type: 'map' | 'set' | 'atomic'; strategy?: string; mergeKey?: string }>> = {
  'io.k8s.api.core.v1.PodSpec': {
    containers: { type: 'map', keys: ['name'], strategy: 'merge', mergeKey: 'name' },
    initContainers: { type: 'map', keys: ['name'], strategy: 'merge', mergeKey: 'name' },
    ephemeralContainers: { type: 'map', keys: ['name'], strategy: 'merge', mergeKey: 'name' },
    volumes: { type: 'map', keys: ['name'], strategy: 'merge,retainKeys', mergeKey: 'name' },
    imagePullSecrets: { type: 'map', keys: ['name'], strategy: 'merge', mergeKey: 'name' },
    tolerations: { type: 'atomic' },
  },
  'io.k8s.api.core.v1.Container': {
    env: { type: 'map', keys: ['name'], strategy: 'merge', mergeKey: 'name' },
    ports: { type: 'map', keys: ['containerPort', 'protocol'], strategy: 'merge', mergeKey: 'containerPort' },
    volumeMounts: { type: 'map', keys: ['mountPath'], strategy: 'merge', mergeKey: 'mountPath' },
    command: { type: 'atomic' },
    args: { type: 'atomic' },
  },
  [`${META}.ObjectMeta`]: {
    ownerReferences: { type: 'map', keys: ['uid'], strategy: 'merge', mergeKey: 'uid' },
    finalizers: { type: 'set', strategy: 'merge' },
  },
};

/** describeDefinition adds descriptions and list semantics to one definition's properties (mutates). */
function annotate(name: string, def: JSONSchema): void {
  const props = def.properties as Record<string, JSONSchema> | undefined;
  if (!props) return;
  for (const [field, text] of Object.entries(FIELD_DESCRIPTIONS[name] ?? {})) if (props[field]) props[field].description ??= text;
  for (const [field, lm] of Object.entries(LIST_MAPS[name] ?? {})) {
    const p = props[field];
    if (!p) continue;
    p['x-kubernetes-list-type'] = lm.type;
    if (lm.keys) p['x-kubernetes-list-map-keys'] = lm.keys;
    if (lm.strategy) p['x-kubernetes-patch-strategy'] = lm.strategy;
    if (lm.mergeKey) p['x-kubernetes-patch-merge-key'] = lm.mergeKey;
  }
}

/** simplify turns zod's output into what Kubernetes clients expect: no 53-bit integer bounds, int64 formats, no `additionalProperties: false`. */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (!node || typeof node !== 'object') return node;
  const out: JSONSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'additionalProperties' && v === false) continue;
    if ((k === 'minimum' || k === 'maximum') && Math.abs(v as number) >= Number.MAX_SAFE_INTEGER) continue;
    out[k] = simplify(v);
  }
  if (out.type === 'integer' && !out.format) out.format = 'int64';
  // An empty schema (any value) is an object with unknown fields in Kubernetes' dialect (clients need a type).
  const anyValue = (x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 0 ? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } : x);
  if (out.properties && typeof out.properties === 'object') out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, anyValue(v)]));
  if (out.items) out.items = anyValue(out.items);
  // A `{}` schema (zod's loose leaf) is "any object" in Kubernetes' dialect.
  if (out.type === 'object' && out.properties && Object.keys(out.properties).length === 0 && out.additionalProperties && Object.keys(out.additionalProperties).length === 0) {
    delete out.properties;
    out['x-kubernetes-preserve-unknown-fields'] = true;
    delete out.additionalProperties;
  }
  return out;
}

interface Definitions { [name: string]: JSONSchema }

/** VIRTUAL_SCHEMAS are the shapes of kinds the registry does not validate with a schema of their own (reviews, projects). */
const VIRTUAL_SCHEMAS: Record<string, z.ZodType> = {
  SelfSubjectAccessReview: accessReviewSchema,
  SubjectAccessReview: accessReviewSchema,
  LocalSubjectAccessReview: accessReviewSchema,
  SelfSubjectRulesReview: rulesReviewSchema,
  SecurityProfileReview: securityProfileReviewSchema,
  GrantReview: grantReviewSchema,
  Project: namespaceSchema,
};
const GENERIC = z.looseObject({ apiVersion: z.string().optional(), kind: z.string().optional(), metadata: objectMetaSchema.optional(), spec: z.looseObject({}).optional(), status: z.looseObject({}).optional() });

/** kindDefinitions returns the definitions for `resources` (each kind plus the shared structures it uses), with refs under `refPrefix`. */
function kindDefinitions(resources: ResourceDescriptor[], refPrefix: string): Definitions {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of SHARED) registry.add(schema, { id });
  const defs: Definitions = {};
  for (const r of resources) {
    const raw = z.toJSONSchema(r.schema ?? VIRTUAL_SCHEMAS[r.kind] ?? GENERIC, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input', metadata: registry, cycles: 'ref', reused: 'inline' }) as JSONSchema;
    const { definitions = {}, $defs = {}, ...top } = raw;
    const name = definitionName(r);
    defs[name] = { ...top, description: KIND_DESCRIPTIONS[r.kind] ?? '', 'x-kubernetes-group-version-kind': [{ group: r.group, version: r.version, kind: r.kind }] };
    const described = { ...TYPE_META, spec: `Spec defines the desired state of the ${r.kind}.`, status: `Status is the most recently observed status of the ${r.kind}. Populated by the system. Read-only.` };
    for (const [field, text] of Object.entries(described)) if (defs[name].properties?.[field]) defs[name].properties[field].description ??= text;
    for (const [k, v] of Object.entries({ ...definitions, ...$defs })) defs[k] ??= v as JSONSchema;
  }
  for (const [name, def] of Object.entries(defs)) annotate(name, def);
  const json = JSON.stringify(simplify(defs)).replace(/"#\/(definitions|\$defs)\//g, `"${refPrefix}`);
  const out = JSON.parse(json) as Definitions;
  return refPrefix.startsWith('#/components/') ? (wrapRefs(out) as Definitions) : out;
}

/** wrapRefs puts a `$ref` that has siblings (a description) into `allOf`, as upstream's v3 documents do (v3 ignores siblings of `$ref`). */
function wrapRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(wrapRefs);
  if (!node || typeof node !== 'object') return node;
  const out: JSONSchema = {};
  for (const [k, v] of Object.entries(node)) out[k] = wrapRefs(v);
  if (out.$ref && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { allOf: [{ $ref }], ...rest };
  }
  return out;
}

const PARAMS = ['fieldValidation', 'dryRun', 'fieldManager'];

/** operations are the paths of one kind with the GVK and the parameters kubectl looks for. */
function operations(r: ResourceDescriptor, v2: boolean): Record<string, JSONSchema> {
  const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const params = PARAMS.map((name) => (v2 ? { name, in: 'query', type: 'string', uniqueItems: true } : { name, in: 'query', schema: { type: 'string', uniqueItems: true } }));
  const op = (action: string, withParams = true) => ({ 'x-kubernetes-group-version-kind': gvk, 'x-kubernetes-action': action, ...(withParams ? { parameters: params } : {}), responses: { 200: { description: 'OK' } } });
  const coll = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.resource}` : `${prefix}/${r.resource}`;
  const can = (v: string) => r.verbs.includes(v);
  if (!r.stored && can('create') && r.verbs.length === 1) {
    // Create-only virtual resources (reviews): kubectl looks for a PATCH with `fieldValidation` to learn
    // that the server validates fields itself, so the entry advertises it.
    return { [coll]: { post: op('post'), patch: op('patch') } };
  }
  const item: JSONSchema = {};
  if (can('get')) item.get = op('get', false);
  if (can('update')) item.put = op('put');
  if (can('patch')) item.patch = op('patch');
  if (can('delete')) item.delete = op('delete', false);
  const collection: JSONSchema = {};
  if (can('list')) collection.get = op('list', false);
  if (can('create')) collection.post = op('post');
  return { ...(Object.keys(item).length ? { [`${coll}/{name}`]: item } : {}), ...(Object.keys(collection).length ? { [coll]: collection } : {}) };
}

const v3Cache = new Map<string, JSONSchema | undefined>();

/** openApiV3 is the OpenAPI v3 document of one group-version (`/openapi/v3/api/v1`, `/openapi/v3/apis/<group>/v1`). */
export function openApiV3(group: string, resources = RESOURCES): JSONSchema | undefined {
  if (resources === RESOURCES && v3Cache.has(group)) return v3Cache.get(group);
  const rs = resources.filter((r) => r.group === group);
  let doc: JSONSchema | undefined;
  if (rs.length > 0) {
    const paths: Record<string, JSONSchema> = {};
    for (const r of rs) Object.assign(paths, operations(r, false));
    doc = {
      openapi: '3.0.0', info: { title: 'Kubernetes', version: KUBE_VERSION.gitVersion }, paths,
      components: { schemas: kindDefinitions(rs, '#/components/schemas/') },
    };
  }
  if (resources === RESOURCES) v3Cache.set(group, doc);
  return doc;
}

let v2Cache: JSONSchema | undefined;

/** swagger2 drops what Swagger 2.0 has no words for (`nullable`; `anyOf`, which becomes "any value"). */
function swagger2(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(swagger2);
  if (!node || typeof node !== 'object') return node;
  const out: JSONSchema = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable' && k !== 'anyOf') out[k] = swagger2(v);
  return out;
}

/** openApiV2 is the one Swagger 2.0 document (`/openapi/v2`) of every group-version. */
export function openApiV2(): JSONSchema {
  if (v2Cache) return v2Cache;
  const paths: Record<string, JSONSchema> = {};
  for (const r of RESOURCES) Object.assign(paths, operations(r, true));
  v2Cache = { swagger: '2.0', info: { title: 'Kubernetes', version: KUBE_VERSION.gitVersion }, paths, definitions: swagger2(kindDefinitions(RESOURCES, '#/definitions/')) as Definitions };
  return v2Cache;
}

/** openApiRoot is `/openapi/v3`: one entry per group-version, with a hash of its document (clients cache by it). */
export function openApiRoot(resources = RESOURCES): Record<string, unknown> {
  // The documents never change while the server runs: hash them once, not on every discovery request.
  if (resources === RESOURCES && rootCache) return rootCache;
  const paths: Record<string, unknown> = {};
  for (const key of new Set(resources.map((r) => (r.group ? `apis/${groupVersion(r)}` : `api/${r.version}`)))) {
    const group = key === 'api/v1' ? '' : key.slice('apis/'.length, -'/v1'.length);
    const hash = createHash('sha512').update(JSON.stringify(openApiV3(group, resources) ?? {})).digest('hex').slice(0, 128).toUpperCase();
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  const root = { paths };
  if (resources === RESOURCES) rootCache = root;
  return root;
}

let rootCache: Record<string, unknown> | undefined;

// What clients send (client-go: the `@` form) and what upstream's kube-openapi answers with (the `.`
// form: Go's mime parser refuses `@` in a Content-Type).
const PROTOBUF_V2_ACCEPT = /application\/com\.github\.proto-openapi\.spec\.v2[@.]v1\.0\+protobuf/;
const PROTOBUF_V2 = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
let v2Proto: Buffer | undefined;

/**
 * serveOpenApiV2 answers `/openapi/v2` in the form asked for: gnostic protobuf (what kubectl and
 * client-go send, Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf) or JSON.
 */
export function serveOpenApiV2(ctx: RequestContext): void {
  const accept = ctx.req.headers.accept ?? '';
  if (!PROTOBUF_V2_ACCEPT.test(accept)) return writeJSON(ctx, 200, openApiV2());
  v2Proto ??= encodeOpenApiV2(openApiV2());
  ctx.responseCode = 200;
  ctx.res.writeHead(200, { 'Content-Type': PROTOBUF_V2, 'Cache-Control': 'no-cache, private', 'Content-Length': String(v2Proto.length) });
  ctx.res.end(ctx.req.method === 'HEAD' ? undefined : v2Proto);
}
