import type { Subject } from '../../../../shared/api/rbac';
import { ErrorState, LoadingState } from '../../../components/ui/states';
import { YesNo } from '../../../components/ui/yes-no';
import { cellKey, MATRIX_ROWS, MATRIX_VERBS, useSubjectAccess } from '../api/get-subject-access';

/**
 * SubjectAccess answers "what can <subject> do here" as a verb × resource matrix (Yes/No in words,
 * "—" where the verb does not apply). It says how the answer was obtained, since a review without
 * impersonation does not know a user's group memberships.
 */
export function SubjectAccess({ namespace, subject, label, canImpersonate }: { namespace: string; subject: Subject; label: string; canImpersonate: boolean }) {
  const q = useSubjectAccess(namespace, subject, canImpersonate);
  const caption = `What ${label} can do in ${namespace}`;
  if (q.isPending) return <LoadingState label={`Asking what ${label} can do…`} />;
  if (q.isError) return <ErrorState title={`Could not find out what ${label} can do`} error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <div className="access-matrix">
      <div className="table-wrap">
        <table className="data-table matrix-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Resource</th>
              {MATRIX_VERBS.map((v) => <th key={v} scope="col">{v}</th>)}
            </tr>
          </thead>
          <tbody>
            {MATRIX_ROWS.map((row) => (
              <tr key={row.resource}>
                <th scope="row">{row.label}</th>
                {MATRIX_VERBS.map((v) => (
                  <td key={v}>{row.verbs.includes(v) ? <YesNo value={q.data.cells[cellKey(row, v)]} /> : <span className="muted" aria-label="not applicable">—</span>}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="field-hint">
        {q.data.method === 'impersonation'
          ? `Asked the server as ${label} (impersonation), with their real group memberships.`
          : subject.kind === 'User'
            ? `Asked with access reviews for ${label} as a signed-in user; roles they hold through groups are not included.`
            : `Asked with access reviews for ${label}.`}
      </p>
    </div>
  );
}
