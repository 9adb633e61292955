import type { ReactNode } from 'react';

/** PageHeader is a page's single h1 and, optionally, the namespace it is about. */
export function PageHeader({ title, namespace, children }: { title: string; namespace?: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {namespace && <p className="page-context">Namespace <strong>{namespace}</strong></p>}
      {children}
    </div>
  );
}
