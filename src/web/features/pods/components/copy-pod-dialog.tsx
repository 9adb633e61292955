import { useId } from 'react';
import type { Pod } from '../../../../shared/api/core';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { errorMessage } from '../../../lib/api-client';
import { missingSecrets, podSecretNames } from '../utils/copy-pod';

/** CopyPodDialogProps: the pod, where it may go, and the target's secret names (loaded by the route). */
export interface CopyPodDialogProps {
  pod: Pod | undefined;
  namespaces: readonly string[];
  target: string;
  onTargetChange: (namespace: string) => void;
  /** targetSecrets are the secret names the target has: undefined while loading; `error` when they cannot be read. */
  targetSecrets: { names?: readonly string[]; error?: unknown };
  onCopy: () => void;
  onCancel: () => void;
}

/**
 * CopyPodDialog copies a pod's spec to another namespace through the pod form there. Secrets are never
 * copied: it lists, by name, the secrets the pod uses that the target lacks (to be created there first).
 */
export function CopyPodDialog({ pod, namespaces, target, onTargetChange, targetSecrets, onCopy, onCancel }: CopyPodDialogProps) {
  const id = useId();
  const used = pod ? podSecretNames(pod.spec) : [];
  const missing = pod && targetSecrets.names ? missingSecrets(pod.spec, targetSecrets.names) : undefined;
  const others = namespaces.filter((n) => n !== pod?.metadata.namespace);
  return (
    <ConfirmDialog
      open={!!pod} title={`Copy pod ${pod?.metadata.name ?? ''} to another namespace`} confirmLabel="Open in the pod form"
      onConfirm={() => { if (target) onCopy(); }} onCancel={onCancel}
    >
      <div className="field">
        <label htmlFor={`${id}-target`}>Target namespace</label>
        <select id={`${id}-target`} value={target} onChange={(e) => onTargetChange(e.target.value)}>
          <option value="">Choose a namespace</option>
          {others.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </div>
      <p>The spec is copied; the target namespace assigns its own UID, groups and SELinux level, and you choose the profile there. <strong>Secrets are never copied.</strong></p>
      {used.length === 0 && <p>This pod uses no secrets.</p>}
      {used.length > 0 && target && (
        <div role="status">
          {targetSecrets.error !== undefined && <p className="form-error">The secrets of {target} could not be checked: {errorMessage(targetSecrets.error)}</p>}
          {targetSecrets.error === undefined && !missing && <p className="muted">Checking the secrets of {target}…</p>}
          {missing && missing.length === 0 && <p>{target} already has every secret this pod uses ({used.join(', ')}).</p>}
          {missing && missing.length > 0 && (
            <>
              <p>{target} lacks {missing.length === 1 ? 'this secret' : 'these secrets'}; create {missing.length === 1 ? 'it' : 'them'} there before the pod can start:</p>
              <ul aria-label={`Secrets missing in ${target}`} className="plain-list">{missing.map((n) => <li key={n} className="mono">{n}</li>)}</ul>
            </>
          )}
        </div>
      )}
    </ConfirmDialog>
  );
}
