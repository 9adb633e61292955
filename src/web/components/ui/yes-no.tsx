/** YesNo renders a permission answer as text and a mark (never colour alone). */
export function YesNo({ value, yes = 'Yes', no = 'No' }: { value: boolean | undefined; yes?: string; no?: string }) {
  if (value === undefined) return <span className="muted">…</span>;
  return value
    ? <span className="yes"><span aria-hidden="true">✓ </span>{yes}</span>
    : <span className="no"><span aria-hidden="true">✕ </span>{no}</span>;
}
