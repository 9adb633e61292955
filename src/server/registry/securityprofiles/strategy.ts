import type { SecurityProfile } from '../../../shared/api/security';
import { AGE, age, col, defineStrategy, NAME } from '../strategies';

const list = (x: unknown) => (Array.isArray(x) && x.length ? `[${x.join(',')}]` : '<none>');

/** securityprofiles: the columns of `oc get scc`, so a profile's powers show at a glance. */
export const securityProfileStrategy = defineStrategy<SecurityProfile>({
  columns: [NAME, col('Priv', 'string', 'Whether privileged containers are allowed.'), col('Caps', 'string', 'Capabilities containers may add.'),
    col('SELinux'), col('RunAsUser'), col('FSGroup'), col('SupGroup'), col('Priority'), col('ReadOnlyRootFS'), col('Volumes'), AGE],
  cells: (p) => [p.metadata.name, String(p.allowPrivilegedContainer === true), list(p.allowedCapabilities), p.seLinuxContext?.type ?? 'MustRunAs',
    p.runAsUser?.type ?? 'MustRunAsRange', p.fsGroup?.type ?? 'MustRunAs', p.supplementalGroups?.type ?? 'MustRunAs', p.priority ?? '<none>',
    String(p.readOnlyRootFilesystem === true), list(p.volumes), age(p.metadata.creationTimestamp)],
});
