import { lazy, Suspense, type ReactNode } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { LinkTabs } from '../ui/link-tabs';
import { LoadingState } from '../ui/states';
import type { YamlSource } from './yaml-source';

// The YAML view is its own chunk (CodeMirror, the yaml parser and the diff come with it): an object's
// page loads it only when someone opens its YAML tab.
const ObjectYamlView = lazy(() => import('./object-yaml-view'));

/** ObjectYamlProps: where the object comes from, how to name it ("pod web"), and whether the person may change it. */
export interface ObjectYamlProps { source: YamlSource; what: string; canEdit: boolean }

/** ObjectYaml is the YAML view of one object, loaded on demand. */
export function ObjectYaml(props: ObjectYamlProps) {
  return (
    <Suspense fallback={<LoadingState label="Loading the YAML editor…" />}>
      {/* Another object is another view: no edit carries over from one to the next. */}
      <ObjectYamlView key={props.source.queryKey.join('/')} {...props} />
    </Suspense>
  );
}

/** objectView reads which view of an object page the URL asks for (`?view=yaml`). */
export function useObjectView(): 'details' | 'yaml' {
  const [params] = useSearchParams();
  return params.get('view') === 'yaml' ? 'yaml' : 'details';
}

/**
 * ObjectSections gives an object's page two views, each with its own URL: Details (the page's own
 * content, `children`) and YAML (`?view=yaml`), as OpenShift's and Headlamp's object pages do.
 */
export function ObjectSections({ children, ...yaml }: ObjectYamlProps & { children: ReactNode }) {
  const { pathname } = useLocation();
  const view = useObjectView();
  return (
    <>
      <LinkTabs
        label={`Views of ${yaml.what}`} current={view}
        tabs={[{ id: 'details', label: 'Details', href: pathname }, { id: 'yaml', label: 'YAML', href: `${pathname}?view=yaml` }]}
      />
      {view === 'yaml' ? <ObjectYaml {...yaml} /> : children}
    </>
  );
}
