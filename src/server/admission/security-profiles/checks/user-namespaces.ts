/*
Profile field: userNamespaceLevel (absent: AllowHostLevel, as OpenShift's default).

Pod field checked and defaulted: spec.hostUsers
  RequirePodLevel  the pod must run in its own user namespace: hostUsers defaults to false, and
                   true is refused.
  AllowHostLevel   either.
*/

import { invalidValue, isSet, type ProfileCheck } from './types';

/** userNamespaces enforces `userNamespaceLevel`. */
export const userNamespaces: ProfileCheck = {
  id: 'user-namespaces',
  fields: ['userNamespaceLevel'],
  apply(profile, pod) {
    if (profile.userNamespaceLevel !== 'RequirePodLevel') return [];
    if (!isSet(pod.spec.hostUsers)) pod.spec.hostUsers = false;
    return pod.spec.hostUsers === false ? [] : [invalidValue('spec.hostUsers', pod.spec.hostUsers, 'must be false: the profile requires a user namespace')];
  },
};
