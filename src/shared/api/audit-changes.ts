import { RESOURCES } from './resources';

// "What changed" in the audit trail, as auditevents fieldSelector terms: the console's default
// timeline, and what the server tests check the API answers for it. Kept apart from audit.ts, which
// resources.ts imports (the review resources are read from the resource table).

/** REVIEWS are the create-only resources that answer a question and store nothing (access, token, profile reviews). */
export const REVIEWS = RESOURCES.filter((r) => !r.stored && r.verbs.length === 1 && r.verbs[0] === 'create' && r.kind.endsWith('Review')).map((r) => r.resource);

/** READ_VERBS are the verbs that change nothing. */
export const READ_VERBS = ['get', 'list', 'watch'] as const;

/**
 * changesSelectorTerms are the fieldSelector terms of "what changed": writes (not get/list/watch) to
 * API objects (not non-resource paths such as sign-in), without dry runs (dryRun!=true), reviews (a
 * create that stores nothing) and the node agents' Lease heartbeats (one per node every 10 s). Refused
 * writes stay: an attempt to change something is part of what happened. When the reader filters by
 * verb or by resource, that filter names what they want and its exclusions are left out.
 */
export function changesSelectorTerms(explicit: { verb?: boolean; resource?: boolean } = {}): string[] {
  const terms: string[] = [];
  if (!explicit.verb) for (const v of READ_VERBS) terms.push(`verb!=${v}`);
  terms.push('dryRun!=true');
  if (!explicit.resource) terms.push('objectRef.resource!=', ...[...REVIEWS, 'leases'].map((r) => `objectRef.resource!=${r}`));
  return terms;
}
