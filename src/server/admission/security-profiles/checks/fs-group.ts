/*
Profile field: fsGroup (absent: {type: MustRunAs}).

Pod field checked and defaulted: spec.securityContext.fsGroup

Strategies:
  MustRunAs  fsGroup must lie in `ranges`, or, without ranges, in the namespace's group block
             (`security.gatehouse.dev/supplemental-groups`); defaults to the first ID of those.
  RunAsAny   anything; nothing is defaulted.
*/

import { inRanges, isSet, outOfRanges, podSecurityContext, withGroupRanges, type ProfileCheck } from './types';

/** fsGroup enforces the `fsGroup` strategy. */
export const fsGroup: ProfileCheck = {
  id: 'fs-group',
  fields: ['fsGroup'],
  apply(profile, pod, ctx) {
    return withGroupRanges(profile.fsGroup, ctx, (ranges) => {
      const psc = podSecurityContext(pod, true);
      if (!isSet(psc.fsGroup)) psc.fsGroup = ranges[0].min;
      return inRanges(psc.fsGroup, ranges) ? [] : [outOfRanges('spec.securityContext.fsGroup', psc.fsGroup, ranges)];
    });
  },
};
