import { z } from 'zod';
import { objectMetaSchema, objectFields } from './meta';
import { podSpecSchema, VOLUME_TYPES } from './core';

// security.gatehouse.dev/v1: SecurityProfile (what a pod may ask for, in the spirit of OpenShift's
// SecurityContextConstraints), SecretSummary (a secret without its values) and SecurityProfileReview
// (which profiles would admit a pod spec, and what each would change).
//
// A SecurityProfile keeps its fields at the top level, as a SecurityContextConstraints does. Every
// allowance is off when absent: an empty profile admits only the most restricted pods.

/** RUN_AS_USER_STRATEGIES are the runAsUser strategies: MustRunAsRange takes the namespace's UID block. */
export const RUN_AS_USER_STRATEGIES = ['MustRunAsRange', 'MustRunAs', 'MustRunAsNonRoot', 'RunAsAny'] as const;
/** GROUP_STRATEGIES are the fsGroup and supplementalGroups strategies: MustRunAs without ranges takes the namespace's group block. */
export const GROUP_STRATEGIES = ['MustRunAs', 'RunAsAny'] as const;
/** SELINUX_STRATEGIES are the SELinux strategies: MustRunAs without a level takes the namespace's MCS level. */
export const SELINUX_STRATEGIES = ['MustRunAs', 'RunAsAny'] as const;
/** USER_NAMESPACE_LEVELS: RequirePodLevel requires `hostUsers: false`; AllowHostLevel allows either. */
export const USER_NAMESPACE_LEVELS = ['AllowHostLevel', 'RequirePodLevel'] as const;
/** PROC_MOUNT_TYPES are the container procMount values. */
export const PROC_MOUNT_TYPES = ['Default', 'Unmasked'] as const;
/** PROFILE_VOLUME_TYPES are the values `volumes` may list: every volume source, or `*`. */
export const PROFILE_VOLUME_TYPES = ['*', ...VOLUME_TYPES] as const;

const idRange = z.strictObject({ min: z.number().int().min(0), max: z.number().int().min(0) });

/** securityProfileSchema is security.gatehouse.dev/v1 SecurityProfile (cluster-scoped). */
export const securityProfileSchema = z.strictObject({
  ...objectFields,
  description: z.string().max(1024).optional(),
  /** priority orders profiles before restrictiveness when admission picks one: higher first (absent = 0). */
  priority: z.number().int().nullable().optional(),
  allowPrivilegedContainer: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  /** defaultAllowPrivilegeEscalation is set on containers that leave it unset (false when escalation is not allowed). */
  defaultAllowPrivilegeEscalation: z.boolean().optional(),
  allowHostNetwork: z.boolean().optional(),
  allowHostPID: z.boolean().optional(),
  allowHostIPC: z.boolean().optional(),
  allowHostPorts: z.boolean().optional(),
  /** allowedCapabilities may be added by a container (`*` for any); defaultAddCapabilities are added to every container. */
  allowedCapabilities: z.array(z.string().min(1)).optional(),
  defaultAddCapabilities: z.array(z.string().min(1)).optional(),
  /** requiredDropCapabilities are added to every container's drop list (`ALL` drops everything). */
  requiredDropCapabilities: z.array(z.string().min(1)).optional(),
  runAsUser: z.strictObject({
    type: z.enum(RUN_AS_USER_STRATEGIES),
    uid: z.number().int().min(0).optional(),
    uidRangeMin: z.number().int().min(0).optional(),
    uidRangeMax: z.number().int().min(0).optional(),
  }).optional(),
  fsGroup: z.strictObject({ type: z.enum(GROUP_STRATEGIES), ranges: z.array(idRange).optional() }).optional(),
  supplementalGroups: z.strictObject({ type: z.enum(GROUP_STRATEGIES), ranges: z.array(idRange).optional() }).optional(),
  seLinuxContext: z.strictObject({
    type: z.enum(SELINUX_STRATEGIES),
    seLinuxOptions: z.strictObject({ user: z.string().optional(), role: z.string().optional(), type: z.string().optional(), level: z.string().optional() }).optional(),
  }).optional(),
  /** seccompProfiles lists allowed profiles: `RuntimeDefault`, `Localhost/<path>` (`Localhost/*`), `Unconfined` or `*`; the first is the default. */
  seccompProfiles: z.array(z.string().min(1)).optional(),
  /** appArmorProfiles lists allowed AppArmor profiles in the same form (no default is set). */
  appArmorProfiles: z.array(z.string().min(1)).optional(),
  volumes: z.array(z.enum(PROFILE_VOLUME_TYPES)).optional(),
  /** allowedHostPaths limits hostPath volumes to these prefixes (empty: any path, when `hostPath` is an allowed volume). */
  allowedHostPaths: z.array(z.strictObject({ pathPrefix: z.string().min(1), readOnly: z.boolean().optional() })).optional(),
  /** readOnlyRootFilesystem requires (and defaults) read-only root filesystems. */
  readOnlyRootFilesystem: z.boolean().optional(),
  userNamespaceLevel: z.enum(USER_NAMESPACE_LEVELS).optional(),
  allowedProcMountTypes: z.array(z.enum(PROC_MOUNT_TYPES)).optional(),
  /** allowedUnsafeSysctls lists sysctls beyond the safe set (`*` or `prefix*` patterns). */
  allowedUnsafeSysctls: z.array(z.string().min(1)).optional(),
});
/** SecurityProfile is security.gatehouse.dev/v1 SecurityProfile. */
export type SecurityProfile = z.infer<typeof securityProfileSchema>;

/** secretMountSchema is one pod that references a secret, and how. */
export const secretMountSchema = z.strictObject({
  pod: z.string(),
  /** via lists how: `volume`, `projected`, `env`, `envFrom`, `imagePullSecrets`, `csi`... */
  via: z.array(z.string()),
});

/** secretSummarySchema is security.gatehouse.dev/v1 SecretSummary: a secret's name, type, labels, creator, key names and mounting pods — never a value. */
export const secretSummarySchema = z.strictObject({
  ...objectFields,
  type: z.string(),
  keys: z.array(z.string()),
  creator: z.string().optional(),
  immutable: z.boolean().optional(),
  mountedBy: z.array(secretMountSchema),
});
/** SecretSummary is security.gatehouse.dev/v1 SecretSummary. */
export type SecretSummary = z.infer<typeof secretSummarySchema>;

/** profileReasonSchema is one failed field of a pod under a profile. */
export const profileReasonSchema = z.strictObject({ field: z.string(), message: z.string() });
/** ProfileReason is one failed field. */
export type ProfileReason = z.infer<typeof profileReasonSchema>;

/** securityProfileReviewSchema is security.gatehouse.dev/v1 SecurityProfileReview (namespaced, create only). */
export const securityProfileReviewSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: objectMetaSchema.optional(),
  spec: z.strictObject({
    template: z.strictObject({
      metadata: z.strictObject({
        name: z.string().optional(),
        labels: z.record(z.string(), z.string()).nullable().optional(),
        annotations: z.record(z.string(), z.string()).nullable().optional(),
      }).optional(),
      spec: podSpecSchema,
    }),
    /** serviceAccountName overrides the template's service account (default: the template's, else `default`). */
    serviceAccountName: z.string().optional(),
  }),
  status: z.strictObject({
    /** selected is the profile admission would pick for this pod without a profile annotation. */
    selected: z.string().optional(),
    profiles: z.array(z.strictObject({
      name: z.string(),
      allowed: z.boolean(),
      /** usableBy says who may use the profile here: `user`, `serviceAccount`, or both. */
      usableBy: z.array(z.enum(['user', 'serviceAccount'])),
      reasons: z.array(profileReasonSchema),
      /** podSpec is the spec admission would store under this profile (present when allowed). */
      podSpec: z.looseObject({}).optional(),
    })),
  }).optional(),
});
/** SecurityProfileReview is security.gatehouse.dev/v1 SecurityProfileReview. */
export type SecurityProfileReview = z.infer<typeof securityProfileReviewSchema>;

/**
 * IMPACT_WARNING_PREFIX starts each `Warning` a SecurityProfile write gets for a subject whose automatic
 * profile choice it changes (server: admission/security-profiles/impact.ts); the console lists them before saving.
 */
export const IMPACT_WARNING_PREFIX = 'automatic profile choice changes: ';
