import { useEffect, useRef, useState, type UIEvent } from 'react';
import { deepEqual } from '../../../../shared/api/equal';
import { parseYaml, toYaml } from '../../../lib/yaml-text';
import type { Manifest } from '../utils/pod-draft';

// The YAML view of the pod form: a plain, accessible <textarea> with a line-number gutter. This module
// (and the `yaml` library with it) is loaded only when someone opens the YAML view.

/** YamlEditorProps: the manifest to show; `text` is the person's own text for that manifest, if any. */
export interface YamlEditorProps {
  manifest: Manifest;
  text?: string;
  /** onEdit reports every edit: the text, the parsed value (when it parses) and the parse error. */
  onEdit: (e: { text: string; value?: unknown; error?: string }) => void;
  labelId: string;
  describedBy?: string;
  invalid?: boolean;
}

/**
 * YamlEditor edits the pod as YAML. It re-renders the manifest when it changes from outside (the form),
 * and keeps the person's own formatting while they type.
 */
export default function YamlEditor({ manifest, text: initialText, onEdit, labelId, describedBy, invalid }: YamlEditorProps) {
  const [text, setText] = useState(() => initialText ?? toYaml(manifest));
  const shown = useRef<unknown>(manifest);
  const gutter = useRef<HTMLDivElement>(null);

  const lastProp = useRef(manifest);

  useEffect(() => {
    // A change made elsewhere (the form): show it, unless it is what the text already says.
    if (manifest === lastProp.current) return;
    lastProp.current = manifest;
    if (!deepEqual(manifest, shown.current)) {
      shown.current = manifest;
      setText(toYaml(manifest));
    }
  }, [manifest]);

  const change = (next: string) => {
    setText(next);
    const r = parseYaml(next);
    if (r.error === undefined) shown.current = r.value;
    onEdit({ text: next, ...r });
  };
  const onScroll = (e: UIEvent<HTMLTextAreaElement>) => { if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop; };
  const lines = text.split('\n').length;

  return (
    <div className="yaml-editor">
      <div className="yaml-gutter" ref={gutter} aria-hidden="true">
        {Array.from({ length: lines }, (_, i) => <div key={i}>{i + 1}</div>)}
      </div>
      <textarea
        value={text} onChange={(e) => change(e.target.value)} onScroll={onScroll}
        aria-labelledby={labelId} aria-describedby={describedBy} aria-invalid={invalid || undefined}
        spellCheck={false} autoCapitalize="off" autoComplete="off" autoCorrect="off" wrap="off" rows={Math.max(18, Math.min(lines + 2, 40))}
      />
    </div>
  );
}
