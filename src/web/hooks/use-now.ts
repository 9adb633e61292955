import { useEffect, useState } from 'react';

/** useNow returns the current time, re-rendering every `intervalMs` (for relative times such as ages). */
export function useNow(intervalMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
