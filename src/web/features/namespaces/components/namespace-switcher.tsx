import { useId } from 'react';
import { useNamespaces } from '../api/get-namespaces';

/** NamespaceSwitcherProps: `value` is the namespace in the URL; `onChange` navigates. */
export interface NamespaceSwitcherProps { value: string | undefined; onChange: (namespace: string) => void }

/**
 * NamespaceSwitcher is a labelled native select of the namespaces the caller can use. The current
 * namespace is always an option, even when the caller may not list namespaces.
 */
export function NamespaceSwitcher({ value, onChange }: NamespaceSwitcherProps) {
  const id = useId();
  const { data, isPending, isError } = useNamespaces();
  const names = [...new Set([...(data ?? []), ...(value ? [value] : [])])].sort();
  return (
    <div className="namespace-switcher">
      <label htmlFor={id}>Namespace</label>
      <select
        id={id} value={value ?? ''} onChange={(e) => { if (e.target.value) onChange(e.target.value); }}
        disabled={isPending && names.length === 0} aria-describedby={isError ? `${id}-error` : undefined}
      >
        {!value && <option value="">{isPending ? 'Loading…' : names.length ? 'Choose a namespace' : 'No namespaces'}</option>}
        {names.map((n) => <option key={n} value={n}>{n}</option>)}
      </select>
      {isError && <span id={`${id}-error`} className="visually-hidden">The list of namespaces could not be loaded.</span>}
    </div>
  );
}
