import { useMemo } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { usePods } from '../api/get-pods';
import { usePodsWatch, type WatchState } from '../api/watch-pods';
import { PodsTable } from './pods-table';

const WATCH_LABELS: Record<WatchState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  stopped: 'Not updating',
};

function LiveIndicator({ state }: { state: WatchState }) {
  return (
    <p className={`live live-${state}`} role="status">
      <span className="live-dot" aria-hidden="true" />
      <span className="visually-hidden">Updates: </span>{WATCH_LABELS[state]}
    </p>
  );
}

/**
 * PodsView lists the pods of `namespace` and follows a watch, so new, changed and deleted pods show up
 * without a refresh. Loading, empty and error states each say what is going on.
 */
export function PodsView({ namespace }: { namespace: string }) {
  const query = usePods(namespace);
  // A failed background relist keeps the last list on screen (and the watch retrying), so the watch
  // depends on having data, not on the last fetch having succeeded.
  const watch = usePodsWatch(namespace, query.data !== undefined);
  const pods = useMemo(
    () => [...(query.data?.items ?? [])].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')),
    [query.data],
  );

  if (query.isPending) return <LoadingState label={`Loading pods in ${namespace}…`} />;
  if (query.isError && !query.data) {
    return (
      <ErrorState
        title="The pods could not be loaded"
        titles={{ 403: `You cannot see the pods in ${namespace}`, 404: `Namespace ${namespace} was not found` }}
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  }
  return (
    <div className="pods-view">
      <div className="toolbar">
        <p className="count">{pods.length === 0 ? '' : pods.length === 1 ? '1 pod' : `${pods.length} pods`}</p>
        <LiveIndicator state={watch} />
      </div>
      {pods.length === 0
        ? (
          <EmptyState title={`No pods in ${namespace} yet`}>
            <p>Pods appear here as soon as they are created; this list updates by itself.</p>
          </EmptyState>
        )
        : <PodsTable pods={pods} label={`Pods in ${namespace}`} />}
    </div>
  );
}
