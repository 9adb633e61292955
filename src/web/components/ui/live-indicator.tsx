import type { WatchState } from '../../lib/use-list-watch';

const WATCH_LABELS: Record<WatchState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  stopped: 'Not updating',
};

/** LiveIndicator says whether a view follows the server (a status region, so changes are announced politely). */
export function LiveIndicator({ state }: { state: WatchState }) {
  return (
    <p className={`live live-${state}`} role="status">
      <span className="live-dot" aria-hidden="true" />
      <span className="visually-hidden">Updates: </span>{WATCH_LABELS[state]}
    </p>
  );
}
