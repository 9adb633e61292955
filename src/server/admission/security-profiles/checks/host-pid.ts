/*
Profile field: allowHostPID (absent: false).

Pod field checked: spec.hostPID. Allowed values without allowHostPID: false, unset. No defaults.
*/

import { invalidValue, type ProfileCheck } from './types';

/** hostPID enforces `allowHostPID`. */
export const hostPID: ProfileCheck = {
  id: 'host-pid',
  fields: ['allowHostPID'],
  apply(profile, pod) {
    if (profile.allowHostPID === true || pod.spec.hostPID !== true) return [];
    return [invalidValue('spec.hostPID', true, 'host PID namespace is not allowed')];
  },
};
