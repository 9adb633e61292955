import type { FetchQueryOptions, QueryClient } from '@tanstack/react-query';
import { Fragment, type ReactNode } from 'react';
import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import { ObjectSections, type ObjectYamlProps } from '../../../components/object-yaml/object-sections';
import { PageHeader } from '../../../components/ui/page-header';
import { useRules } from '../../../features/permissions/api/get-rules';
import { can } from '../../../lib/authz';

// The shapes most route modules share: a list of one resource in the namespace from the URL, and one
// object's page with its Details and YAML views. Each route module says only what differs.

/**
 * prefetchInNamespace is a route's clientLoader that starts reading `options(namespace)` while the page
 * renders (not awaited: the view has a loading state).
 */
export const prefetchInNamespace = (options: (namespace: string) => FetchQueryOptions<any, any, any, any>) => (queryClient: QueryClient) => ({ params }: LoaderFunctionArgs) => {
  if (params.namespace) void queryClient.prefetchQuery(options(params.namespace));
  return null;
};

/** NamespaceListPageProps: `create` names the resource whose `create` permission `view` is told about. */
export interface NamespaceListPageProps {
  title: string;
  create?: { group: string; resource: string };
  /** before sits between the header and the view (e.g. what the previous page did). */
  before?: ReactNode;
  view: (p: { namespace: string; canCreate: boolean }) => ReactNode;
}

/**
 * NamespaceListPage is a list page of the namespace in the URL: its header and the view, which starts
 * afresh in another namespace. `canCreate` comes from the person's rules there (the API enforces it anyway).
 */
export function NamespaceListPage({ title, create, before, view }: NamespaceListPageProps) {
  const { namespace = '' } = useParams();
  const rules = useRules(create ? namespace : undefined);
  const canCreate = !!create && can(rules.data, { verb: 'create', ...create });
  return (
    <>
      <PageHeader title={title} namespace={namespace} />
      {before}
      <Fragment key={namespace}>{view({ namespace, canCreate })}</Fragment>
    </>
  );
}

/** ObjectPageProps: `back` links to the list the object belongs to; `yaml` is from useObjectYaml. */
export interface ObjectPageProps { title: string; namespace?: string; back: { href: string; label: string }; yaml: ObjectYamlProps; children: ReactNode }

/** ObjectPage is one object's page: a header linking back to its list, then its Details and YAML views. */
export function ObjectPage({ title, namespace, back, yaml, children }: ObjectPageProps) {
  return (
    <>
      <PageHeader title={title} namespace={namespace}><Link to={back.href}>{back.label}</Link></PageHeader>
      <ObjectSections {...yaml}>{children}</ObjectSections>
    </>
  );
}

/** useObjectParams reads an object page's namespace and name from the URL. */
export function useObjectParams() {
  const { namespace = '', name = '' } = useParams();
  return { namespace, name };
}
