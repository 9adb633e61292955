import type { EndpointSlice } from '../../../shared/api/workloads';
import { AGE, age, col, defineStrategy, NAME } from '../strategies';

/** endpointslices: kubectl's columns (the first three addresses, then how many more). */
export const endpointSliceStrategy = defineStrategy<EndpointSlice>({
  columns: [NAME, col('AddressType', 'string', 'The IP protocol for this slice'), col('Ports', 'string', 'Ports in this slice'), col('Endpoints', 'string', 'Endpoints in this slice'), AGE],
  cells: (o) => {
    const ports = (o.ports ?? []).map((p) => (p.port === null || p.port === undefined ? '<unset>' : String(p.port)));
    const addrs = (o.endpoints ?? []).flatMap((e) => e.addresses);
    const shown = addrs.slice(0, 3).join(',') + (addrs.length > 3 ? ` + ${addrs.length - 3} more...` : '');
    return [o.metadata.name, o.addressType ?? '', ports.length ? ports.join(',') : '<unset>', addrs.length ? shown : '<unset>', age(o.metadata.creationTimestamp)];
  },
});
