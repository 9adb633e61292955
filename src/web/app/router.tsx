import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { createBrowserRouter, Outlet, redirect, useNavigation, type LoaderFunction, type LoaderFunctionArgs, type RouteObject } from 'react-router';
import { PATH_ALIASES, paths } from '../config/paths';
import { setUnauthorizedHandler } from '../lib/api-client';
import { PageError, RouteError } from './routes/route-error';
import type { RouteHandle } from './route-handle';

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
            { path: paths.account.path, lazy: load(queryClient, () => import('./routes/app/account')), handle: { title: 'My account' } satisfies RouteHandle },
            { path: paths.namespace.path, lazy: load(queryClient, () => import('./routes/app/namespace-home')) },
            { path: paths.pods.path, lazy: load(queryClient, () => import('./routes/app/pods')), handle: { title: 'Pods' } satisfies RouteHandle },
            { path: paths.newPod.path, lazy: load(queryClient, () => import('./routes/app/pod-new')), handle: { title: 'Create pod' } satisfies RouteHandle },
            { path: paths.pod.path, lazy: load(queryClient, () => import('./routes/app/pod')), handle: { title: 'Pod' } satisfies RouteHandle },
            { path: paths.deployments.path, lazy: load(queryClient, () => import('./routes/app/deployments')), handle: { title: 'Deployments' } satisfies RouteHandle },
            { path: paths.newDeployment.path, lazy: load(queryClient, () => import('./routes/app/workload-new')), handle: { title: 'Create deployment' } satisfies RouteHandle },
            { path: paths.deployment.path, lazy: load(queryClient, () => import('./routes/app/deployment')), handle: { title: 'Deployment' } satisfies RouteHandle },
            { path: paths.jobs.path, lazy: load(queryClient, () => import('./routes/app/jobs')), handle: { title: 'Jobs' } satisfies RouteHandle },
            { path: paths.newJob.path, lazy: load(queryClient, () => import('./routes/app/workload-new')), handle: { title: 'Create job' } satisfies RouteHandle },
            { path: paths.job.path, lazy: load(queryClient, () => import('./routes/app/job')), handle: { title: 'Job' } satisfies RouteHandle },
            { path: paths.services.path, lazy: load(queryClient, () => import('./routes/app/services')), handle: { title: 'Services' } satisfies RouteHandle },
            { path: paths.service.path, lazy: load(queryClient, () => import('./routes/app/service')), handle: { title: 'Service' } satisfies RouteHandle },
            { path: paths.configMaps.path, lazy: load(queryClient, () => import('./routes/app/configmaps')), handle: { title: 'Config maps' } satisfies RouteHandle },
            { path: paths.configMap.path, lazy: load(queryClient, () => import('./routes/app/configmap')), handle: { title: 'Config map' } satisfies RouteHandle },
            { path: paths.secrets.path, lazy: load(queryClient, () => import('./routes/app/secrets')), handle: { title: 'Secrets' } satisfies RouteHandle },
            { path: paths.newSecret.path, lazy: load(queryClient, () => import('./routes/app/secret-new')), handle: { title: 'Create secret' } satisfies RouteHandle },
            { path: paths.secret.path, lazy: load(queryClient, () => import('./routes/app/secret')), handle: { title: 'Secret' } satisfies RouteHandle },
            // Admin views (issue 8): project admins (members, service accounts, namespace settings) and
            // cluster admins (namespaces, users, profiles, grants); the audit timeline is for everyone.
            { path: paths.members.path, lazy: load(queryClient, () => import('./routes/app/members')), handle: { title: 'Members' } satisfies RouteHandle },
            { path: paths.serviceAccounts.path, lazy: load(queryClient, () => import('./routes/app/service-accounts')), handle: { title: 'Service accounts' } satisfies RouteHandle },
            { path: paths.events.path, lazy: load(queryClient, () => import('./routes/app/events')), handle: { title: 'Events' } satisfies RouteHandle },
            { path: paths.serviceAccount.path, lazy: load(queryClient, () => import('./routes/app/service-account')), handle: { title: 'Service account' } satisfies RouteHandle },
            { path: paths.namespaceSettings.path, lazy: load(queryClient, () => import('./routes/app/namespace-settings')), handle: { title: 'Namespace settings' } satisfies RouteHandle },
            { path: paths.roleBinding.path, lazy: load(queryClient, () => import('./routes/app/binding')), handle: { title: 'Role binding' } satisfies RouteHandle },
            { path: paths.clusterRoleBinding.path, lazy: load(queryClient, () => import('./routes/app/binding')), handle: { title: 'Cluster role binding' } satisfies RouteHandle },
            { path: paths.namespaces.path, lazy: load(queryClient, () => import('./routes/app/namespaces')), handle: { title: 'Namespaces' } satisfies RouteHandle },
            { path: paths.securityProfiles.path, lazy: load(queryClient, () => import('./routes/app/security-profiles')), handle: { title: 'Security profiles' } satisfies RouteHandle },
            { path: paths.nodes.path, lazy: load(queryClient, () => import('./routes/app/nodes')), handle: { title: 'Nodes' } satisfies RouteHandle },
            { path: paths.node.path, lazy: load(queryClient, () => import('./routes/app/node')), handle: { title: 'Node' } satisfies RouteHandle },
            { path: paths.newSecurityProfile.path, lazy: load(queryClient, () => import('./routes/app/security-profile')), handle: { title: 'New security profile' } satisfies RouteHandle },
            { path: paths.securityProfile.path, lazy: load(queryClient, () => import('./routes/app/security-profile')), handle: { title: 'Security profile' } satisfies RouteHandle },
            { path: paths.capabilityGrants.path, lazy: load(queryClient, () => import('./routes/app/capability-grants')), handle: { title: 'Capability grants' } satisfies RouteHandle },
            { path: paths.users.path, lazy: load(queryClient, () => import('./routes/app/users')), handle: { title: 'Users' } satisfies RouteHandle },
            { path: paths.user.path, lazy: load(queryClient, () => import('./routes/app/user')), handle: { title: 'User' } satisfies RouteHandle },
            { path: paths.groups.path, lazy: load(queryClient, () => import('./routes/app/groups')), handle: { title: 'Groups' } satisfies RouteHandle },
            { path: paths.audit.path, lazy: load(queryClient, () => import('./routes/app/audit')), handle: { title: 'Audit' } satisfies RouteHandle },
            { path: paths.namespaceAudit.path, lazy: load(queryClient, () => import('./routes/app/audit')), handle: { title: 'Audit' } satisfies RouteHandle },
            ...PATH_ALIASES.map((a) => ({ path: a.from, loader: ({ params }: LoaderFunctionArgs) => redirect(a.to(params)) })),
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
