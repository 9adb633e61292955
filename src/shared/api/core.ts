import { z } from 'zod';
import { objectFields } from './meta';

// Schemas for the core/v1 kinds. Structures the server reasons about (pod spec,
// containers, security contexts, volumes' names) are strict so that
// fieldValidation=Strict can name unknown fields; deep leaf structures that the
// server only stores (probes, volume sources' insides, affinity) are loose.

const loose = z.looseObject({});
const stringMap = z.record(z.string(), z.string());
const quantity = z.union([z.string(), z.number()]);

/** capabilitiesSchema is core/v1 Capabilities. */
export const capabilitiesSchema = z.strictObject({
  add: z.array(z.string()).nullable().optional(),
  drop: z.array(z.string()).nullable().optional(),
});

const seLinuxOptions = z.strictObject({ user: z.string().optional(), role: z.string().optional(), type: z.string().optional(), level: z.string().optional() });
const seccompProfile = z.strictObject({ type: z.string(), localhostProfile: z.string().optional() });
const appArmorProfile = z.strictObject({ type: z.string(), localhostProfile: z.string().optional() });
const windowsOptions = z.strictObject({
  gmsaCredentialSpecName: z.string().optional(), gmsaCredentialSpec: z.string().optional(),
  runAsUserName: z.string().optional(), hostProcess: z.boolean().optional(),
});

/** securityContextSchema is a container's SecurityContext. */
export const securityContextSchema = z.strictObject({
  capabilities: capabilitiesSchema.nullable().optional(),
  privileged: z.boolean().nullable().optional(),
  seLinuxOptions: seLinuxOptions.nullable().optional(),
  windowsOptions: windowsOptions.nullable().optional(),
  runAsUser: z.number().int().nullable().optional(),
  runAsGroup: z.number().int().nullable().optional(),
  runAsNonRoot: z.boolean().nullable().optional(),
  readOnlyRootFilesystem: z.boolean().nullable().optional(),
  allowPrivilegeEscalation: z.boolean().nullable().optional(),
  procMount: z.string().nullable().optional(),
  seccompProfile: seccompProfile.nullable().optional(),
  appArmorProfile: appArmorProfile.nullable().optional(),
});

/** podSecurityContextSchema is a pod's PodSecurityContext. */
export const podSecurityContextSchema = z.strictObject({
  seLinuxOptions: seLinuxOptions.nullable().optional(),
  windowsOptions: windowsOptions.nullable().optional(),
  runAsUser: z.number().int().nullable().optional(),
  runAsGroup: z.number().int().nullable().optional(),
  runAsNonRoot: z.boolean().nullable().optional(),
  supplementalGroups: z.array(z.number().int()).nullable().optional(),
  supplementalGroupsPolicy: z.string().optional(),
  fsGroup: z.number().int().nullable().optional(),
  fsGroupChangePolicy: z.string().optional(),
  sysctls: z.array(z.strictObject({ name: z.string(), value: z.string() })).nullable().optional(),
  seccompProfile: seccompProfile.nullable().optional(),
  appArmorProfile: appArmorProfile.nullable().optional(),
  seLinuxChangePolicy: z.string().optional(),
});

const keySelector = z.strictObject({ name: z.string().optional(), key: z.string(), optional: z.boolean().optional() });

/** envVarSchema is one container env entry; values from secrets are references, never values. */
export const envVarSchema = z.strictObject({
  name: z.string().min(1),
  value: z.string().optional(),
  valueFrom: z.strictObject({
    secretKeyRef: keySelector.optional(),
    configMapKeyRef: keySelector.optional(),
    fieldRef: loose.optional(),
    resourceFieldRef: loose.optional(),
    fileKeyRef: loose.optional(),
  }).optional(),
});

const envFromSource = z.strictObject({
  prefix: z.string().optional(),
  secretRef: z.strictObject({ name: z.string(), optional: z.boolean().optional() }).optional(),
  configMapRef: z.strictObject({ name: z.string(), optional: z.boolean().optional() }).optional(),
});

const containerPort = z.strictObject({
  name: z.string().optional(),
  containerPort: z.number().int().min(1).max(65535),
  hostPort: z.number().int().min(0).max(65535).optional(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
  hostIP: z.string().optional(),
});

const volumeMount = z.strictObject({
  name: z.string(),
  mountPath: z.string().min(1),
  readOnly: z.boolean().optional(),
  subPath: z.string().optional(),
  subPathExpr: z.string().optional(),
  mountPropagation: z.string().optional(),
  recursiveReadOnly: z.string().optional(),
});

const resources = z.strictObject({
  limits: z.record(z.string(), quantity).optional(),
  requests: z.record(z.string(), quantity).optional(),
  claims: z.array(loose).optional(),
});

/** containerSchema is core/v1 Container (also used for init and ephemeral containers). */
export const containerSchema = z.strictObject({
  name: z.string().min(1).max(63),
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  ports: z.array(containerPort).optional(),
  envFrom: z.array(envFromSource).optional(),
  env: z.array(envVarSchema).optional(),
  resources: resources.optional(),
  resizePolicy: z.array(loose).optional(),
  restartPolicy: z.string().optional(),
  volumeMounts: z.array(volumeMount).optional(),
  volumeDevices: z.array(loose).optional(),
  livenessProbe: loose.optional(),
  readinessProbe: loose.optional(),
  startupProbe: loose.optional(),
  lifecycle: loose.optional(),
  terminationMessagePath: z.string().optional(),
  terminationMessagePolicy: z.string().optional(),
  imagePullPolicy: z.enum(['Always', 'Never', 'IfNotPresent']).optional(),
  securityContext: securityContextSchema.nullable().optional(),
  stdin: z.boolean().optional(),
  stdinOnce: z.boolean().optional(),
  tty: z.boolean().optional(),
  targetContainerName: z.string().optional(),
});

/** VOLUME_TYPES lists the volume source fields Kubernetes knows; exactly one is set per volume. */
export const VOLUME_TYPES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
] as const;

/** volumeSchema is core/v1 Volume: a name plus one source (source internals are stored as given). */
export const volumeSchema = z.strictObject({
  name: z.string().min(1),
  ...Object.fromEntries(VOLUME_TYPES.map((t) => [t, loose.optional()])),
});

/** podSpecSchema is core/v1 PodSpec. */
export const podSpecSchema = z.strictObject({
  volumes: z.array(volumeSchema).nullable().optional(),
  initContainers: z.array(containerSchema).nullable().optional(),
  containers: z.array(containerSchema).min(1, 'Required value'),
  ephemeralContainers: z.array(containerSchema).nullable().optional(),
  restartPolicy: z.enum(['Always', 'OnFailure', 'Never']).optional(),
  terminationGracePeriodSeconds: z.number().int().min(0).nullable().optional(),
  activeDeadlineSeconds: z.number().int().nullable().optional(),
  dnsPolicy: z.string().optional(),
  nodeSelector: stringMap.nullable().optional(),
  serviceAccountName: z.string().optional(),
  serviceAccount: z.string().optional(),
  automountServiceAccountToken: z.boolean().nullable().optional(),
  nodeName: z.string().optional(),
  hostNetwork: z.boolean().optional(),
  hostPID: z.boolean().optional(),
  hostIPC: z.boolean().optional(),
  shareProcessNamespace: z.boolean().nullable().optional(),
  securityContext: podSecurityContextSchema.nullable().optional(),
  imagePullSecrets: z.array(z.strictObject({ name: z.string() })).nullable().optional(),
  hostname: z.string().optional(),
  subdomain: z.string().optional(),
  affinity: loose.nullable().optional(),
  schedulerName: z.string().optional(),
  tolerations: z.array(loose).nullable().optional(),
  hostAliases: z.array(loose).nullable().optional(),
  priorityClassName: z.string().optional(),
  priority: z.number().int().nullable().optional(),
  dnsConfig: loose.nullable().optional(),
  readinessGates: z.array(loose).nullable().optional(),
  runtimeClassName: z.string().nullable().optional(),
  enableServiceLinks: z.boolean().nullable().optional(),
  preemptionPolicy: z.string().nullable().optional(),
  overhead: z.record(z.string(), quantity).nullable().optional(),
  topologySpreadConstraints: z.array(loose).nullable().optional(),
  setHostnameAsFQDN: z.boolean().nullable().optional(),
  os: z.strictObject({ name: z.string() }).nullable().optional(),
  hostUsers: z.boolean().nullable().optional(),
  schedulingGates: z.array(loose).nullable().optional(),
  resourceClaims: z.array(loose).nullable().optional(),
  resources: resources.nullable().optional(),
});

const condition = z.looseObject({ type: z.string(), status: z.string() });

/** podStatusSchema is core/v1 PodStatus (written by node agents through pods/status). */
export const podStatusSchema = z.looseObject({
  phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']).optional(),
  conditions: z.array(condition).optional(),
  message: z.string().optional(),
  reason: z.string().optional(),
  hostIP: z.string().optional(),
  podIP: z.string().optional(),
  podIPs: z.array(loose).optional(),
  startTime: z.string().optional(),
  containerStatuses: z.array(loose).optional(),
  initContainerStatuses: z.array(loose).optional(),
  qosClass: z.string().optional(),
});

/** podSchema is core/v1 Pod. */
export const podSchema = z.strictObject({
  ...objectFields,
  spec: podSpecSchema,
  status: podStatusSchema.optional(),
});
/** Pod is core/v1 Pod. */
export type Pod = z.infer<typeof podSchema>;
/** PodSpec is core/v1 PodSpec. */
export type PodSpec = z.infer<typeof podSpecSchema>;
/** Container is core/v1 Container. */
export type Container = z.infer<typeof containerSchema>;

/** namespaceSchema is core/v1 Namespace. */
export const namespaceSchema = z.strictObject({
  ...objectFields,
  spec: z.strictObject({ finalizers: z.array(z.string()).optional() }).optional(),
  status: z.looseObject({ phase: z.enum(['Active', 'Terminating']).optional() }).optional(),
});
/** Namespace is core/v1 Namespace. */
export type Namespace = z.infer<typeof namespaceSchema>;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'illegal base64 data');

/** secretSchema is core/v1 Secret; `stringData` is folded into `data` by the registry and never stored. */
export const secretSchema = z.strictObject({
  ...objectFields,
  type: z.string().optional(),
  data: z.record(z.string().regex(/^[-._a-zA-Z0-9]+$/, "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"), base64).nullable().optional(),
  stringData: z.record(z.string().regex(/^[-._a-zA-Z0-9]+$/, "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"), z.string()).nullable().optional(),
  immutable: z.boolean().nullable().optional(),
});
/** Secret is core/v1 Secret. */
export type Secret = z.infer<typeof secretSchema>;

/** configMapSchema is core/v1 ConfigMap. */
export const configMapSchema = z.strictObject({
  ...objectFields,
  data: stringMap.nullable().optional(),
  binaryData: z.record(z.string(), base64).nullable().optional(),
  immutable: z.boolean().nullable().optional(),
});

/** serviceAccountSchema is core/v1 ServiceAccount. */
export const serviceAccountSchema = z.strictObject({
  ...objectFields,
  secrets: z.array(loose).nullable().optional(),
  imagePullSecrets: z.array(z.strictObject({ name: z.string() })).nullable().optional(),
  automountServiceAccountToken: z.boolean().nullable().optional(),
});

/** eventSchema is core/v1 Event (what `kubectl describe` and the console show under a pod). */
export const eventSchema = z.looseObject({
  ...objectFields,
  involvedObject: z.looseObject({ kind: z.string().optional(), name: z.string().optional(), namespace: z.string().optional(), uid: z.string().optional() }),
  reason: z.string().optional(),
  message: z.string().optional(),
  type: z.string().optional(),
  count: z.number().int().optional(),
  firstTimestamp: z.string().nullable().optional(),
  lastTimestamp: z.string().nullable().optional(),
  source: loose.optional(),
  reportingComponent: z.string().optional(),
});

/** nodeSchema is core/v1 Node (registered by node agents). */
export const nodeSchema = z.strictObject({
  ...objectFields,
  spec: loose.optional(),
  status: loose.optional(),
});

/** bindingSchema is core/v1 Binding, posted by the scheduler to pods/binding. */
export const bindingSchema = z.strictObject({
  ...objectFields,
  target: z.looseObject({ kind: z.string().optional(), name: z.string().min(1) }),
});

/** servicePortSchema is core/v1 ServicePort. */
export const servicePortSchema = z.strictObject({
  name: z.string().optional(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
  appProtocol: z.string().optional(),
  port: z.number().int().min(1, 'must be between 1 and 65535, inclusive').max(65535, 'must be between 1 and 65535, inclusive'),
  targetPort: z.union([z.number().int().min(1).max(65535), z.string().min(1)]).optional(),
  nodePort: z.number().int().optional(),
});

/** serviceSchema is core/v1 Service: a stable virtual IP (ClusterIP) for the pods its selector picks. */
export const serviceSchema = z.strictObject({
  ...objectFields,
  spec: z.strictObject({
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).optional(),
    selector: stringMap.nullable().optional(),
    ports: z.array(servicePortSchema).nullable().optional(),
    clusterIP: z.string().optional(),
    clusterIPs: z.array(z.string()).nullable().optional(),
    externalName: z.string().optional(),
    externalIPs: z.array(z.string()).nullable().optional(),
    sessionAffinity: z.enum(['None', 'ClientIP']).optional(),
    sessionAffinityConfig: loose.nullable().optional(),
    ipFamilies: z.array(z.string()).nullable().optional(),
    ipFamilyPolicy: z.string().nullable().optional(),
    internalTrafficPolicy: z.string().nullable().optional(),
    externalTrafficPolicy: z.string().optional(),
    publishNotReadyAddresses: z.boolean().optional(),
    loadBalancerIP: z.string().optional(),
    loadBalancerSourceRanges: z.array(z.string()).nullable().optional(),
    loadBalancerClass: z.string().nullable().optional(),
    allocateLoadBalancerNodePorts: z.boolean().nullable().optional(),
    healthCheckNodePort: z.number().int().optional(),
    trafficDistribution: z.string().nullable().optional(),
  }).optional(),
  status: loose.optional(),
});

/** leaseSchema is coordination.k8s.io/v1 Lease (node heartbeats in kube-node-lease). */
export const leaseSchema = z.strictObject({
  ...objectFields,
  spec: z.strictObject({
    holderIdentity: z.string().nullable().optional(),
    leaseDurationSeconds: z.number().int().nullable().optional(),
    acquireTime: z.string().nullable().optional(),
    renewTime: z.string().nullable().optional(),
    leaseTransitions: z.number().int().nullable().optional(),
    strategy: z.string().nullable().optional(),
    preferredHolder: z.string().nullable().optional(),
  }).optional(),
});

/** ROOT_CA_CONFIGMAP is the ConfigMap upstream publishes in every namespace. */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
/** DEFAULT_SERVICE_ACCOUNT is the service account a pod runs as when it names none. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';
