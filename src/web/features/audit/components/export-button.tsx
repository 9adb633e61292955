import { useRef, useState } from 'react';
import { exportAuditJsonl } from '../../../components/audit/audit-api';
import type { AuditFilter, AuditScope } from '../../../components/audit/audit-filter';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/api-client';

/**
 * ExportButton downloads every event of the current filter as JSON lines (audit.k8s.io events, one per
 * line). Pages are fetched one after another into a Blob, with the running count announced; it can be
 * cancelled.
 */
export function ExportButton({ filter, scope }: { filter: AuditFilter; scope: AuditScope }) {
  const [state, setState] = useState<{ running: boolean; count: number; error?: unknown; done?: number }>({ running: false, count: 0 });
  const ctl = useRef<AbortController | null>(null);

  const run = async () => {
    ctl.current = new AbortController();
    setState({ running: true, count: 0 });
    try {
      const { blob, count } = await exportAuditJsonl(filter, scope, { signal: ctl.current.signal, onProgress: (n) => setState((s) => ({ ...s, count: n })) });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `audit-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ running: false, count, done: count });
    } catch (err) {
      if (ctl.current?.signal.aborted) setState({ running: false, count: 0 });
      else setState({ running: false, count: 0, error: err });
    }
  };

  return (
    <div className="export">
      {state.running
        ? <button type="button" className="button" onClick={() => ctl.current?.abort()}><Spinner /> Cancel export</button>
        : <button type="button" className="button" onClick={() => void run()}>Export JSON lines</button>}
      <span role="status" className="form-progress">
        {state.running ? `Exporting… ${state.count.toLocaleString('en')} events` : state.done !== undefined ? `Exported ${state.done.toLocaleString('en')} events` : ''}
      </span>
      {state.error !== undefined && <span role="alert" className="inline-error">Export failed: {errorMessage(state.error)}</span>}
    </div>
  );
}
