/*
Profile field: runAsUser (absent: {type: MustRunAsRange}).

Pod fields checked and defaulted:
  spec.securityContext.runAsUser, spec.securityContext.runAsNonRoot
  spec.{initContainers,containers,ephemeralContainers}[*].securityContext.{runAsUser,runAsNonRoot}

Strategies:
  MustRunAsRange   UIDs must lie in the namespace's block (`security.gatehouse.dev/uid-range`);
                   defaults the pod's runAsUser to the block's first UID and runAsNonRoot to true;
                   runAsNonRoot: false is refused.
  MustRunAs        UIDs must equal `uid` (or lie in uidRangeMin..uidRangeMax); defaults runAsUser to
                   `uid` (or uidRangeMin) and runAsNonRoot to true when that UID is not 0.
  MustRunAsNonRoot runAsUser 0 and runAsNonRoot: false are refused; defaults runAsNonRoot to true.
  RunAsAny         anything; nothing is defaulted.
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { blockRange, containersOf, containerSecurityContext, forbiddenField, inRanges, invalidValue, isSet, outOfRanges, podSecurityContext, securityContexts, type ProfileCheck } from './types';

/**
 * checkOne adds the reasons one securityContext (at field path `at`) breaks the strategy: a UID outside
 * `ranges`, root without ranges, or runAsNonRoot false where `refuseRootAllowed`. A module function, not a
 * closure per pod: under tsx every closure costs a name write each time it is made.
 */
function checkOne(sc: Record<string, any>, at: string, ranges: { min: number; max: number }[] | undefined, refuseRootAllowed: boolean, out: ProfileReason[]): void {
  if (isSet(sc.runAsUser)) {
    if (ranges && !inRanges(sc.runAsUser, ranges)) out.push(outOfRanges(`${at}.runAsUser`, sc.runAsUser, ranges));
    else if (!ranges && sc.runAsUser === 0) out.push(invalidValue(`${at}.runAsUser`, 0, 'running with the root UID is forbidden'));
  }
  if (sc.runAsNonRoot === false && refuseRootAllowed) out.push(invalidValue(`${at}.runAsNonRoot`, false, 'must be true or unset'));
}

/** runAsUser enforces the `runAsUser` strategy. */
export const runAsUser: ProfileCheck = {
  id: 'run-as-user',
  fields: ['runAsUser'],
  apply(profile, pod, ctx) {
    const strategy = profile.runAsUser ?? { type: 'MustRunAsRange' as const };
    if (strategy.type === 'RunAsAny') return [];
    const out: ProfileReason[] = [];
    let ranges: { min: number; max: number }[] | undefined;
    if (strategy.type === 'MustRunAsRange') {
      if (!ctx.block.uid) return [forbiddenField('metadata.namespace', `namespace "${ctx.namespace}" has no UID range (annotation security.gatehouse.dev/uid-range)`)];
      ranges = [blockRange(ctx.block.uid)];
    } else if (strategy.type === 'MustRunAs') {
      const min = strategy.uidRangeMin ?? strategy.uid;
      const max = strategy.uidRangeMax ?? strategy.uid ?? strategy.uidRangeMin;
      if (min === undefined || max === undefined) return [forbiddenField('spec.securityContext.runAsUser', 'the profile\'s MustRunAs strategy names no uid')];
      ranges = [{ min, max }];
    }

    const psc = podSecurityContext(pod, true);
    if (ranges && !isSet(psc.runAsUser)) psc.runAsUser = ranges[0].min;
    const nonRootDefault = strategy.type !== 'MustRunAs' || (ranges !== undefined && ranges[0].min > 0);
    const anyContainerFalse = containersOf(pod.spec).some(({ c }) => containerSecurityContext(c)?.runAsNonRoot === false);
    if (nonRootDefault && !isSet(psc.runAsNonRoot) && !anyContainerFalse) psc.runAsNonRoot = true;

    for (const { sc, path } of securityContexts(pod)) checkOne(sc, path, ranges, strategy.type !== 'MustRunAs', out);
    return out;
  },
};
