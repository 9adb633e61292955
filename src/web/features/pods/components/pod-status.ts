import type { Pod } from '../../../../shared/api/core';

/** StatusTone is how a status is coloured; the text always says the status too (never colour alone). */
export type StatusTone = 'ok' | 'pending' | 'bad' | 'done' | 'neutral';

interface ContainerStatus { state?: { waiting?: { reason?: string }; terminated?: { reason?: string } } }

const BAD = /BackOff|Err|Error|Failed|OOMKilled|Invalid|Evicted/;

/**
 * podStatus is the one-word status `kubectl get pods` would print: Terminating while deleting, else a
 * pod-level reason (Evicted), else a container's waiting or terminated reason (CrashLoopBackOff),
 * else the phase (Pending when not reported yet).
 */
export function podStatus(pod: Pod): { label: string; tone: StatusTone } {
  if (pod.metadata.deletionTimestamp) return { label: 'Terminating', tone: 'neutral' };
  const phase = pod.status?.phase ?? 'Pending';
  let label: string = pod.status?.reason || phase;
  if (!pod.status?.reason && phase !== 'Succeeded') {
    for (const c of (pod.status?.containerStatuses ?? []) as ContainerStatus[]) {
      const reason = c.state?.waiting?.reason || (phase !== 'Running' ? c.state?.terminated?.reason : undefined);
      if (reason) { label = reason; break; }
    }
  }
  if (BAD.test(label) || phase === 'Failed') return { label, tone: 'bad' };
  if (label === 'Running') return { label, tone: 'ok' };
  if (phase === 'Succeeded') return { label, tone: 'done' };
  if (phase === 'Unknown') return { label, tone: 'neutral' };
  return { label, tone: 'pending' };
}
