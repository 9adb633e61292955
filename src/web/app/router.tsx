import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { createBrowserRouter, Outlet, useNavigation, type LoaderFunction, type RouteObject } from 'react-router';
import { paths } from '../config/paths';
import { setUnauthorizedHandler } from '../lib/api-client';
import { PageError, RouteError } from './routes/route-error';

/** RouteHandle is the static data a route carries; `title` names the page (document title, placeholders). */
export interface RouteHandle { title?: string }

/** RouteModule is what a lazily loaded route file exports: its component and, optionally, a loader factory. */
interface RouteModule {
  default: ComponentType;
  clientLoader?: (queryClient: QueryClient) => LoaderFunction;
}

// Each route's code is its own chunk (route-level splitting). The router's `lazy` is used rather than
// React.lazy so that a route's loader arrives with its component and can prefetch through the same
// queryOptions (STYLE §14); matched routes' chunks load in parallel, not as a waterfall.
const load = (queryClient: QueryClient, importer: () => Promise<RouteModule>) => async () => {
  const { default: Component, clientLoader } = await importer();
  return { Component, loader: clientLoader?.(queryClient) };
};

function AppLoading() {
  return <div className="app-loading" role="status">Loading Gatehouse…</div>;
}

/** RootShell shows a thin progress bar while a navigation loads code or data. */
function RootShell() {
  const navigation = useNavigation();
  return (
    <>
      {navigation.state !== 'idle' && <div className="nav-progress" role="progressbar" aria-label="Loading page" />}
      <Outlet />
    </>
  );
}

const comingSoon = () => import('./routes/app/coming-soon');

/**
 * createAppRouter builds the route table. It also registers what a 401 from any request does: go to the
 * sign-in page, remembering the URL the person was on (or heading to), and come back there afterwards.
 */
export function createAppRouter(queryClient: QueryClient) {
  const router = createBrowserRouter([
    {
      Component: RootShell,
      HydrateFallback: AppLoading,
      ErrorBoundary: RouteError,
      children: [
        { path: paths.signIn.path, lazy: load(queryClient, () => import('./routes/sign-in')), handle: { title: 'Sign in' } satisfies RouteHandle },
        {
          id: 'app',
          lazy: load(queryClient, () => import('./routes/app/root')),
          ErrorBoundary: RouteError,
          children: ([
            { index: true, lazy: load(queryClient, () => import('./routes/app/home')) },
            { path: paths.namespace.path, lazy: load(queryClient, () => import('./routes/app/namespace-home')) },
            { path: paths.pods.path, lazy: load(queryClient, () => import('./routes/app/pods')), handle: { title: 'Pods' } satisfies RouteHandle },
            { path: paths.secrets.path, lazy: load(queryClient, comingSoon), handle: { title: 'Secrets' } satisfies RouteHandle },
            { path: paths.members.path, lazy: load(queryClient, comingSoon), handle: { title: 'Members' } satisfies RouteHandle },
            { path: paths.serviceAccounts.path, lazy: load(queryClient, comingSoon), handle: { title: 'Service accounts' } satisfies RouteHandle },
            { path: paths.securityProfiles.path, lazy: load(queryClient, comingSoon), handle: { title: 'Security profiles' } satisfies RouteHandle },
            { path: paths.capabilityGrants.path, lazy: load(queryClient, comingSoon), handle: { title: 'Capability grants' } satisfies RouteHandle },
            { path: paths.users.path, lazy: load(queryClient, comingSoon), handle: { title: 'Users' } satisfies RouteHandle },
            { path: paths.audit.path, lazy: load(queryClient, comingSoon), handle: { title: 'Audit' } satisfies RouteHandle },
            { path: '*', lazy: load(queryClient, () => import('./routes/app/not-found')), handle: { title: 'Page not found' } satisfies RouteHandle },
          ] satisfies RouteObject[]).map((r) => ({ ...r, ErrorBoundary: PageError })),
        },
      ],
    },
  ]);

  setUnauthorizedHandler(() => {
    const to = router.state.navigation.location ?? router.state.location;
    if (to.pathname === paths.signIn.path) return;
    void router.navigate(paths.signIn.getHref(`${to.pathname}${to.search}${to.hash}`), { replace: true });
  });
  return router;
}
