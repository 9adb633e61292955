import type { Pod } from '../../../shared/api/core';
import { defaultPodSpec, defaultTolerations } from '../../../shared/api/pod-defaults';
import { AGE, age, col, defineStrategy, fieldsAt, NAME, same } from '../strategies';

/** ContainerStatus is the part of core/v1 ContainerStatus the table reads (the schema keeps it loose). */
interface ContainerStatus { ready?: boolean; restartCount?: number; state?: { waiting?: { reason?: string } } }

const containerStatuses = (p: Pod): ContainerStatus[] => (p.status?.containerStatuses ?? []) as ContainerStatus[];

function podReady(p: Pod): string {
  return `${containerStatuses(p).filter((s) => s.ready).length}/${(p.spec?.containers ?? []).length}`;
}

function podStatusText(p: Pod): string {
  if (p.metadata.deletionTimestamp) return 'Terminating';
  const waiting = containerStatuses(p).find((s) => s.state?.waiting?.reason);
  if (waiting) return waiting.state!.waiting!.reason!;
  return p.status?.reason || p.status?.phase || 'Pending';
}

function podRestarts(p: Pod): number {
  return containerStatuses(p).reduce((n, s) => n + (s.restartCount ?? 0), 0);
}

/** pods: spec defaults (and default tolerations on create only), the few fields an update may change, kubectl's columns. */
export const podStrategy = defineStrategy<Pod>({
  create: (o) => {
    defaultPodSpec(o.spec);
    // Upstream's DefaultTolerationSeconds admission: on create only.
    defaultTolerations(o.spec);
    o.status = { phase: 'Pending', qosClass: 'BestEffort' };
  },
  // Upstream defaults every decoded object, so a PUT of the same manifest changes nothing.
  updateDefaults: (o) => { if (o.spec) defaultPodSpec(o.spec); },
  keepOnUpdate: ['status'],
  immutable: (o, old) => {
    // As upstream: only container images, activeDeadlineSeconds and added tolerations may change.
    // Shallow copies without the changeable fields (the rest is shared, never changed): no deep clone per update.
    const noImage = (cs: Pod['spec']['containers'] | undefined) => cs?.map(({ image: _image, ...c }) => c);
    const strip = (p: Pod) => {
      const { activeDeadlineSeconds: _deadline, tolerations: _tolerations, ...s }: Partial<Pod['spec']> = p.spec ?? {};
      if (s.containers) s.containers = noImage(s.containers);
      if (s.initContainers) s.initContainers = noImage(s.initContainers);
      return s;
    };
    return same(strip(o), strip(old)) ? [] : [{ field: 'spec', message: 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds` or `spec.tolerations` (only additions to existing tolerations)', type: 'FieldValueForbidden' }];
  },
  fields: (o) => fieldsAt(o, ['spec.nodeName', 'spec.serviceAccountName', 'spec.restartPolicy', 'spec.schedulerName', 'status.phase', 'status.podIP', 'status.nominatedNodeName']),
  columns: [NAME, col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'), col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted.'), AGE,
    col('IP', 'string', 'IP address allocated to the pod.', '', 1), col('Node', 'string', 'Name of the Node this pod is assigned to.', '', 1),
    col('Nominated Node', 'string', 'Name of the Node where this pod is nominated to run on.', '', 1), col('Readiness Gates', 'string', 'The readiness gates of this pod.', '', 1)],
  cells: (o) => {
    const gates = o.spec?.readinessGates ?? [];
    return [o.metadata.name, podReady(o), podStatusText(o), String(podRestarts(o)), age(o.metadata.creationTimestamp), o.status?.podIP ?? '<none>', o.spec?.nodeName ?? '<none>',
      o.status?.nominatedNodeName ?? '<none>', gates.length ? `0/${gates.length}` : '<none>'];
  },
});
