import type { ObjectMeta } from '../../../shared/api/meta';
import { AGE, age, col, defineStrategy, NAME } from '../strategies';

/** Node is the part of core/v1 Node the table reads (the schema keeps spec and status loose). */
interface Node {
  metadata: ObjectMeta;
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: { type: string; status: string }[];
    addresses?: { type: string; address: string }[];
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
  };
}

const ROLE_LABEL = 'node-role.kubernetes.io/';

/** nodes: status only through its subresource; kubectl's columns. */
export const nodeStrategy = defineStrategy<Node>({
  keepOnUpdate: ['status'],
  columns: [NAME, col('Status'), col('Roles'), AGE, col('Version'), col('Internal-IP', 'string', '', '', 1), col('External-IP', 'string', '', '', 1),
    col('OS-Image', 'string', '', '', 1), col('Kernel-Version', 'string', '', '', 1), col('Container-Runtime', 'string', '', '', 1)],
  cells: (o) => {
    const ready = (o.status?.conditions ?? []).find((c) => c.type === 'Ready');
    const address = (t: string) => (o.status?.addresses ?? []).find((a) => a.type === t)?.address ?? '<none>';
    const roles = Object.keys(o.metadata.labels ?? {}).filter((l) => l.startsWith(ROLE_LABEL)).map((l) => l.slice(ROLE_LABEL.length)).join(',');
    const status = `${ready?.status === 'True' ? 'Ready' : 'NotReady'}${o.spec?.unschedulable ? ',SchedulingDisabled' : ''}`;
    const info = o.status?.nodeInfo;
    return [o.metadata.name, status, roles || '<none>', age(o.metadata.creationTimestamp), info?.kubeletVersion ?? '',
      address('InternalIP'), address('ExternalIP'), info?.osImage ?? '<unknown>', info?.kernelVersion ?? '<unknown>', info?.containerRuntimeVersion ?? '<unknown>'];
  },
});
