import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { Spinner } from '../../../components/ui/spinner';
import { EmptyState } from '../../../components/ui/states';
import { QueryFallback, ResourceTable, RowAction } from '../../../components/ui/resource-table';
import { paths } from '../../../config/paths';
import { errorMessage } from '../../../lib/api-client';
import { splitList, useCreateGroup, useDeleteGroup, useGroups, useUsers } from '../api/users';

/**
 * GroupsView lists the groups: Group objects with their members, and the groups named on users
 * (spec.groups). Both grant what RBAC binds to the group name. Groups can be created and deleted.
 */
export function GroupsView({ canManage }: { canManage: boolean }) {
  const id = useId();
  const q = useGroups();
  const users = useUsers();
  const create = useCreateGroup();
  const del = useDeleteGroup();
  const [deleting, setDeleting] = useState<string>();
  const [invalid, setInvalid] = useState<string>();
  const [done, setDone] = useState('');

  if (q.data === undefined) return <QueryFallback query={q} loading="Loading groups…" errorTitle="The groups could not be loaded" errorTitles={{ 403: 'You cannot list groups' }} />;

  // Members per group name: from Group objects and from users' own spec.groups.
  const members = new Map<string, Set<string>>();
  const add = (g: string, u: string) => { if (!members.has(g)) members.set(g, new Set()); members.get(g)!.add(u); };
  for (const g of q.data) { members.set(g.metadata.name ?? '', new Set(g.users ?? [])); }
  for (const u of users.data ?? []) for (const g of u.spec?.groups ?? []) add(g, u.metadata.name ?? '');
  const objects = new Set(q.data.map((g) => g.metadata.name ?? ''));
  const names = [...members.keys()].filter(Boolean).sort();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const name = String(form.get('name') ?? '').trim();
    if (!name || /[/%\s]/.test(name)) { setInvalid('Enter a group name without spaces or "/".'); return; }
    setInvalid(undefined);
    create.mutate({ name, users: splitList(String(form.get('users') ?? '')) }, { onSuccess: () => { formEl.reset(); setDone(`Created group ${name}.`); } });
  };
  const message = invalid ?? (create.isError ? errorMessage(create.error) : undefined);

  return (
    <div>
      {canManage && (
        <form className="inline-form panel" onSubmit={submit} noValidate aria-label="Create a group">
          <div className="field"><label htmlFor={`${id}-name`}>New group name</label><input id={`${id}-name`} name="name" autoComplete="off" spellCheck={false} aria-describedby={`${id}-err`} /></div>
          <div className="field"><label htmlFor={`${id}-users`}>Members</label><input id={`${id}-users`} name="users" autoComplete="off" spellCheck={false} placeholder="alice, bob" /></div>
          <button type="submit" className="button button-primary" disabled={create.isPending}>{create.isPending && <Spinner />} Create group</button>
          <div id={`${id}-err`} role="alert" className="form-error">{message}</div>
        </form>
      )}
      <p role="status" className="success-message">{done}</p>
      {names.length === 0 ? <EmptyState title="No groups yet"><p>Create a group, or name groups on users, then bind roles to the group.</p></EmptyState> : (
        <ResourceTable
          label="Groups" rows={names} rowKey={(g) => g}
          columns={[
            { header: 'Group', cell: (g) => g },
            { header: 'Members', cell: (g) => [...members.get(g)!].sort().map((u, i) => <span key={u}>{i > 0 && ', '}<Link to={paths.user.getHref(u)}>{u}</Link></span>) },
            { header: 'Defined by', cell: (g) => (objects.has(g) ? 'Group object' : 'Users’ groups') },
          ]}
          actions={(g) => canManage && objects.has(g) && <RowAction danger label={`Delete group ${g}`} onClick={() => { del.reset(); setDeleting(g); }}>Delete</RowAction>}
        />
      )}
      <ConfirmDialog
        open={!!deleting} title={`Delete group ${deleting ?? ''}?`} confirmLabel="Delete group" danger pending={del.isPending} error={del.error}
        onCancel={() => setDeleting(undefined)} onConfirm={() => deleting && del.mutate(deleting, { onSuccess: () => { setDone(`Deleted group ${deleting}.`); setDeleting(undefined); } })}
      >
        <p>Its members lose at once whatever roles are bound to the group (unless they are in it through their own user settings).</p>
      </ConfirmDialog>
    </div>
  );
}
