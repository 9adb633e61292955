import { Link } from 'react-router';
import { paths } from '../../config/paths';
import { auditHref } from './audit-filter';
import { OUTCOME_WORDS, type DescribedEvent } from './describe-event';

/** EventLinks say where each part of an event links to; the defaults stay inside the audit timeline. */
export interface EventLinks {
  user?: (name: string) => string;
  pod?: (namespace: string, name: string) => string;
  serviceAccount?: (namespace: string, name: string) => string;
  object?: (d: DescribedEvent) => string;
}

/** DEFAULT_LINKS: people and objects open the timeline filtered to them; pods and service accounts open their pages. */
export const DEFAULT_LINKS: Required<EventLinks> = {
  user: (name) => auditHref({ originatingUser: name }),
  pod: (namespace, name) => paths.pod.getHref(namespace, name),
  serviceAccount: (namespace, name) => paths.serviceAccount.getHref(namespace, name),
  object: (d) => auditHref({ resource: d.resource.split('/')[0] || undefined, name: d.name, namespace: d.namespace }),
};

function Arrow({ label }: { label: string }) {
  return <><span aria-hidden="true" className="chain-arrow">→</span><span className="visually-hidden"> {label} </span></>;
}

/**
 * EventWho names who acted. For a service account with a pod-bound token it reads as the chain
 * human → pod → service account (each a link), the human being the originating user who started the pod.
 */
export function EventWho({ d, links = {} }: { d: DescribedEvent; links?: EventLinks }) {
  const l = { ...DEFAULT_LINKS, ...links };
  if (d.serviceAccount) {
    return (
      <span className="chain">
        {d.human ? <Link to={l.user(d.human)} className="chain-human">{d.human}</Link> : <span className="muted">unknown person</span>}
        {d.pod && <><Arrow label="started" /><Link to={l.pod(d.pod.namespace, d.pod.name)}>Pod {d.pod.name}</Link></>}
        <Arrow label={d.pod ? 'running as' : 'through'} />
        <Link to={l.serviceAccount(d.serviceAccount.namespace, d.serviceAccount.name)}>Service account {d.serviceAccount.name}</Link>
      </span>
    );
  }
  if (!d.user) return <span className="muted">anonymous</span>;
  const human = !d.user.startsWith('system:');
  return (
    <span className="chain">
      {human ? <Link to={l.user(d.user)}>{d.user}</Link> : <span className="mono">{d.user}</span>}
      {d.impersonated && <> <span className="muted">as</span> {d.impersonated.startsWith('system:') ? <span className="mono">{d.impersonated}</span> : <Link to={l.user(d.impersonated)}>{d.impersonated}</Link>}</>}
    </span>
  );
}

/** EventAction is what was done, linking to the timeline of that object when there is one. */
export function EventAction({ d, links = {} }: { d: DescribedEvent; links?: EventLinks }) {
  const l = { ...DEFAULT_LINKS, ...links };
  if (!d.resource) return <span className="mono">{d.action}</span>;
  return <Link to={l.object(d)} className="event-action">{d.action}</Link>;
}

const OUTCOME_BADGES: Record<DescribedEvent['outcome'], string> = { allowed: 'badge-ok', forbidden: 'badge-bad', refused: 'badge-bad', failed: 'badge-pending', recorded: 'badge-neutral' };

/**
 * DecisionBadge shows what became of the request in words (and colour) with the response code — a 403
 * after authorization allowed it reads "Refused 403", never "Allowed 403" — and "Dry run" before it for
 * a dry run, which changed nothing.
 */
export function DecisionBadge({ d }: { d: DescribedEvent }) {
  const label = d.outcome === 'recorded' && d.code ? `HTTP ${d.code}` : `${OUTCOME_WORDS[d.outcome]}${d.code ? ` ${d.code}` : ''}`;
  return (
    <>
      {d.dryRun && <><span className="badge badge-neutral" title="Dry run: checked by the API, nothing was changed">Dry run</span>{' '}</>}
      <span className={`badge ${OUTCOME_BADGES[d.outcome]}`}>{label}</span>
    </>
  );
}
