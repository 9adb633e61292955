import { useMemo } from 'react';
import { findResource } from '../../../../shared/api/resources';
import type { ObjectYamlProps } from '../../../components/object-yaml/object-sections';
import { objectSource, type YamlSource } from '../../../components/object-yaml/yaml-source';
import { useMayEdit } from '../../../features/permissions/api/get-access';

/**
 * useObjectYaml wires an object page's YAML view: the object (by its resource in the shared table, or
 * a source of its own), a name for it ("pod web"), and whether the person may change it — asked of
 * the API (SelfSubjectAccessReview), which enforces it anyway.
 */
export function useObjectYaml(group: string, resource: string, namespace: string | undefined, name: string, custom?: (namespace: string | undefined, name: string) => YamlSource): ObjectYamlProps {
  const r = findResource(group, resource);
  if (!r) throw new Error(`no resource ${resource} in group "${group}"`);
  const source = useMemo(() => (custom ? custom(namespace, name) : objectSource(r, namespace, name)), [custom, r, namespace, name]);
  const canEdit = useMayEdit(r, source.editVerb, namespace, name);
  return { source, what: `${r.kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} ${name}`, canEdit };
}
