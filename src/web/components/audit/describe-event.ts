import { AUDIT_ANNOTATIONS, type AuditEvent } from '../../../shared/api/audit';
import { parseServiceAccountUser } from '../../utils/subjects';

// How one audit event reads in the console: who (and, for a service account, the chain human → pod →
// service account), what, when, the decision and its reason. Pure, so the timeline, the activity tabs
// and the export agree.

/** POD_NAME_EXTRA is the Kubernetes user extra naming the pod a service-account token is bound to. */
export const POD_NAME_EXTRA = 'authentication.kubernetes.io/pod-name';

/** DescribedEvent is an audit event in the console's words. */
export interface DescribedEvent {
  id: string;
  /** time is when the event was recorded (stageTimestamp). */
  time: string;
  /** user is who authenticated; `impersonated` whom they acted as ("view as"). */
  user: string;
  impersonated?: string;
  /** human is the originating user: the person behind the request (also behind a pod's service account). */
  human?: string;
  serviceAccount?: { namespace: string; name: string };
  /** pod is the pod a service account's token was bound to. */
  pod?: { namespace: string; name: string };
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
  /** action is one line: `create configmaps app-config in team`. */
  action: string;
  /** dryRun is true for a dry-run write (annotation audit.gatehouse.dev/dry-run): nothing was changed. */
  dryRun: boolean;
  /** decision is the authorizer's (allow/forbid); what became of the request is `outcome`. */
  decision?: 'allow' | 'forbid';
  outcome: Outcome;
  /** reason is the authorizer's reason, or the server's message for a refused or failed request. */
  reason: string;
  code?: number;
}

/**
 * Outcome is what became of a request: `forbidden` by authorization; `refused` after authorization
 * allowed it (a 403 from admission: escalation prevention, security profiles, secret use...); `failed`
 * (any other 4xx/5xx: invalid, not found, conflict...); `allowed` (authorized and answered); `recorded`
 * when no authorization was involved (public paths, failed authentication).
 */
export type Outcome = 'allowed' | 'forbidden' | 'refused' | 'failed' | 'recorded';

/**
 * outcomeOf reads the outcome from the decision and the response code. The decision alone is not it:
 * authorization allows creating a RoleBinding, and escalation prevention may still refuse it (403) —
 * which must never read as "allowed".
 */
export function outcomeOf(decision: DescribedEvent['decision'], code: number | undefined): Outcome {
  if (decision === 'forbid') return 'forbidden';
  if (code !== undefined && code >= 400) return code === 403 ? 'refused' : 'failed';
  return decision === 'allow' ? 'allowed' : 'recorded';
}

/** describeEvent reads an audit event; missing parts are left out rather than guessed. */
export function describeEvent(ev: AuditEvent): DescribedEvent {
  const ann = ev.annotations ?? {};
  const acting = ev.impersonatedUser?.username ?? ev.user.username ?? '';
  const sa = parseServiceAccountUser(acting);
  const extras = (ev.impersonatedUser ?? ev.user).extra ?? {};
  const podName = extras[POD_NAME_EXTRA]?.[0];
  const ref = ev.objectRef;
  const resource = ref?.resource ? `${ref.resource}${ref.subresource ? `/${ref.subresource}` : ''}` : '';
  const target = resource ? [resource, ref?.name].filter(Boolean).join(' ') : ev.requestURI.split('?')[0];
  const action = `${ev.verb} ${target}${ref?.namespace ? ` in ${ref.namespace}` : ''}`;
  const rawDecision = ann[AUDIT_ANNOTATIONS.decision];
  const decision = rawDecision === 'allow' || rawDecision === 'forbid' ? rawDecision : undefined;
  const code = ev.responseStatus?.code;
  const outcome = outcomeOf(decision, code);
  const message = code !== undefined && code >= 400 ? ev.responseStatus?.message ?? '' : '';
  const authz = ann[AUDIT_ANNOTATIONS.reason] ?? '';
  // Past authorization, the refusal is the reason; the authorizer's "allowed by ..." would mislead.
  const reason = outcome === 'forbidden' || outcome === 'recorded' ? [authz, message].filter(Boolean).join(' — ') : message || authz;
  return {
    id: ev.auditID,
    time: ev.stageTimestamp,
    user: ev.user.username ?? '',
    impersonated: ev.impersonatedUser?.username,
    human: ann[AUDIT_ANNOTATIONS.originatingUser],
    serviceAccount: sa,
    pod: sa && podName ? { namespace: sa.namespace, name: podName } : undefined,
    verb: ev.verb,
    resource,
    namespace: ref?.namespace,
    name: ref?.name,
    action,
    dryRun: ann[AUDIT_ANNOTATIONS.dryRun] === 'true',
    decision,
    outcome,
    reason,
    code,
  };
}

/** OUTCOME_WORDS name each outcome on screen. */
export const OUTCOME_WORDS: Record<Outcome, string> = { allowed: 'Allowed', forbidden: 'Forbidden', refused: 'Refused', failed: 'Failed', recorded: 'Recorded' };

/** eventSentence is the whole event as one line of text (for titles and screen readers). */
export function eventSentence(d: DescribedEvent): string {
  const who = d.serviceAccount
    ? `${d.human ? `${d.human} → ` : ''}${d.pod ? `pod ${d.pod.name} → ` : ''}service account ${d.serviceAccount.namespace}/${d.serviceAccount.name}`
    : d.impersonated ? `${d.user} as ${d.impersonated}` : d.user || 'anonymous';
  return `${who}: ${d.dryRun ? 'dry run of ' : ''}${d.action} (${OUTCOME_WORDS[d.outcome].toLowerCase()}${d.code ? `, ${d.code}` : ''})`;
}
