import { getEventsQueryOptions } from '../../../features/events/api/events';
import { EventsView } from '../../../features/events/components/events-view';
import { NamespaceListPage, prefetchInNamespace } from './pages';

/** clientLoader starts loading the events while the page renders. */
export const clientLoader = prefetchInNamespace(getEventsQueryOptions);

/** EventsRoute lists what happened in the namespace: scheduling, pulls, starts, failures. */
export default function EventsRoute() {
  return <NamespaceListPage title="Events" view={({ namespace }) => <EventsView namespace={namespace} />} />;
}
