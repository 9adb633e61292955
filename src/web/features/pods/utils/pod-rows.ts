import type { Pod } from '../../../../shared/api/core';
import { podStatus, type StatusTone } from '../components/pod-status';
import { effectiveSecurity, podMeta, uidLabel } from './pod-security';

// The pod list's rows: each pod reduced once to the strings the table shows, filters and sorts by.

/** PodRow is one pod as the list shows it. */
export interface PodRow {
  pod: Pod;
  name: string;
  status: string;
  tone: StatusTone;
  node: string;
  /** uid is the first container's effective runAsUser (as text), or a word when none is set. */
  uid: string;
  uidNumber?: number;
  profile: string;
  creator: string;
  created: string;
}

/** SORT_KEYS are the columns the list sorts by. */
export const SORT_KEYS = ['name', 'status', 'node', 'uid', 'profile', 'creator', 'age'] as const;
/** SortKey names a sortable column. */
export type SortKey = typeof SORT_KEYS[number];
/** Sort is a column and a direction. */
export interface Sort { key: SortKey; dir: 'asc' | 'desc' }

/** podRow reduces a pod to its row. */
export function podRow(pod: Pod): PodRow {
  const s = podStatus(pod);
  const sec = effectiveSecurity(pod.spec);
  const meta = podMeta(pod.metadata);
  return {
    pod,
    name: pod.metadata.name ?? '',
    status: s.label,
    tone: s.tone,
    node: pod.spec?.nodeName ?? '',
    uid: uidLabel(sec),
    uidNumber: sec?.runAsUser,
    profile: meta.profile ?? '',
    creator: meta.creator ?? '',
    created: pod.metadata.creationTimestamp ?? '',
  };
}

/** filterRows keeps rows whose name, status, node, UID, profile or creator contains every word of `query` (case-insensitive). */
export function filterRows(rows: readonly PodRow[], query: string): PodRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((r) => {
    const hay = `${r.name} ${r.status} ${r.node} ${r.uid} ${r.profile} ${r.creator}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

const text = (a: string, b: string) => {
  if (a === b) return 0;
  if (!a) return 1; // empty values sort last either way round
  if (!b) return -1;
  return a.localeCompare(b, undefined, { numeric: true });
};

/** sortRows orders rows by `sort` (ties by name); empty values go last, age sorts newest first when ascending. */
export function sortRows(rows: readonly PodRow[], sort: Sort): PodRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const cmp = (a: PodRow, b: PodRow): number => {
    switch (sort.key) {
      case 'uid': {
        if (a.uidNumber !== undefined && b.uidNumber !== undefined) return (a.uidNumber - b.uidNumber) * sign;
        if (a.uidNumber !== undefined || b.uidNumber !== undefined) return a.uidNumber !== undefined ? -1 : 1;
        return text(a.uid, b.uid) * sign;
      }
      case 'age': return text(b.created, a.created) * sign;
      case 'name': return text(a.name, b.name) * sign;
      default: {
        const x = a[sort.key], y = b[sort.key];
        if (!x || !y) return text(x, y);
        return text(x, y) * sign;
      }
    }
  };
  return [...rows].sort((a, b) => cmp(a, b) || text(a.name, b.name));
}

/** parseSort reads `?sort=<key>&dir=<asc|desc>`; anything else is name ascending. */
export function parseSort(key: string | null, dir: string | null): Sort {
  const k = (SORT_KEYS as readonly string[]).includes(key ?? '') ? (key as SortKey) : 'name';
  return { key: k, dir: dir === 'desc' ? 'desc' : 'asc' };
}
