/**
 * formatAge renders the time since `timestamp` the way `kubectl get` does (`45s`, `3m12s`, `5h`, `2d4h`,
 * `40d`, `2y30d`). Missing or unreadable timestamps render as `<unknown>`; clock skew as `0s`.
 */
export function formatAge(timestamp: string | null | undefined, now: number): string {
  const t = timestamp ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(t)) return '<unknown>';
  const s = Math.max(0, Math.floor((now - t) / 1000));
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const d = Math.floor(h / 24);
  const y = Math.floor(d / 365);
  if (s < 120) return `${s}s`;
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (h < 3) return `${m}m`;
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  if (d < 8) return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
  if (y < 2) return `${d}d`;
  if (y < 8) return d % 365 ? `${y}y${d % 365}d` : `${y}y`;
  return `${y}y`;
}
