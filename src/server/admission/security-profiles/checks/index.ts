// The registry of security-profile checks (STYLE.md §3). Each check lives in its own file, owns some
// SecurityProfile fields, and has a table test beside it. Order matters only for defaults that build
// on each other (none do today); reasons are reported in this order. createProfileEngine validates
// this table at startup: unique IDs, known fields, every profile field owned by exactly one check.

import { appArmor } from './app-armor';
import { capabilities } from './capabilities';
import { fsGroup } from './fs-group';
import { hostIPC } from './host-ipc';
import { hostNetwork } from './host-network';
import { hostPaths } from './host-paths';
import { hostPID } from './host-pid';
import { hostPorts } from './host-ports';
import { privilegeEscalation } from './privilege-escalation';
import { privileged } from './privileged';
import { procMount } from './proc-mount';
import { readOnlyRootFilesystem } from './read-only-root-filesystem';
import { runAsUser } from './run-as-user';
import { seccomp } from './seccomp';
import { seLinux } from './se-linux';
import { supplementalGroups } from './supplemental-groups';
import { sysctls } from './sysctls';
import type { ProfileCheck } from './types';
import { userNamespaces } from './user-namespaces';
import { volumes } from './volumes';

/** PROFILE_CHECKS is every security-profile check, in reporting order. */
export const PROFILE_CHECKS: readonly ProfileCheck[] = Object.freeze([
  privileged,
  privilegeEscalation,
  hostNetwork,
  hostPID,
  hostIPC,
  hostPorts,
  capabilities,
  runAsUser,
  fsGroup,
  supplementalGroups,
  seLinux,
  seccomp,
  appArmor,
  volumes,
  hostPaths,
  readOnlyRootFilesystem,
  userNamespaces,
  procMount,
  sysctls,
]);
