/*
Profile field: allowHostIPC (absent: false).

Pod field checked: spec.hostIPC. Allowed values without allowHostIPC: false, unset. No defaults.
*/

import { invalidValue, type ProfileCheck } from './types';

/** hostIPC enforces `allowHostIPC`. */
export const hostIPC: ProfileCheck = {
  id: 'host-ipc',
  fields: ['allowHostIPC'],
  apply(profile, pod) {
    if (profile.allowHostIPC === true || pod.spec.hostIPC !== true) return [];
    return [invalidValue('spec.hostIPC', true, 'host IPC namespace is not allowed')];
  },
};
