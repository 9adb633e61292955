import { Link } from 'react-router';
import { paths } from '../../../config/paths';
import { resources } from '../../../lib/resources';
import { formatAge } from '../../../utils/format';
import { deploymentRow, jobRow } from '../utils/workload-rows';
import { ResourceList } from './resource-list';

// The namespace's lists of Deployments, Jobs, Services and ConfigMaps, with kubectl's columns.

/** DeploymentsList shows READY, UP-TO-DATE, AVAILABLE, image and age, live. */
export function DeploymentsList({ namespace, canCreate }: { namespace: string; canCreate: boolean }) {
  return (
    <ResourceList
      resource={resources.deployments} namespace={namespace} singular="deployment" plural="deployments"
      actions={canCreate ? <Link className="button button-primary" to={paths.newDeployment.getHref(namespace)}>Create deployment</Link> : null}
      empty={<p>A Deployment keeps a number of copies of a pod running and replaces them step by step when its template changes.{canCreate ? ' Start one with “Create deployment”.' : ''}</p>}
      columns={[
        { header: 'Name', mono: true, cell: (d) => <Link to={paths.deployment.getHref(namespace, d.metadata.name ?? '')}>{d.metadata.name}</Link> },
        { header: 'Ready', cell: (d) => deploymentRow(d).ready },
        { header: 'Up to date', cell: (d) => deploymentRow(d).upToDate },
        { header: 'Available', cell: (d) => deploymentRow(d).available },
        { header: 'Image', mono: true, cell: (d) => deploymentRow(d).image },
        { header: 'Age', cell: (d, now) => formatAge(d.metadata.creationTimestamp, now) },
      ]}
    />
  );
}

/** JobsList shows COMPLETIONS, DURATION, status and age, live. */
export function JobsList({ namespace, canCreate }: { namespace: string; canCreate: boolean }) {
  return (
    <ResourceList
      resource={resources.jobs} namespace={namespace} singular="job" plural="jobs"
      actions={canCreate ? <Link className="button button-primary" to={paths.newJob.getHref(namespace)}>Create job</Link> : null}
      empty={<p>A Job runs pods until a number of them succeed.{canCreate ? ' Start one with “Create job”.' : ''}</p>}
      columns={[
        { header: 'Name', mono: true, cell: (j) => <Link to={paths.job.getHref(namespace, j.metadata.name ?? '')}>{j.metadata.name}</Link> },
        { header: 'Status', cell: (j, now) => jobRow(j, now).status },
        { header: 'Completions', cell: (j, now) => jobRow(j, now).completions },
        { header: 'Duration', cell: (j, now) => jobRow(j, now).duration },
        { header: 'Age', cell: (j, now) => formatAge(j.metadata.creationTimestamp, now) },
      ]}
    />
  );
}

/** ServicesList shows type, cluster IP, ports and selector, live. */
export function ServicesList({ namespace }: { namespace: string }) {
  return (
    <ResourceList
      resource={resources.services} namespace={namespace} singular="service" plural="services"
      empty={<p>A Service gives the pods its selector picks one stable address (create one with <code>kubectl expose</code>).</p>}
      columns={[
        { header: 'Name', mono: true, cell: (s) => <Link to={paths.service.getHref(namespace, s.metadata.name ?? '')}>{s.metadata.name}</Link> },
        { header: 'Type', cell: (s) => s.spec?.type ?? 'ClusterIP' },
        { header: 'Cluster IP', mono: true, cell: (s) => s.spec?.clusterIP ?? '' },
        { header: 'Ports', mono: true, cell: (s) => (s.spec?.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(', ') },
        { header: 'Selector', mono: true, cell: (s) => Object.entries(s.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') },
        { header: 'Age', cell: (s, now) => formatAge(s.metadata.creationTimestamp, now) },
      ]}
    />
  );
}

/** ConfigMapsList shows the keys of each config map, live (values are not secret, but the detail page shows them). */
export function ConfigMapsList({ namespace }: { namespace: string }) {
  return (
    <ResourceList
      resource={resources.configMaps} namespace={namespace} singular="config map" plural="config maps"
      empty={<p>A config map holds settings that are not secret (use a Secret for those).</p>}
      columns={[
        { header: 'Name', mono: true, cell: (c) => <Link to={paths.configMap.getHref(namespace, c.metadata.name ?? '')}>{c.metadata.name}</Link> },
        { header: 'Keys', cell: (c) => Object.keys({ ...(c.data ?? {}), ...(c.binaryData ?? {}) }).length },
        { header: 'Age', cell: (c, now) => formatAge(c.metadata.creationTimestamp, now) },
      ]}
    />
  );
}
