import type { YamlSource } from '../../../components/object-yaml/yaml-source';
import { toPath } from '../../../../shared/api/resources';
import { apiFetch } from '../../../lib/api-client';
import { labelsPatch, secretEditIssues, secretNote, secretView } from '../utils/secret-yaml';
import { secretSummaries } from './get-secret-summaries';
import { discard, METADATA_ONLY, secrets } from './write-secret';
import { resource, resourceKey } from '../../../lib/resource-keys';

/** getSecretSummary reads one secret's summary (never a value). */
export async function getSecretSummary(namespace: string, name: string, signal?: AbortSignal) {
  return secretSummaries.get(namespace, name, signal);
}

/**
 * secretYamlSource is the YAML view of a secret: read from its summary, saved as a merge patch of its
 * labels (with the loaded resourceVersion) whose answer is metadata only — so neither the view nor the
 * save brings a value into the browser, for a person who may read the secret or not.
 */
export function secretYamlSource(namespace: string | undefined, name: string): YamlSource {
  const ns = namespace ?? '';
  return {
    queryKey: resourceKey(resource('', 'secrets'), ns, 'yaml', name),
    editVerb: 'patch',
    load: async (signal) => {
      const s = await getSecretSummary(ns, name, signal);
      return { object: secretView(s), note: secretNote(s) };
    },
    check: secretEditIssues,
    save: async (loaded, edited, dryRun) => {
      await discard(await apiFetch(toPath(secrets, ns, name), {
        method: 'PATCH', body: labelsPatch(loaded, edited),
        query: { dryRun: dryRun ? 'All' : undefined },
        headers: { 'Content-Type': 'application/merge-patch+json', Accept: METADATA_ONLY },
      }));
    },
  };
}
