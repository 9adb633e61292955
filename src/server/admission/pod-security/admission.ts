// Pod Security Standards admission (DESIGN "Pod Security Standards"): the namespace labels
// `pod-security.kubernetes.io/{enforce,audit,warn}[-version]` are honoured as upstream's
// PodSecurity plugin does (admission.go ValidatePod / ValidateNamespace) with the default
// configuration (no exemptions, everything privileged:latest when unlabelled). It validates, so it
// sees the pod as security-profile admission left it.

import type { KubeObject } from '../../../shared/api/meta';
import { ApiError, invalid } from '../../http/status';
import { admitPod, evaluatePodsInNamespace, isSignificantPodUpdate, policyToEvaluate, sameLevelVersion, type PodLike } from './policy';
import { compareLevels } from './level-version';
import type { AdmissionPlugin, AdmissionRequest } from '../types';

function validatePod(a: AdmissionRequest): void {
  if (a.subresource !== '' || !a.object) return;
  const pod = a.object as PodLike & KubeObject;
  if (a.operation === 'UPDATE') {
    if (!a.oldObject) return;
    // Upstream re-evaluates only updates that can change the verdict (images, seccomp annotations, ephemeral containers).
    if (!isSignificantPodUpdate(pod, a.oldObject as PodLike)) return;
  } else if (a.operation !== 'CREATE') return;
  const ns = a.store.getShared('/namespaces', '', a.namespace);
  const d = admitPod({ namespaceLabels: ns?.metadata.labels ?? {}, podMetadata: pod.metadata, podSpec: pod.spec, enforce: true, name: a.name });
  for (const [k, v] of Object.entries(d.auditAnnotations)) a.annotations[k] = v;
  a.warnings.push(...d.warnings);
  if (!d.allowed) throw new ApiError(403, 'Forbidden', d.message ?? `pods "${a.name}" is forbidden`, { name: a.name, kind: 'pods' });
}

function validateNamespace(a: AdmissionRequest): void {
  if (a.subresource !== '' || !a.object) return;
  const next = policyToEvaluate(a.object.metadata.labels ?? {});
  const labelInvalid = () => invalid('Namespace', '', a.name, next.errors.map((e) => ({ field: e.field, message: `Invalid value: ${JSON.stringify(e.value)}: ${e.detail}`, type: 'FieldValueInvalid' })));
  if (a.operation === 'CREATE') {
    if (next.errors.length > 0) throw labelInvalid();
    return;
  }
  if (a.operation !== 'UPDATE' || !a.oldObject) return;
  const prev = policyToEvaluate(a.oldObject.metadata.labels ?? {});
  // Invalid labels are refused only when they are new (an old namespace may carry them already).
  if (next.errors.length > 0 && (prev.errors.length === 0 || JSON.stringify(next.errors) !== JSON.stringify(prev.errors))) throw labelInvalid();
  if (sameLevelVersion(next.enforce, prev.enforce)) return;
  if (next.enforce.level === 'privileged') return;
  if (JSON.stringify(next.enforce.version) === JSON.stringify(prev.enforce.version) && compareLevels(next.enforce.level, prev.enforce.level) < 1) return;
  const pods = a.store.list('/pods', { ns: a.name }) as PodLike[];
  a.warnings.push(...evaluatePodsInNamespace(a.name, next.enforce, pods));
}

/** podSecurity is the validating Pod Security admission plugin for pods and namespaces. */
export function podSecurity(): AdmissionPlugin {
  return {
    name: 'PodSecurity',
    validate(a) {
      if (a.group !== '') return;
      if (a.resource === 'pods') validatePod(a);
      else if (a.resource === 'namespaces') validateNamespace(a);
    },
  };
}
