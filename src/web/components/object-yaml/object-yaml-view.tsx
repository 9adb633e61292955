import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState } from 'react';
import type { KubeObject } from '../../../shared/api/meta';
import { errorMessage, isApiError } from '../../lib/api-client';
import { parseYaml } from '../../lib/yaml-text';
import { Spinner } from '../ui/spinner';
import { ErrorState, LoadingState } from '../ui/states';
import { CodeEditor, type CodeEditorHandle } from './code-editor';
import { DiffView } from './diff-view';
import { editableView, identityIssues, lineDiff, serverIssues, withLines, yamlText, type FieldIssue } from './yaml-model';
import type { LoadedObject, YamlSource } from './yaml-source';
import '../../styles/workloads.css';
import '../../styles/object-yaml.css';

/** ObjectYamlViewProps: where the object comes from, how to name it ("pod web"), and whether the person may change it. */
export interface ObjectYamlViewProps { source: YamlSource; what: string; canEdit: boolean }

/** Editing is an edit in progress: the object it started from (its resourceVersion is the save's precondition) and the text. */
interface Editing { base: LoadedObject; baseText: string; text: string }

/** Check is the state of the server dry run of the current text. */
type Check =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'passed'; text: string }
  | { state: 'failed'; issues: FieldIssue[] };

/** Conflict is a save refused with 409: someone else changed the object after it was loaded. */
interface Conflict { theirs?: LoadedObject; loading?: boolean; error?: unknown }

const textOf = (o: LoadedObject, managedFields = false) => yamlText(editableView(o.object, { managedFields }), o.note);

/**
 * ObjectYamlView shows one object as YAML and, for people who may change it, edits it the way
 * `kubectl edit` does but with the steps a console owes them: the changed lines before saving, a
 * server dry run whose refusals name the field (and mark its line), then the save. The save carries
 * the resourceVersion that was loaded; if someone else changed the object meanwhile the server answers
 * 409 and nothing is overwritten — the person may see their change or reload.
 */
export default function ObjectYamlView({ source, what, canEdit }: ObjectYamlViewProps) {
  const id = useId();
  const queryClient = useQueryClient();
  const editor = useRef<CodeEditorHandle>(null);
  // The loaded object stays as loaded while the view is open (a refetch must not move the base of an
  // edit); it is dropped from the cache as soon as the view closes.
  const query = useQuery({ queryKey: source.queryKey, queryFn: ({ signal }) => source.load(signal), staleTime: Infinity, gcTime: 0, refetchOnWindowFocus: false });
  const [showManaged, setShowManaged] = useState(false);
  const [editing, setEditing] = useState<Editing>();
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<Conflict>();
  const [notice, setNotice] = useState<string>();

  const parsed = useMemo(() => (editing ? parseYaml(editing.text) : undefined), [editing]);
  const localIssues = useMemo((): FieldIssue[] => {
    if (!editing || !parsed) return [];
    if (parsed.error !== undefined) return [{ field: '', message: parsed.error, line: parsed.line }];
    const edited = parsed.value as KubeObject;
    const issues = identityIssues(editing.base.object, edited);
    if (issues.length === 0 && source.check) issues.push(...source.check(editing.base.object, edited));
    return withLines(issues, editing.text);
  }, [editing, parsed, source]);
  const diff = useMemo(() => (editing ? lineDiff(editing.baseText, editing.text) : []), [editing]);
  // A syntax error shows as it is typed; otherwise the last refusal stays in view while it is fixed.
  const unreadable = parsed?.error !== undefined;
  const shownIssues = unreadable ? localIssues : check.state === 'failed' ? check.issues : [];
  const problems = useMemo(() => shownIssues.filter((i) => i.line !== undefined).map((i) => ({ line: i.line!, message: `${i.field ? `${i.field}: ` : ''}${i.message}` })), [shownIssues]);

  if (query.isPending) return <LoadingState label={`Loading the YAML of ${what}…`} />;
  if (query.isError) {
    return <ErrorState title={`The YAML of ${what} could not be loaded`} titles={{ 403: `You may not read ${what}`, 404: `${what} no longer exists` }} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const loaded = query.data;
  const changed = !!editing && editing.text !== editing.baseText;
  const passed = check.state === 'passed' && check.text === editing?.text;

  const start = () => {
    const baseText = textOf(loaded);
    setShowManaged(false);
    setNotice(undefined);
    setCheck({ state: 'idle' });
    setConflict(undefined);
    setEditing({ base: loaded, baseText, text: baseText });
  };
  const stop = () => { setEditing(undefined); setCheck({ state: 'idle' }); setConflict(undefined); };

  /** write runs a dry run or the save of the current text; a 409 becomes the conflict panel, a refusal the problem list. */
  const write = async (dryRun: boolean) => {
    if (!editing) return;
    if (localIssues.length > 0) { setCheck({ state: 'failed', issues: localIssues }); return; }
    const text = editing.text;
    const edited = parsed!.value as KubeObject;
    if (dryRun) setCheck({ state: 'running' }); else setSaving(true);
    try {
      await source.save(editing.base.object, edited, dryRun);
      if (dryRun) { setCheck({ state: 'passed', text }); return; }
      stop();
      setNotice(`Saved ${what}.`);
      // Everything shown elsewhere about the object (details, lists) is read again, and this view too.
      await queryClient.invalidateQueries();
    } catch (err) {
      if (isApiError(err, 409)) { setCheck({ state: 'idle' }); setConflict({}); } else setCheck({ state: 'failed', issues: serverIssues(err, text) });
    } finally {
      setSaving(false);
    }
  };

  const showTheirs = async () => {
    setConflict({ loading: true });
    try { setConflict({ theirs: await source.load() }); } catch (error) { setConflict({ error }); }
  };
  const reload = async () => {
    stop();
    await query.refetch();
    setNotice(`Reloaded ${what}: you see the latest version.`);
  };

  const problemsId = `${id}-problems`;
  return (
    <div className="object-yaml">
      <div className="toolbar object-yaml-toolbar">
        {!editing ? (
          <div className="toolbar-actions">
            {canEdit && <button type="button" className="button button-primary" onClick={start}>Edit YAML</button>}
            <button type="button" className="button" onClick={() => void reload()} disabled={query.isFetching}>{query.isFetching && <Spinner />}Reload</button>
            <label className="checkbox"><input type="checkbox" checked={showManaged} onChange={(e) => setShowManaged(e.target.checked)} /> Show managed fields</label>
          </div>
        ) : (
          <div className="toolbar-actions">
            <button type="button" className="button" onClick={() => void write(true)} disabled={!changed || check.state === 'running' || saving}>
              {check.state === 'running' && <Spinner />}Review and dry run
            </button>
            <button type="button" className="button button-primary" onClick={() => void write(false)} disabled={!passed || saving} aria-describedby={`${id}-save-hint`}>
              {saving && <Spinner />}Save
            </button>
            <button type="button" className="button" onClick={stop} disabled={saving}>Cancel</button>
            <span id={`${id}-save-hint`} className="muted">
              {!changed ? 'Change the YAML, then review it.' : passed ? 'The server accepts this change (dry run). Save to apply it.' : 'Save is available after a dry run of the current text passes.'}
            </span>
          </div>
        )}
      </div>
      <p role="status" className="object-yaml-status">
        {check.state === 'running' ? 'Running a server dry run…' : saving ? `Saving ${what}…` : notice ?? ''}
      </p>
      {!canEdit && <p className="muted">You may read {what} but not change it.</p>}

      {conflict && editing && (
        <section className="notice notice-warn object-yaml-conflict" role="alert" aria-labelledby={`${id}-conflict`}>
          <h2 id={`${id}-conflict`} className="panel-title">Someone else changed {what}</h2>
          <p>It changed on the server after you loaded it (you loaded version {editing.base.object.metadata.resourceVersion}). Nothing was saved: your edits are still here.</p>
          <div className="toolbar-actions">
            <button type="button" className="button" onClick={() => void showTheirs()} disabled={conflict.loading}>{conflict.loading && <Spinner />}Show their change</button>
            <button type="button" className="button button-danger-outline" onClick={() => void reload()}>Reload (lose my edits)</button>
          </div>
          {conflict.error !== undefined && <p>{errorMessage(conflict.error)}</p>}
        </section>
      )}
      {conflict?.theirs && editing && (
        <div className="object-yaml-diffs">
          <DiffView title="What they changed" legend={`version ${editing.base.object.metadata.resourceVersion} you loaded → their version ${conflict.theirs.object.metadata.resourceVersion}`} rows={lineDiff(editing.baseText, textOf(conflict.theirs))} />
          <DiffView title="Their version compared with your edits" legend="− theirs, + yours" rows={lineDiff(textOf(conflict.theirs), editing.text)} />
        </div>
      )}

      {shownIssues.length > 0 && (
        <section className="notice notice-bad" aria-labelledby={`${id}-problems-title`}>
          <h2 id={`${id}-problems-title`} className="panel-title">{unreadable ? 'The YAML cannot be read' : 'The change was refused'}</h2>
          <div role="alert">
          <ul id={problemsId} className="object-yaml-problems">
            {shownIssues.map((i, n) => (
              <li key={n}>
                {i.field && <code>{i.field}</code>}{i.field && ': '}{i.message}
                {i.line !== undefined && <> <button type="button" className="object-yaml-goto" onClick={() => editor.current?.focusLine(i.line!)}>Go to line {i.line}</button></>}
              </li>
            ))}
          </ul>
          </div>
        </section>
      )}

      <CodeEditor
        handle={editor}
        value={editing ? editing.text : textOf(loaded, showManaged)}
        onChange={(text) => setEditing((e) => (e ? { ...e, text } : e))}
        readOnly={!editing}
        label={`YAML of ${what}`}
        describedBy={shownIssues.length > 0 ? problemsId : undefined}
        problems={problems}
      />

      {editing && <DiffView title="Your changes" legend={`− as loaded (version ${editing.base.object.metadata.resourceVersion}), + your edits`} rows={diff} />}
    </div>
  );
}
