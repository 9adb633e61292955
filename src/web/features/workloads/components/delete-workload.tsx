import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useDeleteWorkload } from '../api/mutations';

const NOUN = { deployments: 'deployment', jobs: 'job' } as const;

/**
 * DeleteWorkload is a Delete button and its confirmation for a Deployment or Job; once the API has
 * deleted it (propagation Background: its ReplicaSets and pods follow) it goes to `listHref`, whose
 * live list no longer shows it. Shown only to whom the route's rules allow `delete`; the API decides.
 */
export function DeleteWorkload({ kind, namespace, name, listHref }: { kind: 'deployments' | 'jobs'; namespace: string; name: string; listHref: string }) {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const del = useDeleteWorkload(kind, namespace, name, () => { setOpen(false); void navigate(listHref); });
  const noun = NOUN[kind];
  return (
    <>
      <button type="button" className="button button-danger" onClick={() => { del.reset(); setOpen(true); }}>Delete {noun}</button>
      <ConfirmDialog
        open={open} danger title={`Delete ${noun} ${name}?`} confirmLabel="Delete" pendingLabel="Deleting…"
        pending={del.isPending} error={del.error}
        onCancel={() => setOpen(false)}
        onConfirm={() => del.mutate()}
      >
        <p>
          {kind === 'deployments'
            ? 'The deployment, its ReplicaSets (the rollout history) and its pods are deleted. This cannot be undone.'
            : 'The job and its pods are deleted, running or finished. This cannot be undone.'}
        </p>
      </ConfirmDialog>
    </>
  );
}
