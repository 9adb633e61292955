import { lazy, Suspense, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { podSpecSchema } from '../../../../shared/api/core';
import type { SecretSummary } from '../../../../shared/api/security';
import { Spinner } from '../../../components/ui/spinner';
import { LoadingState } from '../../../components/ui/states';
import { useDebouncedValue } from '../../../hooks/use-debounced-value';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { useCreatePod } from '../api/create-pod';
import { useServiceAccountNames } from '../api/get-service-account-names';
import { useProfileReview } from '../api/review-profiles';
import { formFieldOf, groupByField, type FieldId } from '../utils/form-fields';
import { containerCount, emptyManifest, podDraftOf, updateDraft, type Manifest, type PodDraft } from '../utils/pod-draft';
import { validatePod, type Issue, type SecretKeys } from '../utils/validate-pod';
import { fieldLabel, PodFormFields, type FieldMessage } from './pod-form-fields';
import { ProfilePicker } from './profile-picker';
import '../../../styles/workloads.css';

// The YAML view and the `yaml` library load only when someone opens it.
const YamlEditor = lazy(() => import('./yaml-editor'));

/** REVIEW_DEBOUNCE_MS is how long typing must pause before the profiles are asked again. */
export const REVIEW_DEBOUNCE_MS = 400;

/** PodFormProps: where the pod goes, what the namespace offers, and where to start from. */
export interface PodFormProps {
  namespace: string;
  /** secrets are the namespace's secret summaries (undefined while loading or when they cannot be read). */
  secrets: readonly SecretSummary[] | undefined;
  /** initial is a manifest to start from (a copy of another pod); default: an empty pod. */
  initial?: Manifest;
  /** onCreated runs after the server stored the pod (or the target's object). */
  onCreated: (name: string) => void;
  /** target makes the form create something that holds this pod as its template (default: the pod itself). */
  target?: PodFormTarget;
}

/**
 * PodFormTarget is what a pod-template form creates instead of a bare pod: a Deployment, a Job. The
 * app's routes compose it (features do not import each other), so the workload feature owns the
 * wrapping and the request while this form keeps the fields, validation and the profile picker.
 */
export interface PodFormTarget {
  /** noun names the object in labels and messages (`deployment`). */
  noun: string;
  /** create stores (or with `dryRun` only checks) the object made from the pod manifest; a refusal is an ApiError. */
  create: (pod: Manifest, dryRun: boolean) => Promise<{ name: string; warnings: string[] }>;
  /** podField maps a server cause's field (`spec.template.spec.containers[0].image`) to the pod's, or undefined. */
  podField: (field: string) => string | undefined;
  /** fields are the target's own controls (replicas, completions), shown before the pod's. */
  fields?: ReactNode;
  /** problem is what is wrong with the target's own fields; it blocks creating. */
  problem?: string;
}

type View = 'form' | 'yaml';

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
type Phase = 'idle' | 'dry-run' | 'creating';

/** YamlState is the person's own YAML text for the manifest it produced (kept across view switches). */
interface YamlState { text: string; error?: string; forManifest: unknown }

function causes(err: unknown, podField: (field: string) => string | undefined = (f) => f): Issue[] {
  if (!isApiError(err)) return [];
  return (err.details?.causes ?? []).flatMap((c) => {
    const path = c.field ? podField(c.field) : undefined;
    return path ? [{ path, message: c.message }] : [];
  });
}

/**
 * PodForm creates a pod from a form or YAML, kept in sync both ways (one manifest underneath) and
 * validated as you type with the shared pod schema. Beside it, the profile picker shows for each
 * usable profile whether the spec passes (a debounced SecurityProfileReview), and form fields a
 * profile forbids say why. "Create pod" first asks the server for a dry run and shows its errors and
 * warnings; only then is the pod created.
 */
export function PodForm({ namespace, secrets, initial, onCreated, target }: PodFormProps) {
  const noun = target?.noun ?? 'pod';
  const id = useId();
  const [manifest, setManifest] = useState<Manifest>(() => initial ?? emptyManifest());
  const [view, setView] = useState<View>('form');
  const [yaml, setYaml] = useState<YamlState>();
  const [phase, setPhase] = useState<Phase>('idle');
  const [showErrors, setShowErrors] = useState(false);
  const [submitError, setSubmitError] = useState<{ message: string; causes: Issue[]; forManifest: Manifest }>();
  const [warnings, setWarnings] = useState<{ list: string[]; forManifest: Manifest }>();
  const summaryRef = useRef<HTMLDivElement>(null);
  const create = useCreatePod(namespace);
  const serviceAccounts = useServiceAccountNames(namespace);

  const draft = podDraftOf(manifest);
  const secretKeys: SecretKeys | undefined = useMemo(() => (secrets ? new Map(secrets.map((s) => [s.metadata.name ?? '', s.keys])) : undefined), [secrets]);
  const issues = useMemo(() => validatePod(manifest, { namespace, secrets: secretKeys }), [manifest, namespace, secretKeys]);

  // The review needs a spec the server will accept; while the schema rejects it, the picker waits.
  const specOk = podSpecSchema.safeParse(manifest.spec).success;
  const reviewInput = useDebouncedValue(specOk ? { spec: manifest.spec, sa: draft.serviceAccountName } : undefined, REVIEW_DEBOUNCE_MS);
  const review = useProfileReview(namespace, reviewInput?.spec, reviewInput?.sa ?? '');
  const current = !!reviewInput && JSON.stringify(reviewInput.spec) === JSON.stringify(manifest.spec) && reviewInput.sa === draft.serviceAccountName;
  const verdicts = review.data?.profiles ?? [];
  const chosen = draft.profile ? verdicts.find((p) => p.name === draft.profile) : undefined;
  const passing = verdicts.filter((p) => p.allowed);
  // Profile objections shown on the fields: the chosen profile's; with "automatic", every profile's when none admits the pod.
  const objections: Issue[] = !review.data
    ? []
    : draft.profile
      ? (chosen?.reasons ?? []).map((r) => ({ path: r.field, message: `${draft.profile}: ${r.message}` }))
      : passing.length === 0 ? verdicts.flatMap((p) => p.reasons.map((r) => ({ path: r.field, message: `${p.name}: ${r.message}` }))) : [];

  const serverIssues = submitError && submitError.forManifest === manifest ? submitError.causes : [];
  const errors = [...issues, ...serverIssues];
  const grouped = groupByField(errors, manifest);
  const groupedObjections = groupByField(objections, manifest);
  const messages = new Map<FieldId, FieldMessage[]>();
  const add = (f: FieldId, m: FieldMessage) => { if (!messages.has(f)) messages.set(f, []); messages.get(f)!.push(m); };
  // Field errors show once the person has tried to create, or touched the field (it is no longer empty).
  for (const [f, list] of grouped.byField) for (const i of list) if (showErrors || i.message !== 'Required') add(f, { kind: 'error', text: i.message });
  for (const [f, list] of groupedObjections.byField) for (const i of list) add(f, { kind: 'profile', text: i.message });
  const controlId = (f: FieldId) => `${id}-f-${f.replace(/[^a-zA-Z0-9]+/g, '-')}`;

  const edit = (d: PodDraft) => {
    setManifest((m) => updateDraft(m, () => d));
    setYaml(undefined);
    setWarnings(undefined);
  };
  const onYaml = (e: { text: string; value?: unknown; error?: string }) => {
    setWarnings(undefined);
    if (e.error !== undefined) { setYaml({ text: e.text, error: e.error, forManifest: manifest }); return; }
    if (typeof e.value !== 'object' || e.value === null || Array.isArray(e.value)) {
      setYaml({ text: e.text, error: 'The YAML must describe one Pod object (a mapping of fields).', forManifest: manifest });
      return;
    }
    setManifest(e.value as Manifest);
    setYaml({ text: e.text, forManifest: e.value });
  };
  const yamlError = yaml?.error;

  const focusSummary = () => requestAnimationFrame(() => summaryRef.current?.focus());
  const blockedByProfiles = (): string | undefined => {
    if (!review.data || !current) return undefined;
    if (draft.profile && !chosen) return `You may not use profile ${draft.profile} here. Choose another profile.`;
    if (chosen && !chosen.allowed) return `Profile ${chosen.name} does not admit this pod. Change the fields it objects to, or choose another profile.`;
    if (!draft.profile && passing.length === 0) return verdicts.length ? 'None of the profiles you may use admits this pod. Change the fields they object to.' : 'No security profile is usable here by you or this service account.';
    return undefined;
  };
  const profileBlock = blockedByProfiles();

  const submit = async () => {
    if (phase !== 'idle') return;
    setShowErrors(true);
    setSubmitError(undefined);
    if (yamlError || issues.length > 0 || profileBlock || target?.problem) { focusSummary(); return; }
    const sent = manifest;
    const confirmed = warnings && warnings.forManifest === sent;
    try {
      if (!confirmed) {
        setPhase('dry-run');
        const dry = target ? await target.create(sent, true) : await create.mutateAsync({ manifest: sent, dryRun: true });
        if (dry.warnings.length > 0) {
          setWarnings({ list: dry.warnings, forManifest: sent });
          setPhase('idle');
          focusSummary();
          return;
        }
      }
      setPhase('creating');
      if (target) {
        onCreated((await target.create(sent, false)).name);
      } else {
        const r = await create.mutateAsync({ manifest: sent });
        onCreated(r.pod?.metadata.name ?? String(sent.metadata?.name ?? ''));
      }
    } catch (err) {
      setSubmitError({ message: errorMessage(err), causes: causes(err, target?.podField), forManifest: sent });
      setPhase('idle');
      focusSummary();
    }
  };

  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const next: View = e.key === 'Home' ? 'form' : e.key === 'End' ? 'yaml' : view === 'form' ? 'yaml' : 'form';
    setView(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };

  const labelFor = (path: string) => {
    const f = formFieldOf(path, manifest);
    return f ? fieldLabel(f) : undefined;
  };
  const listed = [...(yamlError ? [{ path: '', message: `YAML: ${yamlError}` }] : []), ...(showErrors || view === 'yaml' ? errors : [])];
  const busy = phase !== 'idle';
  const hasWarnings = warnings && warnings.forManifest === manifest;

  return (
    <div className="pod-form">
      <div className="pod-form-main">
        <div role="tablist" aria-label="Edit the pod as" className="tabs">
          {(['form', 'yaml'] as const).map((v) => (
            <button
              key={v} type="button" role="tab" id={`${id}-tab-${v}`} aria-selected={view === v} aria-controls={`${id}-panel-${v}`}
              tabIndex={view === v ? 0 : -1} className="tab" onClick={() => setView(v)} onKeyDown={onTabKey}
            >
              {v === 'form' ? 'Form' : 'YAML'}
            </button>
          ))}
        </div>
        {containerCount(manifest) > 1 && view === 'form' && <p className="notice">This pod has {containerCount(manifest)} containers. The form edits the first one; edit the others in YAML.</p>}
        {yamlError && view === 'form' && <p className="notice notice-bad">The YAML has an error ({yamlError}). The form shows the last valid version; editing here replaces the YAML.</p>}
        <div role="tabpanel" id={`${id}-panel-form`} aria-labelledby={`${id}-tab-form`} hidden={view !== 'form'}>
          {view === 'form' && target?.fields}
          {view === 'form' && (
            <PodFormFields nameLabel={target ? `${capitalize(noun)} name` : undefined}
              draft={draft} onChange={edit} messages={messages} controlId={controlId}
              secrets={secrets} serviceAccounts={serviceAccounts.data}
            />
          )}
        </div>
        <div role="tabpanel" id={`${id}-panel-yaml`} aria-labelledby={`${id}-tab-yaml`} hidden={view !== 'yaml'}>
          {view === 'yaml' && (
            <Suspense fallback={<LoadingState label="Loading the YAML editor…" />}>
              <p id={`${id}-yaml-label`} className="field-label">{target ? 'Pod template YAML' : 'Pod YAML'}</p>
              <YamlEditor
                manifest={manifest} text={yaml && yaml.forManifest === manifest ? yaml.text : yaml?.error ? yaml.text : undefined}
                onEdit={onYaml} labelId={`${id}-yaml-label`} describedBy={`${id}-summary`} invalid={!!yamlError || errors.length > 0}
              />
            </Suspense>
          )}
        </div>

        <div id={`${id}-summary`} ref={summaryRef} tabIndex={-1} className="submit-summary" aria-live="polite">
          {listed.length > 0 && (
            <div className="problems" role="group" aria-label="Problems to fix">
              <p className="problems-title">{listed.length === 1 ? '1 problem to fix' : `${listed.length} problems to fix`}</p>
              <ul>
                {listed.map((i) => {
                  const f = i.path ? formFieldOf(i.path, manifest) : undefined;
                  return (
                    <li key={`${i.path}\n${i.message}`}>
                      {f && view === 'form'
                        ? <a href={`#${controlId(f)}`} onClick={(e) => { e.preventDefault(); document.getElementById(controlId(f))?.focus(); }}>{fieldLabel(f)}</a>
                        : i.path ? <code>{i.path}</code> : null}
                      {i.path || f ? ': ' : ''}{i.message}
                    </li>
                  );
                })}
              </ul>
            </div>
          )}
          {showErrors && profileBlock && !yamlError && issues.length === 0 && <p className="form-error" role="alert">{profileBlock}</p>}
          {showErrors && target?.problem && <p className="form-error" role="alert">{target.problem}</p>}
          {submitError && submitError.forManifest === manifest && (
            <div className="form-error" role="alert">
              <p>The server refused the {noun}: {submitError.message}</p>
            </div>
          )}
          {hasWarnings && (
            <div className="notice notice-warn" role="alert">
              <p>The server accepts this {noun}, with warnings:</p>
              <ul>{warnings.list.map((w) => <li key={w}>{w}</li>)}</ul>
            </div>
          )}
        </div>

        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={() => void submit()} disabled={busy} aria-describedby={`${id}-summary`}>
            {busy && <Spinner />}
            {hasWarnings ? `Create ${noun} anyway` : `Create ${noun}`}
          </button>
          <span role="status" className="form-progress">
            {phase === 'dry-run' ? 'Checking with the server (dry run)…' : phase === 'creating' ? `Creating the ${noun}…` : ''}
          </span>
        </div>
      </div>

      <aside className="pod-form-side" aria-label="Security profiles">
        <ProfilePicker
          review={review.data} stale={!current || review.isPlaceholderData || review.isFetching} pending={review.isPending && !!reviewInput}
          error={review.error} blocked={specOk ? undefined : 'Fix the problems in the pod to check it against the profiles.'}
          value={draft.profile} serviceAccountName={draft.serviceAccountName || 'default'}
          onChange={(p) => edit({ ...draft, profile: p })} labelFor={labelFor}
        />
      </aside>
    </div>
  );
}
