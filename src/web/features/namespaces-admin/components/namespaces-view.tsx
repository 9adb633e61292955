import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { Namespace } from '../../../../shared/api/core';
import { ANNOTATIONS, DNS1123_LABEL } from '../../../../shared/api/meta';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { Spinner } from '../../../components/ui/spinner';
import { EmptyState } from '../../../components/ui/states';
import { QueryFallback, ResourceTable, RowAction, type Column } from '../../../components/ui/resource-table';
import { paths } from '../../../config/paths';
import { useNow } from '../../../hooks/use-now';
import { errorMessage } from '../../../lib/api-client';
import { formatAge } from '../../../utils/format';
import { useCreateNamespace, useDeleteNamespace, useNamespaceObjects } from '../api/namespaces';

function CreateNamespace() {
  const id = useId();
  const [name, setName] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const [created, setCreated] = useState<Namespace>();
  const create = useCreateNamespace();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n || n.length > 63 || !DNS1123_LABEL.test(n)) { setInvalid('Use up to 63 lower-case letters, digits and "-", starting and ending with a letter or digit.'); return; }
    setInvalid(undefined);
    create.mutate(n, { onSuccess: (ns) => { setName(''); setCreated(ns); } });
  };
  const message = invalid ?? (create.isError ? errorMessage(create.error) : undefined);
  const ann = created?.metadata.annotations ?? {};
  return (
    <div className="panel">
      <form className="inline-form" onSubmit={submit} noValidate aria-label="Create a namespace">
        <div className="field">
          <label htmlFor={`${id}-name`}>New namespace name</label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} aria-invalid={message ? true : undefined} aria-describedby={`${id}-err`} />
        </div>
        <button type="submit" className="button button-primary" disabled={create.isPending}>{create.isPending && <Spinner />} Create namespace</button>
        <div id={`${id}-err`} role="alert" className="form-error">{message}</div>
      </form>
      <div role="status">
        {created && (
          <div className="success-box">
            <p><strong>Created namespace {created.metadata.name}.</strong> Admission allocated:</p>
            <dl className="details">
              <dt>UID range</dt><dd className="mono">{ann[ANNOTATIONS.uidRange] ?? '—'}</dd>
              <dt>Supplemental groups</dt><dd className="mono">{ann[ANNOTATIONS.supplementalGroups] ?? '—'}</dd>
              <dt>SELinux MCS level</dt><dd className="mono">{ann[ANNOTATIONS.mcs] ?? '—'}</dd>
            </dl>
          </div>
        )}
      </div>
    </div>
  );
}

/** NamespacesView is the cluster admin's list of namespaces with their ranges; create, and delete by typing the name. */
export function NamespacesView({ canCreate, canDelete }: { canCreate: boolean; canDelete: boolean }) {
  const q = useNamespaceObjects();
  const del = useDeleteNamespace();
  const now = useNow();
  const [deleting, setDeleting] = useState<string>();
  const [done, setDone] = useState('');

  if (q.data === undefined) return <QueryFallback query={q} loading="Loading namespaces…" errorTitle="The namespaces could not be loaded" errorTitles={{ 403: 'You cannot list namespaces' }} />;
  const columns: Column<Namespace>[] = [
    { header: 'Name', cell: (ns) => <Link to={paths.namespaceSettings.getHref(ns.metadata.name ?? '')}>{ns.metadata.name}</Link> },
    { header: 'Status', cell: (ns) => ns.status?.phase ?? 'Active' },
    { header: 'UID range', className: 'mono', cell: (ns) => ns.metadata.annotations?.[ANNOTATIONS.uidRange] ?? '—' },
    { header: 'MCS level', className: 'mono', cell: (ns) => ns.metadata.annotations?.[ANNOTATIONS.mcs] ?? '—' },
    { header: 'Age', cell: (ns) => formatAge(ns.metadata.creationTimestamp, now) },
  ];
  return (
    <div>
      {canCreate && <CreateNamespace />}
      <p role="status" className="success-message">{done}</p>
      {q.data.length === 0 ? <EmptyState title="No namespaces" /> : (
        <ResourceTable
          label="Namespaces" rows={q.data} columns={columns} rowKey={(ns) => ns.metadata.name ?? ''}
          actions={(ns) => canDelete && <RowAction danger label={`Delete namespace ${ns.metadata.name}`} onClick={() => { del.reset(); setDeleting(ns.metadata.name); }}>Delete</RowAction>}
        />
      )}
      <ConfirmDialog
        open={!!deleting} title={`Delete namespace ${deleting ?? ''}?`} confirmLabel="Delete namespace" pendingLabel="Deleting…" danger confirmText={deleting}
        pending={del.isPending} error={del.error} onCancel={() => setDeleting(undefined)}
        onConfirm={() => deleting && del.mutate(deleting, { onSuccess: () => { setDone(`Deleted namespace ${deleting}.`); setDeleting(undefined); } })}
      >
        <p>Everything in it is deleted too: pods, secrets, service accounts and role bindings. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}
