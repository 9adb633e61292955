import { useEffect, useState } from 'react';

/**
 * useDebouncedValue returns `value` once it has stopped changing for `ms` (compared by `key`, which
 * defaults to JSON: callers often pass a fresh but equal object on every render).
 */
export function useDebouncedValue<T>(value: T, ms: number, key: (v: T) => string = (v) => JSON.stringify(v) ?? 'undefined'): T {
  const [settled, setSettled] = useState(value);
  const k = key(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
    // `value` is identified by `k`: an equal value with a new identity must not restart the timer.
  }, [k, ms]);
  return settled;
}
