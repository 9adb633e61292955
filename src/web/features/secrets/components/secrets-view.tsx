import { useId, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/ui/states';
import { Age, QueryFallback, ResourceTable } from '../../../components/ui/resource-table';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { useSecretSummaries, useSecretSummariesWatch } from '../api/get-secret-summaries';
import { matchesSecret } from '../utils/filter-secrets';
import { secretTypeLabel } from '../utils/secret-types';
import '../../../styles/workloads.css';

/** SecretsViewProps: `canCreate` offers "Create secret" (decided by the route from the person's rules). */
export interface SecretsViewProps { namespace: string; canCreate?: boolean }

/**
 * SecretsView lists the secrets of `namespace` from their summaries (names, types, keys, creator and
 * mounting pods; never a value), live, with a filter kept in the URL (`?q=`).
 */
export function SecretsView({ namespace, canCreate }: SecretsViewProps) {
  const id = useId();
  const now = useNow();
  const query = useSecretSummaries(namespace);
  useSecretSummariesWatch(namespace, query.data !== undefined);
  const [params, setParams] = useSearchParams();
  const filter = params.get('q') ?? '';
  const all = useMemo(() => [...(query.data?.items ?? [])].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')), [query.data]);
  const shown = useMemo(() => all.filter((s) => matchesSecret(s, filter)), [all, filter]);

  const create = canCreate ? <Link className="button button-primary" to={paths.newSecret.getHref(namespace)}>Create secret</Link> : null;
  if (query.data === undefined) return <QueryFallback query={query} loading={`Loading secrets in ${namespace}…`} errorTitle="The secrets could not be loaded" errorTitles={{ 403: `You cannot see the secrets in ${namespace}` }} />;
  return (
    <div className="secrets-view">
      <p className="intro">Secrets are shown by name and key only. Nobody sees a value here: pods use them by reference.</p>
      <div className="toolbar">
        {all.length > 0 && (
          <div className="filter">
            <label htmlFor={`${id}-filter`}>Filter secrets</label>
            <input
              id={`${id}-filter`} type="search" value={filter} placeholder="Name, type, key, creator, pod" autoComplete="off" spellCheck={false}
              onChange={(e) => setParams((p) => { const n = new URLSearchParams(p); if (e.target.value) n.set('q', e.target.value); else n.delete('q'); return n; }, { replace: true })}
            />
          </div>
        )}
        <p className="count" aria-live="polite">{all.length === 0 ? '' : filter ? `${shown.length} of ${all.length} secrets` : all.length === 1 ? '1 secret' : `${all.length} secrets`}</p>
        <div className="toolbar-end">{create}</div>
      </div>
      {all.length === 0 && (
        <EmptyState title={`No secrets in ${namespace} yet`}>
          <p>{canCreate ? 'Create one with “Create secret”; then mount it in a pod by name and key.' : 'Secrets created here appear in this list.'}</p>
        </EmptyState>
      )}
      {all.length > 0 && shown.length === 0 && (
        <EmptyState title="No secrets match the filter"><p>Nothing in {namespace} matches “{filter}”.</p></EmptyState>
      )}
      {shown.length > 0 && (
        <ResourceTable
          label={`Secrets in ${namespace}`} className="secrets-table" rows={shown} rowKey={(s) => s.metadata.uid ?? s.metadata.name ?? ''}
          columns={[
            { header: 'Name', className: '', width: '22%', cell: (s) => <Link to={paths.secret.getHref(namespace, s.metadata.name ?? '')}>{s.metadata.name}</Link> },
            { header: 'Type', width: '14%', cell: (s) => secretTypeLabel(s.type) },
            { header: 'Keys', width: '24%', className: 'mono', cell: (s) => (s.keys.length ? <span title={s.keys.join(', ')}>{s.keys.join(', ')}</span> : <span className="muted">No keys</span>) },
            { header: 'Creator', width: '12%', cell: (s) => s.creator ?? <span className="muted">Unknown</span> },
            { header: 'Mounted by', cell: (s) => (s.mountedBy.length ? s.mountedBy.map((m) => m.pod).join(', ') : <span className="muted">No pods</span>) },
            { header: 'Age', width: '8%', cell: (s) => <Age time={s.metadata.creationTimestamp ?? undefined} now={now} /> },
          ]}
        />
      )}
    </div>
  );
}
