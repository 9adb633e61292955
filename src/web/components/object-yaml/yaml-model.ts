import { diffLines } from 'diff';
import type { KubeObject } from '../../../shared/api/meta';
import { ApiError } from '../../lib/api-client';
import { lineOfPath, toYaml } from '../../lib/yaml-text';
import { parseFieldPath } from '../../utils/field-path';
import { isRecord } from '../../../shared/json';

// The pure part of the YAML view of an object: what is shown (kubectl edit's view), what an edit may
// not change, the line diff shown before saving, and where a server's complaint points in the text.

/** FieldIssue is one thing wrong with an edit: the Kubernetes field path, a sentence, and its line in the YAML. */
export interface FieldIssue { field: string; message: string; line?: number }

/**
 * editableView is the object as the editor shows it: like `kubectl edit`, everything the server
 * returned except metadata.managedFields (server bookkeeping, hidden unless asked for). The
 * resourceVersion stays: it is how a save notices that someone else changed the object meanwhile.
 */
export function editableView(obj: KubeObject, opts: { managedFields?: boolean } = {}): KubeObject {
  const copy = structuredClone(obj);
  if (!opts.managedFields) delete copy.metadata.managedFields;
  return copy;
}

/** yamlText renders an object for the editor, with an optional leading comment (one `# ` line per line of `note`). */
export function yamlText(obj: KubeObject, note?: string): string {
  const head = note ? `${note.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n')}\n` : '';
  return `${head}${toYaml(obj)}`;
}


/**
 * identityIssues lists what an edit may not change here: which object it is (apiVersion, kind, name,
 * namespace — saving a different object is a create, not an edit) and the resourceVersion it was
 * loaded at (the save's precondition; removing it would overwrite whatever is stored).
 */
export function identityIssues(loaded: KubeObject, edited: unknown): FieldIssue[] {
  if (!isRecord(edited)) return [{ field: '', message: 'The YAML must describe one object (a mapping with apiVersion, kind and metadata).' }];
  const meta = isRecord(edited.metadata) ? edited.metadata : {};
  const issues: FieldIssue[] = [];
  const same = (field: string, was: unknown, now: unknown, what: string) => {
    if ((was ?? '') !== (now ?? '')) issues.push({ field, message: `${what} cannot change here (it was ${JSON.stringify(was ?? '')}).` });
  };
  same('apiVersion', loaded.apiVersion, edited.apiVersion, 'The API version');
  same('kind', loaded.kind, edited.kind, 'The kind');
  same('metadata.name', loaded.metadata.name, meta.name, 'The name');
  same('metadata.namespace', loaded.metadata.namespace, meta.namespace, 'The namespace');
  if ((meta.resourceVersion ?? '') !== (loaded.metadata.resourceVersion ?? '')) {
    issues.push({ field: 'metadata.resourceVersion', message: `Leave the resourceVersion as loaded (${loaded.metadata.resourceVersion ?? 'none'}): it is how a save notices someone else's change.` });
  }
  return issues;
}

/** withLines adds, to issues that name a field, the line where that field is written in `text`. */
export function withLines(issues: FieldIssue[], text: string): FieldIssue[] {
  return issues.map((i) => (i.line !== undefined || !i.field ? i : { ...i, line: lineOfPath(text, parseFieldPath(i.field)) }));
}

/**
 * serverIssues reads a refused write (a 422 Status with `details.causes`) as field issues; an error
 * without causes is one issue without a field.
 */
export function serverIssues(err: unknown, text: string): FieldIssue[] {
  const causes = err instanceof ApiError ? err.details?.causes ?? [] : [];
  const issues: FieldIssue[] = causes.length > 0
    ? causes.map((c) => ({ field: c.field ?? '', message: c.message || 'Invalid value.' }))
    : [{ field: '', message: err instanceof Error ? err.message : 'The server refused the change.' }];
  return withLines(issues, text);
}

/** DiffRow is one line of a unified diff: added, removed, unchanged context, or a run of skipped unchanged lines. */
export type DiffRow =
  | { kind: 'add' | 'del' | 'same'; text: string; oldLine?: number; newLine?: number }
  | { kind: 'skip'; count: number };

/**
 * lineDiff compares two texts line by line (the `diff` library's Myers diff) and keeps `context`
 * unchanged lines around each change; longer unchanged runs become one `skip` row.
 */
export function lineDiff(before: string, after: string, context = 3): DiffRow[] {
  const all: Exclude<DiffRow, { kind: 'skip' }>[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const part of diffLines(before, after)) {
    const lines = part.value.replace(/\n$/, '').split('\n');
    for (const text of lines) {
      if (part.added) all.push({ kind: 'add', text, newLine: newLine++ });
      else if (part.removed) all.push({ kind: 'del', text, oldLine: oldLine++ });
      else all.push({ kind: 'same', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  const near = all.map(() => false);
  all.forEach((r, i) => {
    if (r.kind === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(all.length - 1, i + context); j++) near[j] = true;
  });
  const out: DiffRow[] = [];
  let skipped = 0;
  all.forEach((r, i) => {
    if (r.kind === 'same' && !near[i]) { skipped++; return; }
    if (skipped > 0) { out.push({ kind: 'skip', count: skipped }); skipped = 0; }
    out.push(r);
  });
  if (skipped > 0) out.push({ kind: 'skip', count: skipped });
  return out;
}

/** diffCounts counts added and removed lines. */
export function diffCounts(rows: DiffRow[]): { added: number; removed: number } {
  return { added: rows.filter((r) => r.kind === 'add').length, removed: rows.filter((r) => r.kind === 'del').length };
}
