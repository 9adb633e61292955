// The registry of Pod Security Standards checks (STYLE.md §3). Each check lives
// in its own file, named after its upstream ID in kebab-case (hostNamespaces ->
// host-namespaces.ts), with a table test beside it. Order here does not matter:
// the evaluator orders results as upstream does (baseline IDs sorted, then
// restricted IDs sorted). createEvaluator validates this table at startup.

import type { Check } from '../check';
import { allowPrivilegeEscalation } from './allow-privilege-escalation';
import { appArmorProfile } from './app-armor-profile';
import { capabilitiesBaseline } from './capabilities-baseline';
import { capabilitiesRestricted } from './capabilities-restricted';
import { hostNamespaces } from './host-namespaces';
import { hostPathVolumes } from './host-path-volumes';
import { hostPorts } from './host-ports';
import { hostProbesAndHostLifecycle } from './host-probes-and-host-lifecycle';
import { privileged } from './privileged';
import { procMount } from './proc-mount';
import { procMountRestricted } from './proc-mount-restricted';
import { restrictedVolumes } from './restricted-volumes';
import { runAsNonRoot } from './run-as-non-root';
import { runAsUser } from './run-as-user';
import { seccompProfileBaseline } from './seccomp-profile-baseline';
import { seccompProfileRestricted } from './seccomp-profile-restricted';
import { seLinuxOptionsCheck } from './se-linux-options';
import { sysctlsCheck } from './sysctls';
import { windowsHostProcess } from './windows-host-process';

/** defaultChecks is every check upstream enables by default, as of policy version 1.37. */
export const defaultChecks: readonly Check[] = Object.freeze([
  // baseline
  appArmorProfile,
  capabilitiesBaseline,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  privileged,
  procMount,
  seLinuxOptionsCheck,
  seccompProfileBaseline,
  sysctlsCheck,
  windowsHostProcess,
  // restricted
  allowPrivilegeEscalation,
  capabilitiesRestricted,
  procMountRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
]);
