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
import { byteOrder, containerName, goQuote, isRecord, joinQuote, pluralize, sortedSet, str, visitContainers } from '../helpers';
import { v } from '../level-version';
import type { ProfileLike } from '../types';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(value: string): boolean {
  return value.length === 0 || value === 'runtime/default' || value.startsWith('localhost/');
}

function allowedProfileType(t: unknown): boolean {
  return t === 'RuntimeDefault' || t === 'Localhost';
}

/** badType returns the forbidden type of a set profile (Go prints an unset type as ""), or undefined when allowed or unset. */
function badType(profile: ProfileLike | null | undefined): string | undefined {
  if (profile == null) return undefined;
  return allowedProfileType(profile.type) ? undefined : str(profile.type);
}

/** appArmorProfileV1Dot0 rejects Unconfined (or any non-allowed) profiles in fields or beta annotations. */
export const appArmorProfileV1Dot0: CheckPodFn = (meta, spec) => {
  const badSetters: string[] = [];
  const badValues: string[] = [];

  const podType = badType(spec.securityContext?.appArmorProfile);
  if (podType !== undefined) {
    badSetters.push('pod');
    badValues.push(podType);
  }

  const badContainers: string[] = [];
  visitContainers(spec, (c) => {
    const t = badType(c.securityContext?.appArmorProfile);
    if (t !== undefined) {
      badContainers.push(containerName(c));
      badValues.push(t);
    }
  });
  if (badContainers.length > 0) {
    badSetters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`);
  }

  const forbiddenAnnotations: string[] = [];
  const annotations = meta?.annotations;
  if (isRecord(annotations)) {
    for (const [k, raw] of Object.entries(annotations)) {
      const value = str(raw);
      if (k.startsWith(ANNOTATION_PREFIX) && !allowedAnnotationValue(value)) forbiddenAnnotations.push(`${k}=${goQuote(value)}`);
    }
  }

  const badValueList = sortedSet(badValues);
  if (forbiddenAnnotations.length > 0) {
    forbiddenAnnotations.sort(byteOrder);
    badValueList.push(...forbiddenAnnotations);
    badSetters.push(pluralize('annotation', 'annotations', forbiddenAnnotations.length));
  }

  if (badSetters.length === 0) return ALLOWED;
  return forbid(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', badValueList.length),
    `${badSetters.join(' and ')} must not set AppArmor profile type to ${joinQuote(badValueList)}`,
  );
};

/** appArmorProfile is the baseline `appArmorProfile` check. */
export const appArmorProfile = defineCheck({
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{ minimumVersion: v(1, 0), check: appArmorProfileV1Dot0 }],
});
