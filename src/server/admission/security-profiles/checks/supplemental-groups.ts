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
import { blockRange, describeRanges, forbiddenField, inRanges, invalidValue, podSecurityContext, type ProfileCheck } from './types';

/** supplementalGroups enforces the `supplementalGroups` strategy. */
export const supplementalGroups: ProfileCheck = {
  id: 'supplemental-groups',
  fields: ['supplementalGroups'],
  apply(profile, pod, ctx) {
    const strategy = profile.supplementalGroups ?? { type: 'MustRunAs' as const };
    if (strategy.type === 'RunAsAny') return [];
    const ranges = strategy.ranges?.length ? strategy.ranges : ctx.block.groups ? [blockRange(ctx.block.groups)] : undefined;
    if (!ranges) return [forbiddenField('metadata.namespace', `namespace "${ctx.namespace}" has no group range (annotation security.gatehouse.dev/supplemental-groups)`)];
    const psc = podSecurityContext(pod, true);
    if (!Array.isArray(psc.supplementalGroups) || psc.supplementalGroups.length === 0) psc.supplementalGroups = [ranges[0].min];
    const out: ProfileReason[] = [];
    psc.supplementalGroups.forEach((g: unknown, i: number) => {
      if (typeof g !== 'number' || !inRanges(g, ranges)) out.push(invalidValue(`spec.securityContext.supplementalGroups[${i}]`, g, `must be in the ranges: ${describeRanges(ranges)}`));
    });
    return out;
  },
};
