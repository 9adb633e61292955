import type { z } from 'zod';
import type { serviceSchema } from '../../../shared/api/core';
import { AGE, age, col, defineStrategy, labelName, NAME } from '../strategies';

type Service = z.infer<typeof serviceSchema>;

/**
 * services: a DNS label name; a create drops any status (a load balancer address is reported through
 * services/status, not claimed by the writer: upstream's PrepareForCreate); a PUT without clusterIP keeps
 * the allocated one, changing it is refused (as upstream).
 */
export const serviceStrategy = defineStrategy<Service>({
  validateName: labelName,
  create: (o) => { delete o.status; },
  keepOnUpdate: ['status'],
  updateDefaults: (o, old) => {
    const spec = (o.spec ??= {});
    spec.type ??= 'ClusterIP';
    if (!spec.clusterIP) { spec.clusterIP = old.spec?.clusterIP; spec.clusterIPs = old.spec?.clusterIPs; }
  },
  immutable: (o, old) => (o.spec?.clusterIP === old.spec?.clusterIP ? [] : [{ field: 'spec.clusterIPs[0]', message: 'Invalid value: field is immutable', type: 'FieldValueInvalid' }]),
  fields: (o) => ({ 'spec.clusterIP': o.spec?.clusterIP ?? '', 'spec.type': o.spec?.type ?? '' }),
  columns: [NAME, col('Type', 'string', 'The type of service.'), col('Cluster-IP', 'string', 'The cluster IP of the service.'), col('External-IP', 'string', 'The external IPs of the service.'),
    col('Port(s)', 'string', 'The ports of the service.'), AGE, col('Selector', 'string', 'The label selector of the service.', '', 1)],
  cells: (o) => {
    const spec = o.spec ?? {};
    const ports = (spec.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
    const external = spec.type === 'ExternalName' ? spec.externalName ?? '<none>' : (spec.externalIPs ?? []).join(',') || (spec.type === 'LoadBalancer' ? '<pending>' : '<none>');
    const selector = Object.entries(spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    return [o.metadata.name, spec.type ?? 'ClusterIP', spec.clusterIP ?? '<none>', external, ports || '<none>', age(o.metadata.creationTimestamp), selector || '<none>'];
  },
});
