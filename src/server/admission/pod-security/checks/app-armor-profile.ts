/*
On supported hosts, the RuntimeDefault AppArmor profile is applied by default.
The baseline policy prevents overriding or disabling the default AppArmor
profile, or restricts overrides to an allowed set of profiles.

Restricted Fields:
  metadata.annotations['container.apparmor.security.beta.kubernetes.io/*']
Allowed Values: 'runtime/default', 'localhost/*', empty, undefined

Restricted Fields:
  spec.securityContext.appArmorProfile.type
  spec.containers[*].securityContext.appArmorProfile.type
  spec.initContainers[*].securityContext.appArmorProfile.type
  spec.ephemeralContainers[*].securityContext.appArmorProfile.type
Allowed Values: 'RuntimeDefault', 'Localhost', undefined

Level: baseline. Versions: 1.0 (upstream amended the 1.0 revision in place to
add the field check, so it applies at every pinned version).
Mirrors k8s.io/pod-security-admission/policy/check_appArmorProfile.go.
*/

import { ALLOWED, defineCheck, forbid, type CheckPodFn } from '../check';
import { badProfileType, badSetters, byteOrder, goQuote, isRecord, joinQuote, pluralize, sortedSet, str } from '../helpers';
import { v } from '../level-version';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(value: string): boolean {
  return value.length === 0 || value === 'runtime/default' || value.startsWith('localhost/');
}

/** appArmorProfileV1Dot0 rejects Unconfined (or any non-allowed) profiles in fields or beta annotations. */
export const appArmorProfileV1Dot0: CheckPodFn = (meta, spec) => {
  const bad = badSetters(spec, (c) => badProfileType(c.securityContext?.appArmorProfile), (s) => badProfileType(s.securityContext?.appArmorProfile));
  const setters = bad.who === '' ? [] : [bad.who];

  const forbiddenAnnotations: string[] = [];
  const annotations = meta?.annotations;
  if (isRecord(annotations)) {
    for (const [k, raw] of Object.entries(annotations)) {
      const value = str(raw);
      if (k.startsWith(ANNOTATION_PREFIX) && !allowedAnnotationValue(value)) forbiddenAnnotations.push(`${k}=${goQuote(value)}`);
    }
  }

  const badValueList = sortedSet(bad.values);
  if (forbiddenAnnotations.length > 0) {
    forbiddenAnnotations.sort(byteOrder);
    badValueList.push(...forbiddenAnnotations);
    setters.push(pluralize('annotation', 'annotations', forbiddenAnnotations.length));
  }

  if (setters.length === 0) return ALLOWED;
  return forbid(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', badValueList.length),
    `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(badValueList)}`,
  );
};

/** appArmorProfile is the baseline `appArmorProfile` check. */
export const appArmorProfile = defineCheck({
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{ minimumVersion: v(1, 0), check: appArmorProfileV1Dot0 }],
});
