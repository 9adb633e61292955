import { useId, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/ui/states';
import { QueryFallback } from '../../../components/ui/resource-table';
import { paths } from '../../../config/paths';
import { usePods } from '../api/get-pods';
import { usePodsWatch } from '../api/watch-pods';
import { filterRows, parseSort, podRow, sortRows, type SortKey } from '../utils/pod-rows';
import { LiveIndicator } from '../../../components/ui/live-indicator';
import { PodsTable } from './pods-table';
import '../../../styles/workloads.css';

/** PodsViewProps: `canCreate` offers "Create pod" (decided by the route from the person's rules). */
export interface PodsViewProps { namespace: string; canCreate?: boolean }

/**
 * PodsView lists the pods of `namespace` and follows a watch, so new, changed and deleted pods show up
 * without a refresh. The filter and the sort order live in the URL (`?q=`, `?sort=`, `?dir=`), so a
 * filtered, sorted list can be shared. Loading, empty and error states each say what is going on.
 */
export function PodsView({ namespace, canCreate }: PodsViewProps) {
  const id = useId();
  const query = usePods(namespace);
  // A failed background relist keeps the last list on screen (and the watch retrying), so the watch
  // depends on having data, not on the last fetch having succeeded.
  const watch = usePodsWatch(namespace, query.data !== undefined);
  const [params, setParams] = useSearchParams();
  const filter = params.get('q') ?? '';
  const sort = parseSort(params.get('sort'), params.get('dir'));
  const rows = useMemo(() => (query.data?.items ?? []).map(podRow), [query.data]);
  const shown = useMemo(() => sortRows(filterRows(rows, filter), sort), [rows, filter, sort.key, sort.dir]);

  const update = (changes: Record<string, string | undefined>) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) { if (v) next.set(k, v); else next.delete(k); }
      return next;
    }, { replace: true });
  };
  const onSort = (key: SortKey) => {
    const dir = sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc';
    update({ sort: key === 'name' && dir === 'asc' ? undefined : key, dir: dir === 'asc' ? undefined : dir });
  };

  const create = canCreate ? <Link className="button button-primary" to={paths.newPod.getHref(namespace)}>Create pod</Link> : null;
  if (query.data === undefined) {
    return <QueryFallback query={query} loading={`Loading pods in ${namespace}…`} errorTitle="The pods could not be loaded" errorTitles={{ 403: `You cannot see the pods in ${namespace}`, 404: `Namespace ${namespace} was not found` }} />;
  }
  const count = rows.length === 1 ? '1 pod' : `${rows.length} pods`;
  return (
    <div className="pods-view">
      <div className="toolbar">
        {rows.length > 0 && (
          <div className="filter">
            <label htmlFor={`${id}-filter`}>Filter pods</label>
            <input
              id={`${id}-filter`} type="search" value={filter} placeholder="Name, status, node, UID, profile, creator"
              onChange={(e) => update({ q: e.target.value || undefined })} aria-describedby={`${id}-count`} autoComplete="off" spellCheck={false}
            />
          </div>
        )}
        <p className="count" id={`${id}-count`} aria-live="polite">
          {rows.length === 0 ? '' : filter ? `${shown.length} of ${count}` : count}
        </p>
        <div className="toolbar-end">
          <LiveIndicator state={watch} />
          {create}
        </div>
      </div>
      {rows.length === 0 && (
        <EmptyState title={`No pods in ${namespace} yet`}>
          <p>Pods appear here as soon as they are created; this list updates by itself.{canCreate ? ' Start one with “Create pod”.' : ''}</p>
        </EmptyState>
      )}
      {rows.length > 0 && shown.length === 0 && (
        <EmptyState title="No pods match the filter">
          <p>Nothing in {namespace} matches “{filter}”. <button type="button" className="link-button" onClick={() => update({ q: undefined })}>Clear the filter</button></p>
        </EmptyState>
      )}
      {shown.length > 0 && <PodsTable rows={shown} namespace={namespace} label={`Pods in ${namespace}`} sort={sort} onSort={onSort} />}
    </div>
  );
}
