import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, foldGutter, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorSelection, EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';

// A CodeMirror 6 editor for YAML: line numbers, folding, undo, syntax colours from the console's own
// palette (AA contrast in light and dark), and field problems marked on their lines. Tab is left to
// move focus (WCAG 2.1.2: no keyboard trap); indentation follows Enter. Read-only text stays focusable
// (aria-readonly), so it can be read and copied with the keyboard. Loaded only with the YAML view.

/** LineProblem marks one line of the text (1-based) with a message. */
export interface LineProblem { line: number; message: string }

/** CodeEditorHandle lets the view move the caret to a line (from a problem's "go to line"). */
export interface CodeEditorHandle { focusLine: (line: number) => void }

/** CodeEditorProps: the text, whether it may change, and the accessible name and description of the text box. */
export interface CodeEditorProps {
  value: string;
  onChange?: (text: string) => void;
  readOnly: boolean;
  label: string;
  describedBy?: string;
  problems?: LineProblem[];
  handle?: Ref<CodeEditorHandle>;
}

const highlight = HighlightStyle.define([
  { tag: [t.definition(t.propertyName), t.propertyName], color: 'var(--code-key)' },
  { tag: [t.string, t.special(t.string), t.content], color: 'var(--code-value)' },
  { tag: [t.lineComment, t.comment], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [t.meta, t.keyword, t.labelName, t.typeName], color: 'var(--code-meta)' },
  { tag: [t.separator, t.punctuation, t.squareBracket, t.brace], color: 'var(--muted)' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--control-border)', borderRadius: '6px', fontSize: '0.85rem', maxHeight: '38rem' },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5', overflow: 'auto' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--surface-2) 60%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--border)', color: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--done-bg)' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy var(--danger)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
});

function contentAttributes(p: Pick<CodeEditorProps, 'label' | 'describedBy' | 'readOnly' | 'problems'>) {
  return EditorView.contentAttributes.of({
    'aria-label': p.label,
    // axe (and some browsers) do not count a contenteditable as focusable; the explicit tab stop keeps
    // the scrolling text reachable by keyboard (scrollable-region-focusable).
    tabindex: '0',
    ...(p.describedBy ? { 'aria-describedby': p.describedBy } : {}),
    ...(p.readOnly ? { 'aria-readonly': 'true' } : {}),
    ...(p.problems?.length ? { 'aria-invalid': 'true' } : {}),
  });
}

function diagnostics(state: EditorState, problems: LineProblem[]): Diagnostic[] {
  return problems.filter((p) => p.line >= 1 && p.line <= state.doc.lines).map((p) => {
    const line = state.doc.line(p.line);
    return { from: line.from, to: line.to, severity: 'error', message: p.message };
  });
}

/** CodeEditor is one CodeMirror view; `value` replaces the text when it changes from outside. */
export function CodeEditor({ value, onChange, readOnly, label, describedBy, problems, handle }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(undefined);
  const onChangeRef = useRef(onChange);
  const editable = useRef(new Compartment());
  const attrs = useRef(new Compartment());
  useEffect(() => { onChangeRef.current = onChange; }, [onChange]);

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(), highlightActiveLineGutter(), foldGutter(), lintGutter(), history(), drawSelection(), indentOnInput(), bracketMatching(),
          highlightActiveLine(), yaml(), syntaxHighlighting(highlight), theme, EditorState.tabSize.of(2),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          editable.current.of(EditorState.readOnly.of(readOnly)),
          attrs.current.of(contentAttributes({ label, describedBy, readOnly, problems })),
          EditorView.updateListener.of((u) => { if (u.docChanged) onChangeRef.current?.(u.state.doc.toString()); }),
        ],
      }),
    });
    view.current = v;
    return () => { v.destroy(); view.current = undefined; };
    // The view is made once; the effects below follow prop changes.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({
      effects: [
        editable.current.reconfigure(EditorState.readOnly.of(readOnly)),
        attrs.current.reconfigure(contentAttributes({ label, describedBy, readOnly, problems })),
      ],
    });
  }, [readOnly, label, describedBy, problems]);

  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, diagnostics(v.state, problems ?? [])));
  }, [problems, value]);

  useImperativeHandle(handle, () => ({
    focusLine: (line: number) => {
      const v = view.current;
      if (!v || line < 1 || line > v.state.doc.lines) return;
      const at = v.state.doc.line(line);
      v.dispatch({ selection: EditorSelection.cursor(at.from), effects: EditorView.scrollIntoView(at.from, { y: 'center' }) });
      v.focus();
    },
  }), []);

  return <div className="code-editor" ref={host} />;
}
