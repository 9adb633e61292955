import { useEffect } from 'react';

/** useDocumentTitle sets the tab title to `<parts> · Gatehouse`, so each page (and history entry) is named. */
export function useDocumentTitle(...parts: (string | undefined)[]): void {
  const title = [...parts.filter(Boolean), 'Gatehouse'].join(' · ');
  useEffect(() => { document.title = title; }, [title]);
}
