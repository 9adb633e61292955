import { z } from 'zod';

/** DNS1123_LABEL is the Kubernetes rule for namespace names and most object names' segments. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS1123_SUBDOMAIN is the Kubernetes rule for most object names (≤ 253 chars). */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** dnsLabel validates a DNS-1123 label (≤ 63 chars), as Kubernetes does for namespaces. */
export const dnsLabel = z
  .string()
  .max(63, 'must be no more than 63 characters')
  .regex(DNS1123_LABEL, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character");

/** dnsSubdomain validates a DNS-1123 subdomain (≤ 253 chars). */
export const dnsSubdomain = z
  .string()
  .max(253, 'must be no more than 253 characters')
  .regex(DNS1123_SUBDOMAIN, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");

/** QUALIFIED_NAME is a label key: an optional DNS-1123 subdomain prefix and `/`, then a name of at most 63 characters. */
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const QUALIFIED_NAME_MESSAGE = 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\'';
const labelKey = z.string().max(317).regex(QUALIFIED_NAME, QUALIFIED_NAME_MESSAGE);
const labelValue = z.string().max(63).regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'");

/** TOTAL_ANNOTATION_SIZE_LIMIT is kube-apiserver's cap on an object's annotations, keys and values together (bytes). */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

const utf8 = new TextEncoder();

/** annotationsSize is the size upstream counts: the UTF-8 bytes of every key and value. */
function annotationsSize(annotations: Record<string, string>): number {
  let n = 0;
  for (const [k, v] of Object.entries(annotations)) n += utf8.encode(k).length + utf8.encode(v).length;
  return n;
}

/**
 * annotationsSchema is ObjectMeta's annotations as upstream validates them (ValidateAnnotations): each key
 * a qualified name (case aside), and at most 256 KiB in all, so no object carries megabytes of metadata.
 */
const annotationsSchema = z
  .record(z.string().refine((k) => k.length <= 317 && QUALIFIED_NAME.test(k.toLowerCase()), QUALIFIED_NAME_MESSAGE), z.string())
  .refine((a) => annotationsSize(a) <= TOTAL_ANNOTATION_SIZE_LIMIT, `Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`);

/** OwnerReference points at the object that owns this one (garbage collection, creator inheritance). */
export const ownerReferenceSchema = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});

/** objectMetaSchema is metav1.ObjectMeta. Server-owned fields are accepted here and overwritten by the registry. */
export const objectMetaSchema = z.strictObject({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().int().optional(),
  creationTimestamp: z.string().nullable().optional(),
  deletionTimestamp: z.string().nullable().optional(),
  deletionGracePeriodSeconds: z.number().int().nullable().optional(),
  labels: z.record(labelKey, labelValue).nullable().optional(),
  annotations: annotationsSchema.nullable().optional(),
  ownerReferences: z.array(ownerReferenceSchema).nullable().optional(),
  finalizers: z.array(z.string()).nullable().optional(),
  managedFields: z.array(z.looseObject({})).nullable().optional(),
  selfLink: z.string().optional(),
});

/**
 * objectFields are the fields every stored object starts with (TypeMeta and ObjectMeta, which
 * Kubernetes embeds in each kind): spread them into a kind's schema before its own fields.
 */
export const objectFields = {
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: objectMetaSchema,
};

/** ObjectMeta is the type of every object's metadata. */
export type ObjectMeta = z.infer<typeof objectMetaSchema>;

/** KubeObject is the minimal shape every stored object has. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** StatusCause names one invalid field (metav1.StatusCause). */
export interface StatusCause {
  type?: string;
  message: string;
  field?: string;
}

/** Status is metav1.Status, the body of every error the API returns. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

/** GATEHOUSE_ANNOTATIONS lists the annotation keys that admission owns. */
export const ANNOTATIONS = {
  createdBy: 'gatehouse.dev/created-by',
  profile: 'security.gatehouse.dev/profile',
  uidRange: 'security.gatehouse.dev/uid-range',
  supplementalGroups: 'security.gatehouse.dev/supplemental-groups',
  mcs: 'security.gatehouse.dev/mcs',
  expiresAt: 'gatehouse.dev/expires-at',
} as const;

let lastSecond = NaN;
let lastText = '';

/** kubeTime renders a moment as a metav1.Time: RFC 3339 in UTC with whole seconds (`2026-12-06T21:33:36Z`). */
export function kubeTime(at: Date | number = Date.now()): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const second = Math.floor(ms / 1000);
  // Every write stamps the time (managedFields, creationTimestamp) several times within one second: format each second once.
  if (second !== lastSecond || !Number.isFinite(second)) {
    lastText = new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
    lastSecond = second;
  }
  return lastText;
}

/** kubeMicroTime renders a moment as a metav1.MicroTime: RFC 3339 in UTC with microseconds. */
export function kubeMicroTime(at: Date | number = Date.now()): string {
  return new Date(at).toISOString().replace(/Z$/, '000Z');
}
