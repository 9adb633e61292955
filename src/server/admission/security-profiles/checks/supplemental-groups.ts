/*
Profile field: supplementalGroups (absent: {type: MustRunAs}).

Pod field checked and defaulted: spec.securityContext.supplementalGroups

Strategies:
  MustRunAs  every group must lie in `ranges`, or, without ranges, in the namespace's group block
             (`security.gatehouse.dev/supplemental-groups`); an unset or empty list defaults to
             the first ID of those.
  RunAsAny   anything; nothing is defaulted.
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { inRanges, outOfRanges, podSecurityContext, withGroupRanges, type ProfileCheck } from './types';

/** supplementalGroups enforces the `supplementalGroups` strategy. */
export const supplementalGroups: ProfileCheck = {
  id: 'supplemental-groups',
  fields: ['supplementalGroups'],
  apply(profile, pod, ctx) {
    return withGroupRanges(profile.supplementalGroups, ctx, (ranges) => {
      const psc = podSecurityContext(pod, true);
      if (!Array.isArray(psc.supplementalGroups) || psc.supplementalGroups.length === 0) psc.supplementalGroups = [ranges[0].min];
      const out: ProfileReason[] = [];
      psc.supplementalGroups.forEach((g: unknown, i: number) => {
        if (typeof g !== 'number' || !inRanges(g, ranges)) out.push(outOfRanges(`spec.securityContext.supplementalGroups[${i}]`, g, ranges));
      });
      return out;
    });
  },
};
