import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { DNS1123_SUBDOMAIN } from '../../../../shared/api/meta';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { Spinner } from '../../../components/ui/spinner';
import { EmptyState } from '../../../components/ui/states';
import { QueryFallback, ResourceTable, RowAction, type Column } from '../../../components/ui/resource-table';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { errorMessage } from '../../../lib/api-client';
import { formatAge } from '../../../utils/format';
import { useCreateServiceAccount, useDeleteServiceAccount, useServiceAccounts, type ServiceAccount } from '../api/service-accounts';

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

  const columns: Column<ServiceAccount>[] = [
    { header: 'Name', cell: (sa) => <Link to={paths.serviceAccount.getHref(namespace, sa.metadata.name ?? '')}>{sa.metadata.name}</Link> },
    { header: 'Created by', cell: (sa) => sa.metadata.annotations?.['gatehouse.dev/created-by'] ?? <span className="muted">system</span> },
    { header: 'Age', cell: (sa) => formatAge(sa.metadata.creationTimestamp, now) },
  ];
  if (q.data === undefined) {
    return <QueryFallback query={q} loading={`Loading service accounts in ${namespace}…`} errorTitle="The service accounts could not be loaded" errorTitles={{ 403: `You cannot see the service accounts of ${namespace}` }} />;
  }
  return (
    <div>
      {canCreate && <CreateServiceAccount namespace={namespace} onCreated={(n) => setDone(`Created service account ${n}.`)} />}
      <p role="status" className="success-message">{done}</p>
      {q.data.length === 0
        ? <EmptyState title={`No service accounts in ${namespace}`}><p>A service account is the identity a pod runs as. Create one to give a workload its own permissions.</p></EmptyState>
        : (
          <ResourceTable
            label={`Service accounts in ${namespace}`} rows={q.data} columns={columns} rowKey={(sa) => sa.metadata.name ?? ''}
            actions={(sa) => canDelete && <RowAction danger label={`Delete service account ${sa.metadata.name}`} onClick={() => { del.reset(); setDeleting(sa.metadata.name); }}>Delete</RowAction>}
          />
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
