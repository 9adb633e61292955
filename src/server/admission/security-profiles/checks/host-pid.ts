/*
Profile field: allowHostPID (absent: false).

Pod field checked: spec.hostPID. Allowed values without allowHostPID: false, unset. No defaults.
*/

import { flagCheck, podFlag } from './types';

/** hostPID enforces `allowHostPID`. */
export const hostPID = flagCheck('host-pid', 'allowHostPID', (pod) => podFlag(pod, 'hostPID', 'host PID namespace is not allowed'));
