import { useId, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { formatAge } from '../../../utils/format';
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
  if (query.isPending) return <LoadingState label={`Loading secrets in ${namespace}…`} />;
  if (query.isError && !query.data) {
    return (
      <ErrorState
        title="The secrets could not be loaded"
        titles={{ 403: `You cannot see the secrets in ${namespace}` }}
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  }
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
        <div className="table-wrap">
          <table className="data-table secrets-table">
            <caption className="visually-hidden">Secrets in {namespace}</caption>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Keys</th><th scope="col">Creator</th><th scope="col">Mounted by</th><th scope="col">Age</th></tr>
            </thead>
            <tbody>
              {shown.map((s) => {
                const name = s.metadata.name ?? '';
                const created = s.metadata.creationTimestamp ?? undefined;
                return (
                  <tr key={s.metadata.uid ?? name}>
                    <th scope="row"><Link to={paths.secret.getHref(namespace, name)}>{name}</Link></th>
                    <td>{secretTypeLabel(s.type)}</td>
                    <td className="mono" title={s.keys.join(', ')}>{s.keys.length ? s.keys.join(', ') : <span className="muted">No keys</span>}</td>
                    <td>{s.creator ?? <span className="muted">Unknown</span>}</td>
                    <td>{s.mountedBy.length ? s.mountedBy.map((m) => m.pod).join(', ') : <span className="muted">No pods</span>}</td>
                    <td>{created ? <time dateTime={created} title={new Date(created).toLocaleString()}>{formatAge(created, now)}</time> : <span className="muted">Unknown</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
