import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { DNS1123_SUBDOMAIN } from '../../../../shared/api/meta';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { Spinner } from '../../../components/ui/spinner';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { errorMessage } from '../../../lib/api-client';
import { formatAge } from '../../../utils/format';
import { useCreateServiceAccount, useDeleteServiceAccount, useServiceAccounts } from '../api/service-accounts';

/** ServiceAccountsViewProps: `canCreate`/`canDelete` come from the caller's permissions in the namespace. */
export interface ServiceAccountsViewProps { namespace: string; canCreate: boolean; canDelete: boolean }

function CreateServiceAccount({ namespace, onCreated }: { namespace: string; onCreated: (name: string) => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const create = useCreateServiceAccount(namespace);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n || n.length > 253 || !DNS1123_SUBDOMAIN.test(n)) {
      setInvalid('Use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit.');
      return;
    }
    setInvalid(undefined);
    create.mutate(n, { onSuccess: () => { setName(''); onCreated(n); } });
  };
  const message = invalid ?? (create.isError ? errorMessage(create.error) : undefined);
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Create a service account">
      <div className="field">
        <label htmlFor={`${id}-name`}>New service account name</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} aria-invalid={message ? true : undefined} aria-describedby={`${id}-err`} />
      </div>
      <button type="submit" className="button button-primary" disabled={create.isPending}>{create.isPending && <Spinner />} Create service account</button>
      <div id={`${id}-err`} role="alert" className="form-error">{message}</div>
    </form>
  );
}

/** ServiceAccountsView lists the namespace's service accounts, with create and (confirmed) delete. */
export function ServiceAccountsView({ namespace, canCreate, canDelete }: ServiceAccountsViewProps) {
  const q = useServiceAccounts(namespace);
  const del = useDeleteServiceAccount(namespace);
  const now = useNow();
  const [deleting, setDeleting] = useState<string>();
  const [done, setDone] = useState('');

  if (q.isPending) return <LoadingState label={`Loading service accounts in ${namespace}…`} />;
  if (q.isError) return <ErrorState title="The service accounts could not be loaded" titles={{ 403: `You cannot see the service accounts of ${namespace}` }} error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <div>
      {canCreate && <CreateServiceAccount namespace={namespace} onCreated={(n) => setDone(`Created service account ${n}.`)} />}
      <p role="status" className="success-message">{done}</p>
      {q.data.length === 0
        ? <EmptyState title={`No service accounts in ${namespace}`}><p>A service account is the identity a pod runs as. Create one to give a workload its own permissions.</p></EmptyState>
        : (
          <div className="table-wrap">
            <table className="data-table wrap-table">
              <caption className="visually-hidden">Service accounts in {namespace}</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Created by</th><th scope="col">Age</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {q.data.map((sa) => {
                  const name = sa.metadata.name ?? '';
                  return (
                    <tr key={name}>
                      <th scope="row" className="cell-name"><Link to={paths.serviceAccount.getHref(namespace, name)}>{name}</Link></th>
                      <td>{sa.metadata.annotations?.['gatehouse.dev/created-by'] ?? <span className="muted">system</span>}</td>
                      <td>{formatAge(sa.metadata.creationTimestamp, now)}</td>
                      <td className="cell-actions">
                        {canDelete && <button type="button" className="button button-small button-danger-outline" onClick={() => { del.reset(); setDeleting(name); }} aria-label={`Delete service account ${name}`}>Delete</button>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      <ConfirmDialog
        open={!!deleting} title={`Delete service account ${deleting ?? ''}?`} confirmLabel="Delete" pendingLabel="Deleting…" danger
        pending={del.isPending} error={del.error} onCancel={() => setDeleting(undefined)}
        onConfirm={() => deleting && del.mutate(deleting, { onSuccess: () => { setDone(`Deleted service account ${deleting}.`); setDeleting(undefined); } })}
      >
        <p>Its tokens stop working at once. Pods running as it keep running, but their requests to the API will be refused.</p>
      </ConfirmDialog>
    </div>
  );
}
