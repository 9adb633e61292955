import type { QueryClient } from '@tanstack/react-query';
import { useParams, type LoaderFunctionArgs } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { getEventsQueryOptions } from '../../../features/events/api/events';
import { EventsView } from '../../../features/events/components/events-view';

/** clientLoader starts loading the events while the page renders. */
export const clientLoader = (queryClient: QueryClient) => ({ params }: LoaderFunctionArgs) => {
  if (params.namespace) void queryClient.prefetchQuery(getEventsQueryOptions(params.namespace));
  return null;
};

/** EventsRoute lists what happened in the namespace: scheduling, pulls, starts, failures. */
export default function EventsRoute() {
  const { namespace = '' } = useParams();
  return (
    <>
      <PageHeader title="Events" namespace={namespace} />
      <EventsView key={namespace} namespace={namespace} />
    </>
  );
}
