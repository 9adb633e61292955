/*
Profile field: fsGroup (absent: {type: MustRunAs}).

Pod field checked and defaulted: spec.securityContext.fsGroup

Strategies:
  MustRunAs  fsGroup must lie in `ranges`, or, without ranges, in the namespace's group block
             (`security.gatehouse.dev/supplemental-groups`); defaults to the first ID of those.
  RunAsAny   anything; nothing is defaulted.
*/

import { blockRange, describeRanges, forbiddenField, inRanges, invalidValue, isSet, podSecurityContext, type ProfileCheck } from './types';

/** fsGroup enforces the `fsGroup` strategy. */
export const fsGroup: ProfileCheck = {
  id: 'fs-group',
  fields: ['fsGroup'],
  apply(profile, pod, ctx) {
    const strategy = profile.fsGroup ?? { type: 'MustRunAs' as const };
    if (strategy.type === 'RunAsAny') return [];
    const ranges = strategy.ranges?.length ? strategy.ranges : ctx.block.groups ? [blockRange(ctx.block.groups)] : undefined;
    if (!ranges) return [forbiddenField('metadata.namespace', `namespace "${ctx.namespace}" has no group range (annotation security.gatehouse.dev/supplemental-groups)`)];
    const psc = podSecurityContext(pod, true);
    if (!isSet(psc.fsGroup)) psc.fsGroup = ranges[0].min;
    if (!inRanges(psc.fsGroup, ranges)) return [invalidValue('spec.securityContext.fsGroup', psc.fsGroup, `must be in the ranges: ${describeRanges(ranges)}`)];
    return [];
  },
};
