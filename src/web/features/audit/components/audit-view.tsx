import { useSearchParams } from 'react-router';
import { filterFromParams, filterToParams, isChangesView, type AuditFilter, type AuditScope } from '../../../components/audit/audit-filter';
import type { EventLinks } from '../../../components/audit/event-chain';
import { AuditFiltersForm, AuditViewSwitch } from './audit-filters-form';
import { AuditTimeline } from './audit-timeline';

/** AuditViewProps: `scope` is what the reader may see (decided by the route from their permissions). */
export interface AuditViewProps { scope: AuditScope; links?: EventLinks; pageSize?: number }

/** AuditView is the audit page body: the view (changes or all requests) and filters, kept in the URL, then the timeline for them. */
export function AuditView({ scope, links, pageSize }: AuditViewProps) {
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const apply = (f: AuditFilter) => setParams(filterToParams(f));
  return (
    <div className="audit-view">
      {scope.mine && (
        <p className="note">
          You see the actions you started yourself{scope.namespace ? ` in ${scope.namespace}` : ''}, including those your pods’ service accounts made.
          Cluster admins see everything; project admins see their namespaces.
        </p>
      )}
      <AuditViewSwitch value={filter} onApply={apply} />
      <AuditFiltersForm value={filter} onApply={apply} namespaced={!!scope.namespace} mine={scope.mine} />
      <AuditTimeline
        key={`${scope.namespace ?? ''}|${scope.mine ?? ''}`} filter={filter} scope={scope} links={links} pageSize={pageSize}
        onShowAll={isChangesView(filter) ? () => apply({ ...filter, view: 'all' }) : undefined}
      />
    </div>
  );
}
