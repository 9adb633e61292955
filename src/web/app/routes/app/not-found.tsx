import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';

/** NotFoundRoute answers any URL the console does not know. */
export default function NotFoundRoute() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>There is nothing at this address. <Link to={paths.home.getHref()}>Go to the start page</Link>.</p>
    </>
  );
}
