import type { SecurityProfile } from '../../../shared/api/security';
import { VOLUME_TYPES } from '../../../shared/api/core';

// The shipped SecurityProfiles, reconciled at every start like the bootstrap roles (an admin who
// wants to keep changes sets `rbac.authorization.kubernetes.io/autoupdate: "false"` on one). Every
// field is spelled out, so the reconcile overwrites a changed field and the console shows the whole
// policy. Who may use which is RBAC data (bootstrap-policy.ts): `restricted` is bound to every
// authenticated subject; the others only to cluster admins until an admin grants them.

const PSS_RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'] as const;
const PSS_BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];

const meta = (name: string): SecurityProfile['metadata'] => ({
  name,
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
});

const base = {
  apiVersion: 'security.gatehouse.dev/v1',
  kind: 'SecurityProfile',
  priority: null,
  allowPrivilegedContainer: false,
  allowPrivilegeEscalation: false,
  defaultAllowPrivilegeEscalation: false,
  allowHostNetwork: false,
  allowHostPID: false,
  allowHostIPC: false,
  allowHostPorts: false,
  allowedCapabilities: ['NET_BIND_SERVICE'],
  defaultAddCapabilities: [],
  requiredDropCapabilities: ['ALL'],
  runAsUser: { type: 'MustRunAsRange' },
  fsGroup: { type: 'MustRunAs' },
  supplementalGroups: { type: 'MustRunAs' },
  seLinuxContext: { type: 'MustRunAs' },
  seccompProfiles: ['RuntimeDefault', 'Localhost/*'],
  appArmorProfiles: ['RuntimeDefault', 'Localhost/*'],
  volumes: [...PSS_RESTRICTED_VOLUMES],
  allowedHostPaths: [],
  readOnlyRootFilesystem: false,
  userNamespaceLevel: 'AllowHostLevel',
  allowedProcMountTypes: ['Default'],
  allowedUnsafeSysctls: [],
} satisfies Omit<SecurityProfile, 'metadata'>;

/** anyGroups: any fsGroup and supplemental groups (nonroot, baseline, privileged). */
const anyGroups = { fsGroup: { type: 'RunAsAny' }, supplementalGroups: { type: 'RunAsAny' } } as const;

/** escalation: what baseline and every looser profile allow beyond restricted (privilege escalation, no default). */
const escalation = { allowPrivilegeEscalation: true, defaultAllowPrivilegeEscalation: undefined } as const;

/** hostAccess: the host namespaces and ports, and any volume (hostaccess, privileged). */
const hostAccess = { ...escalation, allowHostNetwork: true, allowHostPID: true, allowHostIPC: true, allowHostPorts: true, volumes: ['*'] };

/** DEFAULT_PROFILES are the shipped profiles, from most to least restrictive. */
export const DEFAULT_PROFILES: SecurityProfile[] = [
  {
    ...base,
    metadata: meta('restricted'),
    description: 'The default for everyone: runs as the namespace\'s UID, drops all capabilities, RuntimeDefault seccomp, no privilege escalation, no host access; passes Pod Security "restricted".',
  },
  {
    ...base,
    ...anyGroups,
    metadata: meta('nonroot'),
    description: 'Like restricted, but any non-root UID the image or pod names, and any fsGroup and supplemental groups.',
    runAsUser: { type: 'MustRunAsNonRoot' },
  },
  {
    ...base,
    ...escalation,
    ...anyGroups,
    metadata: meta('baseline'),
    description: 'Pod Security "baseline": any UID including root, the default capabilities, privilege escalation; no host access or privileged containers.',
    allowedCapabilities: PSS_BASELINE_CAPABILITIES,
    requiredDropCapabilities: [],
    runAsUser: { type: 'RunAsAny' },
    volumes: VOLUME_TYPES.filter((t) => t !== 'hostPath'),
  },
  {
    ...base,
    ...hostAccess,
    metadata: meta('hostaccess'),
    description: 'Host network, PID and IPC namespaces, host ports and host paths, running as the namespace\'s UID; no privileged containers.',
    allowedCapabilities: [],
    requiredDropCapabilities: ['KILL', 'MKNOD', 'SETUID', 'SETGID'],
  },
  {
    ...base,
    ...hostAccess,
    ...anyGroups,
    metadata: meta('privileged'),
    description: 'Everything: privileged containers, any UID, capability, volume and host access. Admission changes nothing. Cluster admins only.',
    allowPrivilegedContainer: true,
    allowedCapabilities: ['*'],
    requiredDropCapabilities: [],
    runAsUser: { type: 'RunAsAny' },
    seLinuxContext: { type: 'RunAsAny' },
    seccompProfiles: ['*'],
    appArmorProfiles: ['*'],
    allowedProcMountTypes: ['Default', 'Unmasked'],
    allowedUnsafeSysctls: ['*'],
  },
].map((p) => {
  // `undefined` overrides above mean "leave unset": drop them so stored objects carry no nulls.
  const out = { ...p } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as SecurityProfile;
});
