import { LineCounter, parseDocument, stringify } from 'yaml';

// YAML as people read and write it in the console (the pod form's YAML view, the YAML of any object).
// Only modules that are loaded on demand import this, so the `yaml` library stays out of the first load.

/** toYaml renders an object the way kubectl shows YAML (block style, no line wrapping). */
export function toYaml(m: unknown): string {
  return stringify(m, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** parseYaml parses one YAML document; errors say the line and column and what is wrong. */
export function parseYaml(text: string): { value?: unknown; error?: string; line?: number } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    const what = e.message.split(' at line ')[0].split('\n')[0];
    return { error: pos ? `Line ${pos.line}, column ${pos.col}: ${what}` : what, line: pos?.line };
  }
  return { value: doc.toJS() };
}

/**
 * lineOfPath finds the 1-based line where a field path (`['spec', 'containers', 0, 'image']`) is written
 * in `text`. A path that is not in the text (a missing required field) resolves to its nearest written
 * ancestor; undefined when not even the first segment is there or the text does not parse.
 */
export function lineOfPath(text: string, path: readonly (string | number)[]): number | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) return undefined;
  for (let n = path.length; n > 0; n--) {
    const parentPath = path.slice(0, n - 1);
    const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
    const key = path[n - 1];
    // The key's own position reads best (`image:`), else the value's (a list item).
    const pair = (parent as { items?: { key?: { value?: unknown; range?: [number, number, number] }; range?: [number, number, number] }[] } | null)?.items;
    if (typeof key === 'string' && Array.isArray(pair)) {
      const item = pair.find((p) => p.key && p.key.value === key);
      if (item?.key?.range) return lines.linePos(item.key.range[0]).line;
    }
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}
