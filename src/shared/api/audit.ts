import { z } from 'zod';

// audit.k8s.io/v1 Event (the Kubernetes audit event, as kube-apiserver writes it to its log and
// webhook backends) and how audit.gatehouse.dev/v1 `auditevents` serves it: each item has the
// Event's fields under `apiVersion: audit.gatehouse.dev/v1, kind: AuditEvent` (kubectl resolves every
// item's kind through discovery) plus `metadata` (name = auditID, namespace = objectRef.namespace,
// resourceVersion = the event's sequence number in the tamper-evident store).

/** AUDIT_LEVELS are the audit levels, lowest first. */
export const AUDIT_LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
/** AuditLevel is how much of a request an event records. */
export type AuditLevel = (typeof AUDIT_LEVELS)[number];

/** AUDIT_STAGES are the stages at which Kubernetes can emit an event. */
export const AUDIT_STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;
/** AuditStage is one stage of request handling. */
export type AuditStage = (typeof AUDIT_STAGES)[number];

/** AUDIT_ANNOTATIONS are the annotation keys the console reads from events. */
export const AUDIT_ANNOTATIONS = {
  decision: 'authorization.k8s.io/decision',
  reason: 'authorization.k8s.io/reason',
  issuedCredentialId: 'authentication.kubernetes.io/issued-credential-id',
  /** originatingUser is the human behind the request: the user, the impersonator, or the creator of the token's pod. */
  originatingUser: 'audit.gatehouse.dev/originating-user',
  /**
   * dryRun is "true" on the event of a write sent with `dryRun=All` (query, or DeleteOptions in the
   * body): admission ran, nothing was stored. Upstream's Event has no field for it (the requestURI
   * carries the parameter, DeleteOptions do not even that), so it is an annotation, like GKE's
   * `command.gke.io/dryRun` label.
   */
  dryRun: 'audit.gatehouse.dev/dry-run',
} as const;

/** AUDIT_FIELD_SELECTORS are the fields `auditevents` can be filtered on (fieldSelector). */
export const AUDIT_FIELD_SELECTORS = [
  'user.username', 'originatingUser', 'verb', 'objectRef.resource', 'objectRef.subresource',
  'objectRef.namespace', 'objectRef.name', 'decision', 'dryRun', 'metadata.name', 'metadata.namespace',
] as const;

const auditUserSchema = z.looseObject({
  username: z.string().optional(),
  uid: z.string().optional(),
  groups: z.array(z.string()).optional(),
  extra: z.record(z.string(), z.array(z.string())).optional(),
});

/** auditEventSchema is audit.k8s.io/v1 Event, or an auditevents item (AuditEvent, with `metadata`). */
export const auditEventSchema = z.looseObject({
  kind: z.enum(['Event', 'AuditEvent']),
  apiVersion: z.enum(['audit.k8s.io/v1', 'audit.gatehouse.dev/v1']),
  metadata: z.looseObject({ name: z.string(), namespace: z.string().optional(), resourceVersion: z.string().optional(), creationTimestamp: z.string().optional() }).optional(),
  level: z.enum(AUDIT_LEVELS),
  auditID: z.string(),
  stage: z.enum(AUDIT_STAGES),
  requestURI: z.string(),
  verb: z.string(),
  user: auditUserSchema,
  impersonatedUser: auditUserSchema.optional(),
  sourceIPs: z.array(z.string()).optional(),
  userAgent: z.string().optional(),
  objectRef: z.looseObject({
    resource: z.string().optional(),
    namespace: z.string().optional(),
    name: z.string().optional(),
    uid: z.string().optional(),
    apiGroup: z.string().optional(),
    apiVersion: z.string().optional(),
    resourceVersion: z.string().optional(),
    subresource: z.string().optional(),
  }).optional(),
  responseStatus: z.looseObject({
    metadata: z.looseObject({}).optional(),
    status: z.string().optional(),
    message: z.string().optional(),
    reason: z.string().optional(),
    code: z.number().int().optional(),
  }).optional(),
  requestObject: z.unknown().optional(),
  responseObject: z.unknown().optional(),
  requestReceivedTimestamp: z.string(),
  stageTimestamp: z.string(),
  annotations: z.record(z.string(), z.string()).optional(),
});

/** AuditEvent is audit.k8s.io/v1 Event. */
export type AuditEvent = z.infer<typeof auditEventSchema>;
/** AuditUser is authentication/v1 UserInfo as an event records it. */
export type AuditUser = z.infer<typeof auditUserSchema>;
