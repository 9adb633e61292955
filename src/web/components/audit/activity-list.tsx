import { Link } from 'react-router';
import { useNow } from '../../hooks/use-now';
import { formatAge } from '../../utils/format';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { useActivity, type ActivitySource } from './audit-api';
import { auditHref, type AuditFilter } from './audit-filter';
import { describeEvent } from './describe-event';
import { DecisionBadge, EventAction, EventWho, type EventLinks } from './event-chain';

/** ActivityListProps: give `filter` (one query) or `sources` (merged), and what the reader may list. */
export interface ActivityListProps {
  /** label names the list for assistive technology, e.g. "Activity of alice". */
  label: string;
  filter?: AuditFilter;
  /** namespace lists that namespace's events (what a project admin may read). */
  namespace?: string;
  sources?: ActivitySource[];
  /**
   * canList says whether the reader may list these events (RBAC `list auditevents`, from the
   * permission hooks); undefined while that is being checked. When they may not, only what `me`
   * originated is asked for (everyone may read that), or nothing at all without `me`.
   */
  canList: boolean | undefined;
  /** me is the reader. */
  me?: string;
  limit?: number;
  links?: EventLinks;
}

/**
 * podActivitySources are a pod's activity: the changes made to the pod, and what its service account
 * did with a token bound to it (the API cannot filter by the bound pod, so that part is matched here).
 */
export function podActivitySources(namespace: string, pod: string, serviceAccount = 'default'): ActivitySource[] {
  return [
    { filter: { resource: 'pods', name: pod }, namespace },
    {
      // What the workload did, reads included: a service account's reads are its actions.
      filter: { view: 'all', serviceAccount: `${namespace}/${serviceAccount}` }, namespace,
      keep: (ev) => (ev.user.extra?.['authentication.kubernetes.io/pod-name'] ?? [])[0] === pod,
    },
  ];
}

/**
 * ActivityList is the "Activity" tab of a user or pod page: the newest audit events of a filter, each
 * with who (the human → pod → service account chain), what, when and the decision, and a link to the
 * full timeline. Shared by the audit, users and pods features.
 */
export function ActivityList({ label, filter, namespace, sources, canList, me, limit = 50, links }: ActivityListProps) {
  const all = sources ?? [{ filter: filter ?? {}, namespace }];
  const mineOnly = canList === false;
  const activity = useActivity(all, limit, { mine: mineOnly ? me : undefined, enabled: canList === true || (mineOnly && !!me) });
  const now = useNow(30_000);
  const first = all[0];
  const more = auditHref(first.filter, first.namespace);

  if (mineOnly && !me) {
    return <EmptyState title="You cannot read this activity" level={3}><p>Cluster admins read everyone’s actions; project admins those in their namespaces.</p></EmptyState>;
  }
  if (activity.isPending) return <LoadingState label="Loading activity…" />;
  if (activity.error && activity.events.length === 0) {
    return <ErrorState title="The activity could not be loaded" titles={{ 403: 'You cannot read this activity' }} error={activity.error} onRetry={activity.refetch} />;
  }
  return (
    <section aria-label={label} className="activity">
      {mineOnly && <p className="note">Showing only actions you started: you may not read everyone's.</p>}
      {activity.events.length === 0
        ? <EmptyState title="No activity recorded" level={3}><p>Actions appear here as soon as the API records them.</p></EmptyState>
        : (
          <ol className="activity-list">
            {activity.events.map((ev) => {
              const d = describeEvent(ev);
              return (
                <li key={d.id} className="activity-item">
                  <div className="activity-main">
                    <EventWho d={d} links={links} /> <EventAction d={d} links={links} />
                  </div>
                  <div className="activity-meta">
                    <DecisionBadge d={d} />
                    <time dateTime={d.time} title={new Date(d.time).toLocaleString()}>{formatAge(d.time, now)} ago</time>
                    {d.reason && <span className="activity-reason">{d.reason}</span>}
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      <p><Link to={more}>Open in the audit timeline</Link></p>
    </section>
  );
}
