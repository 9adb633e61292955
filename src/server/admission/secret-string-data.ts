// Secrets' write-only `stringData` (core/v1 semantics): on every write its entries are base64-encoded
// into `data` (overriding the same keys) and the field is dropped, so it is never stored or returned.
// An immutable secret's data cannot change this way either.

import { deepEqual } from '../../shared/api/equal';
import { invalid } from '../http/status';
import type { AdmissionPlugin } from './types';

/** secretStringData is the mutating admission plugin that folds `stringData` into `data`. */
export function secretStringData(): AdmissionPlugin {
  return {
    name: 'SecretStringData',
    admit(a) {
      if (a.group !== '' || a.resource !== 'secrets' || a.subresource !== '' || !a.object) return;
      if (a.operation !== 'CREATE' && a.operation !== 'UPDATE') return;
      const s = a.object as { data?: Record<string, string> | null; stringData?: Record<string, string> | null };
      if (s.stringData === undefined) return;
      const extra = s.stringData ?? {};
      delete s.stringData;
      if (Object.keys(extra).length === 0) return;
      const data: Record<string, string> = { ...(s.data ?? {}) };
      for (const [k, v] of Object.entries(extra)) data[k] = Buffer.from(v, 'utf8').toString('base64');
      s.data = data;
      const old = a.oldObject as { immutable?: boolean | null; data?: Record<string, string> | null } | undefined;
      if (a.operation === 'UPDATE' && old?.immutable === true && !deepEqual(old.data ?? null, s.data ?? null)) {
        throw invalid('Secret', '', a.name, [{ field: 'data', message: 'Forbidden: field is immutable when `immutable` is set', type: 'FieldValueForbidden' }]);
      }
    },
  };
}
