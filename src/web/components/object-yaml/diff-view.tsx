import { useId } from 'react';
import { diffCounts, type DiffRow } from './yaml-model';

/**
 * DiffView shows a line diff as a unified diff: removed lines marked `−`, added lines `+` (the marks are
 * text, so the change reads without colour), long unchanged stretches folded into one line.
 */
export function DiffView({ title, legend, rows }: { title: string; legend: string; rows: DiffRow[] }) {
  const id = useId();
  const { added, removed } = diffCounts(rows);
  return (
    <section className="diff-view" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel-title">{title} <span className="muted diff-counts">{added === 0 && removed === 0 ? 'no changes' : `${added} added, ${removed} removed`}</span></h2>
      {added + removed > 0 && (
        <>
          <p className="muted diff-legend">{legend}</p>
          <pre className="diff" tabIndex={0} aria-label={`${title}: ${added} lines added, ${removed} removed`}>
            {rows.map((r, i) => {
              if (r.kind === 'skip') return <span key={i} className="diff-line diff-skip">⋯ {r.count} unchanged line{r.count === 1 ? '' : 's'}</span>;
              if (r.kind === 'add') return <ins key={i} className="diff-line diff-add"><span className="diff-mark">+</span>{r.text}</ins>;
              if (r.kind === 'del') return <del key={i} className="diff-line diff-del"><span className="diff-mark">−</span>{r.text}</del>;
              return <span key={i} className="diff-line"><span className="diff-mark"> </span>{r.text}</span>;
            })}
          </pre>
        </>
      )}
    </section>
  );
}
