import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useState, type MouseEvent } from 'react';
import { Link, NavLink, Outlet, redirect, useLocation, useMatches, useNavigate, useParams, type LoaderFunctionArgs } from 'react-router';
import { paths } from '../../../config/paths';
import { getWhoamiQueryOptions, useSignedInUser } from '../../../features/auth/api/get-whoami';
import { UserMenu } from '../../../features/auth/components/user-menu';
import { getNamespacesQueryOptions, preferredNamespace, useNamespaces } from '../../../features/namespaces/api/get-namespaces';
import { NamespaceSwitcher } from '../../../features/namespaces/components/namespace-switcher';
import { getAccessQueryOptions, useAccess } from '../../../features/permissions/api/get-access';
import { getRulesQueryOptions, useRules } from '../../../features/permissions/api/get-rules';
import { ViewAsBanner } from '../../../features/view-as/components/view-as-banner';
import { isApiError } from '../../../lib/api-client';
import { CLUSTER_QUESTIONS, visibleViews } from '../../navigation';
import type { RouteHandle } from '../../route-handle';
import { useDocumentTitle } from '../../use-document-title';

/**
 * clientLoader lets only signed-in people in (a 401 goes to sign-in, remembering the URL) and
 * prefetches what the shell shows: namespaces and the permissions that decide the nav.
 */
export const clientLoader = (queryClient: QueryClient) => async ({ request, params }: LoaderFunctionArgs) => {
  try {
    await queryClient.ensureQueryData(getWhoamiQueryOptions());
  } catch (err) {
    if (isApiError(err, 401)) {
      const url = new URL(request.url);
      throw redirect(paths.signIn.getHref(`${url.pathname}${url.search}${url.hash}`));
    }
    throw err;
  }
  await Promise.all([
    queryClient.prefetchQuery(getNamespacesQueryOptions()),
    params.namespace ? queryClient.prefetchQuery(getRulesQueryOptions(params.namespace)) : undefined,
    ...Object.values(CLUSTER_QUESTIONS).map((q) => queryClient.prefetchQuery(getAccessQueryOptions(q))),
  ]);
  return null;
};

function Logo() {
  return <img src="/favicon.svg" alt="" width={24} height={24} />;
}

/** useCurrentNamespace is the namespace in the URL, else the last one visited, else the preferred one. */
function useCurrentNamespace(): string | undefined {
  const { namespace } = useParams();
  const { data: namespaces } = useNamespaces();
  const [last, setLast] = useState(namespace);
  useEffect(() => { if (namespace) setLast(namespace); }, [namespace]);
  return namespace ?? last ?? preferredNamespace(namespaces ?? []);
}

/**
 * AppRoot is the signed-in shell: a skip link, the header (product, namespace switcher, user menu),
 * the nav (only the views the person may use, re-checked every 30 s and on focus) and the page.
 */
export default function AppRoot() {
  // The person signed in, not the one being viewed as: the header names both during "view as".
  const me = useSignedInUser();
  const namespace = useCurrentNamespace();
  const rules = useRules(namespace);
  const cluster = useAccess(CLUSTER_QUESTIONS);
  const views = visibleViews({ rules: namespace ? rules.data : [], cluster: cluster.allowed });
  const navigate = useNavigate();
  const location = useLocation();
  const matches = useMatches();
  const title = [...matches].reverse().map((m) => (m.handle as RouteHandle | undefined)?.title).find(Boolean);
  const { namespace: inUrl } = useParams();
  useDocumentTitle(title, inUrl);

  const skipToMain = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    document.getElementById('main')?.focus();
  };
  const switchNamespace = (next: string) => {
    // Stay on the same view in the other namespace; deeper pages (one object) do not carry over.
    const m = /^\/ns\/[^/]+\/([^/]+)/.exec(location.pathname);
    void navigate(m ? `${paths.namespace.getHref(next)}/${m[1]}` : paths.namespace.getHref(next));
  };

  return (
    <div className="app">
      <a href="#main" className="skip-link" onClick={skipToMain}>Skip to main content</a>
      <ViewAsBanner signedInAs={me.data?.username} />
      <header className="app-header">
        <Link to={paths.home.getHref()} className="brand"><Logo /> Gatehouse</Link>
        <div className="app-header-controls">
          <NamespaceSwitcher value={namespace} onChange={switchNamespace} />
          {me.data && <UserMenu username={me.data.username} />}
        </div>
      </header>
      <div className="app-body">
        <nav aria-label="Main" className="app-nav">
          <ul>
            {views.map((v) => {
              if (v.scope === 'namespace' && !namespace) return null;
              return <li key={v.id}><NavLink to={v.href(namespace ?? '')}>{v.label}</NavLink></li>;
            })}
          </ul>
        </nav>
        <main id="main" className="app-main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
