import { z } from 'zod';
import type { KubeObject } from '../../../shared/api/meta';
import { groupVersion, toPath, type ResourceDescriptor } from '../../../shared/api/resources';
import { apiRequest } from '../../lib/api-client';
import type { FieldIssue } from './yaml-model';
import { resourceKey } from '../../lib/resource-keys';

// Where the YAML view of an object comes from and how an edit goes back. The ordinary source reads the
// object and replaces it (PUT, with the loaded resourceVersion as precondition); a resource whose full
// object must not reach the browser (secrets) brings its own source (features/secrets).

/** YamlSource loads one object for the YAML view and writes an edited copy back. */
export interface YamlSource {
  /** queryKey identifies the loaded object in the query cache (kept only while the view is open). */
  queryKey: readonly unknown[];
  /** editVerb is the verb a person needs on the object to edit it here (`update`, or `patch` for metadata-only sources). */
  editVerb: 'update' | 'patch';
  load: (signal?: AbortSignal) => Promise<LoadedObject>;
  /** check lists what the edit may not change, before anything is sent (beyond the object's identity, which is always checked). */
  check?: (loaded: KubeObject, edited: KubeObject) => FieldIssue[];
  /** save writes `edited` (with `dryRun`, the server checks everything and stores nothing); a stale resourceVersion is a 409. */
  save: (loaded: KubeObject, edited: KubeObject, dryRun: boolean) => Promise<void>;
}

/** LoadedObject is what the view shows: the object and, optionally, a note shown as a comment above its YAML (e.g. what is left out). */
export interface LoadedObject { object: KubeObject; note?: string }

const objectSchema = z.looseObject({ metadata: z.looseObject({ name: z.string() }) });

/** FIELD_MANAGER names the console's YAML edits in managedFields, as `kubectl-edit` does kubectl's. */
export const FIELD_MANAGER = 'gatehouse-console-yaml';

/** readObject GETs one object as JSON (kind and apiVersion filled from the descriptor when absent). */
export async function readObject(r: ResourceDescriptor, namespace: string | undefined, name: string, signal?: AbortSignal): Promise<KubeObject> {
  const o = await apiRequest(toPath(r, namespace, name), { signal, parse: (v) => objectSchema.parse(v) as KubeObject });
  return { apiVersion: groupVersion(r), kind: r.kind, ...o };
}

/**
 * objectSource is the YAML view of an ordinary object: GET it, PUT the edit with
 * `fieldValidation=Strict` (an unknown or misspelt field is an error naming it, not silently dropped).
 */
export function objectSource(r: ResourceDescriptor, namespace: string | undefined, name: string): YamlSource {
  return {
    queryKey: resourceKey(r, namespace ?? '', 'yaml', name),
    editVerb: 'update',
    load: async (signal) => ({ object: await readObject(r, namespace, name, signal) }),
    save: async (_loaded, edited, dryRun) => {
      await apiRequest(toPath(r, namespace, name), {
        method: 'PUT', body: edited,
        query: { fieldValidation: 'Strict', fieldManager: FIELD_MANAGER, dryRun: dryRun ? 'All' : undefined },
      });
    },
  };
}
