import type { SecretSummary } from '../../../../shared/api/security';

/** matchesSecret keeps a summary when its name, type, keys, creator or mounting pods contain every word of `query` (case-insensitive). */
export function matchesSecret(s: SecretSummary, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = `${s.metadata.name ?? ''} ${s.type} ${s.keys.join(' ')} ${s.creator ?? ''} ${s.mountedBy.map((m) => m.pod).join(' ')}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}
