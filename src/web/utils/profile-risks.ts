import type { SecurityProfile } from '../../shared/api/security';

// What a SecurityProfile lets a pod do, and which of those powers are risky (DESIGN "Security profiles
// and capability grants"): privileged containers, host namespaces and ports, host paths, added
// capabilities, and running as root. Used by the profiles view and the capability-grants matrix.

/** RiskId names one risky power. */
export type RiskId = 'privileged' | 'hostNamespaces' | 'hostPorts' | 'hostPaths' | 'capabilities' | 'root';

/** ProfileRisk is one risky power a profile grants, with a short label and what exactly it allows. */
export interface ProfileRisk { id: RiskId; label: string; detail: string }

/**
 * BASELINE_CAPABILITIES are the capabilities container runtimes grant by default, which Pod Security
 * "baseline" allows adding back; anything else (or `*`) is an added power.
 */
export const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

/** hostPathAccess says which host paths a profile admits: none, any, or these prefixes. */
export function hostPathAccess(p: SecurityProfile): { kind: 'none' } | { kind: 'any' } | { kind: 'prefixes'; prefixes: string[] } {
  const volumes = p.volumes ?? [];
  if (!volumes.includes('*') && !volumes.includes('hostPath')) return { kind: 'none' };
  const prefixes = (p.allowedHostPaths ?? []).map((h) => `${h.pathPrefix}${h.readOnly ? ' (read-only)' : ''}`);
  return prefixes.length ? { kind: 'prefixes', prefixes } : { kind: 'any' };
}

/** profileRisks lists the risky powers of `p`, most dangerous first; empty for a restricted profile. */
export function profileRisks(p: SecurityProfile): ProfileRisk[] {
  const out: ProfileRisk[] = [];
  if (p.allowPrivilegedContainer) out.push({ id: 'privileged', label: 'Privileged', detail: 'privileged containers (full access to the host)' });
  const ns = [p.allowHostNetwork && 'network', p.allowHostPID && 'PID', p.allowHostIPC && 'IPC'].filter(Boolean) as string[];
  if (ns.length) out.push({ id: 'hostNamespaces', label: 'Host namespaces', detail: `host ${ns.join(', ')} namespace${ns.length > 1 ? 's' : ''}` });
  if (p.allowHostPorts) out.push({ id: 'hostPorts', label: 'Host ports', detail: 'ports on the host' });
  const paths = hostPathAccess(p);
  if (paths.kind === 'any') out.push({ id: 'hostPaths', label: 'Host paths', detail: 'any path on the host' });
  if (paths.kind === 'prefixes') out.push({ id: 'hostPaths', label: 'Host paths', detail: `host paths under ${paths.prefixes.join(', ')}` });
  const added = [...(p.allowedCapabilities ?? []), ...(p.defaultAddCapabilities ?? [])].filter((c) => c === '*' || !BASELINE_CAPABILITIES.has(c.toUpperCase().replace(/^CAP_/, '')));
  if (added.length) out.push({ id: 'capabilities', label: 'Added capabilities', detail: added.includes('*') ? 'any capability' : [...new Set(added)].join(', ') });
  const ru = p.runAsUser;
  if (!ru || ru.type === 'RunAsAny') out.push({ id: 'root', label: 'Runs as root', detail: 'any UID, including root (0)' });
  else if (ru.type === 'MustRunAs' && (ru.uid === 0 || ru.uidRangeMin === 0)) out.push({ id: 'root', label: 'Runs as root', detail: 'UID 0 (root)' });
  return out;
}

/** runAsUserText describes the runAsUser strategy in words. */
export function runAsUserText(p: SecurityProfile): string {
  const ru = p.runAsUser;
  switch (ru?.type) {
    case 'MustRunAsRange': return ru.uidRangeMin !== undefined ? `UIDs ${ru.uidRangeMin}–${ru.uidRangeMax ?? ru.uidRangeMin}` : "The namespace's UID range";
    case 'MustRunAs': return ru.uid !== undefined ? `UID ${ru.uid}` : `UIDs ${ru.uidRangeMin ?? '?'}–${ru.uidRangeMax ?? '?'}`;
    case 'MustRunAsNonRoot': return 'Any UID except root';
    case 'RunAsAny': return 'Any UID (including root)';
    default: return 'Any UID (no strategy set)';
  }
}

/** Allowance is one line of "what this profile allows". */
export interface Allowance { label: string; value: string; risky: boolean }

/** profileAllowances summarises what `p` allows, one line per field people ask about. */
export function profileAllowances(p: SecurityProfile): Allowance[] {
  const risks = new Set(profileRisks(p).map((r) => r.id));
  const yesNo = (v: boolean | undefined) => (v ? 'Allowed' : 'Not allowed');
  const list = (v: string[] | undefined, none = 'None') => (v?.length ? v.join(', ') : none);
  const paths = hostPathAccess(p);
  return [
    { label: 'Privileged containers', value: yesNo(p.allowPrivilegedContainer), risky: risks.has('privileged') },
    { label: 'Privilege escalation', value: yesNo(p.allowPrivilegeEscalation), risky: false },
    { label: 'Host network', value: yesNo(p.allowHostNetwork), risky: !!p.allowHostNetwork },
    { label: 'Host PID', value: yesNo(p.allowHostPID), risky: !!p.allowHostPID },
    { label: 'Host IPC', value: yesNo(p.allowHostIPC), risky: !!p.allowHostIPC },
    { label: 'Host ports', value: yesNo(p.allowHostPorts), risky: risks.has('hostPorts') },
    { label: 'Host paths', value: paths.kind === 'none' ? 'Not allowed' : paths.kind === 'any' ? 'Any path' : paths.prefixes.join(', '), risky: risks.has('hostPaths') },
    { label: 'Capabilities that may be added', value: list(p.allowedCapabilities), risky: risks.has('capabilities') },
    { label: 'Capabilities added by default', value: list(p.defaultAddCapabilities), risky: !!p.defaultAddCapabilities?.length },
    { label: 'Capabilities always dropped', value: list(p.requiredDropCapabilities), risky: false },
    { label: 'Run as user', value: runAsUserText(p), risky: risks.has('root') },
    { label: 'Volumes', value: list(p.volumes, 'None'), risky: false },
    { label: 'Seccomp profiles', value: list(p.seccompProfiles, 'Any'), risky: false },
    { label: 'Read-only root filesystem', value: p.readOnlyRootFilesystem ? 'Required' : 'Not required', risky: false },
  ];
}
