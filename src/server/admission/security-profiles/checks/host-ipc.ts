/*
Profile field: allowHostIPC (absent: false).

Pod field checked: spec.hostIPC. Allowed values without allowHostIPC: false, unset. No defaults.
*/

import { flagCheck, podFlag } from './types';

/** hostIPC enforces `allowHostIPC`. */
export const hostIPC = flagCheck('host-ipc', 'allowHostIPC', (pod) => podFlag(pod, 'hostIPC', 'host IPC namespace is not allowed'));
