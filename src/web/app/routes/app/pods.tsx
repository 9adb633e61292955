import { getPodsQueryOptions } from '../../../features/pods/api/get-pods';
import { PodsView } from '../../../features/pods/components/pods-view';
import { NamespaceListPage, prefetchInNamespace } from './pages';

/** clientLoader starts loading the pods while the page renders (not awaited: the view has a loading state). */
export const clientLoader = prefetchInNamespace(getPodsQueryOptions);

/** PodsRoute is the live pod list of the namespace in the URL; "Create pod" shows when the person may create pods. */
export default function PodsRoute() {
  return <NamespaceListPage title="Pods" create={{ group: '', resource: 'pods' }} view={(p) => <PodsView {...p} />} />;
}
