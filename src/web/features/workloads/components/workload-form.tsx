import { useId, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { workloadKeys } from '../api/keys';
import { createWorkload } from '../api/mutations';
import { countProblem, deploymentFromPod, jobFromPod, templatePodField } from '../utils/workload-rows';

/**
 * WorkloadTarget is what the pod form needs to create a Deployment or Job from its pod (the shape of
 * the pods feature's PodFormTarget; the app's route hands one to the other).
 */
export interface WorkloadTarget {
  noun: string;
  create: (pod: Record<string, any>, dryRun: boolean) => Promise<{ name: string; warnings: string[] }>;
  podField: (field: string) => string | undefined;
  fields: ReactNode;
  problem?: string;
}

function CountField({ id, label, hint, value, onChange, problem }: { id: string; label: string; hint: string; value: string; onChange: (v: string) => void; problem?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p className="field-hint" id={`${id}-hint`}>{hint}</p>
      <input
        id={id} type="number" min={0} inputMode="numeric" value={value} onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!problem} aria-describedby={`${id}-hint ${id}-msg`}
      />
      <p id={`${id}-msg`} className="field-error">{problem ?? ''}</p>
    </div>
  );
}

/**
 * useWorkloadTarget makes the pod form create a Deployment (`replicas` copies of the pod) or a Job
 * (`completions`, `parallelism`, `backoffLimit`), with the target's own fields shown above the pod's.
 * A dry run goes first, so the delegation check (the template against the person's own grants) is
 * answered before anything is stored.
 */
export function useWorkloadTarget(kind: 'deployments' | 'jobs', namespace: string): WorkloadTarget {
  const id = useId();
  const queryClient = useQueryClient();
  const [counts, setCounts] = useState({ replicas: '1', completions: '1', parallelism: '1', backoffLimit: '6' });
  const set = (k: keyof typeof counts) => (v: string) => setCounts((c) => ({ ...c, [k]: v }));
  const problems = kind === 'deployments'
    ? { replicas: countProblem('Replicas', counts.replicas, 0, 1000) }
    : { completions: countProblem('Completions', counts.completions, 1), parallelism: countProblem('Parallelism', counts.parallelism, 1), backoffLimit: countProblem('Backoff limit', counts.backoffLimit, 0) };
  const problem = Object.values(problems).find(Boolean);
  const build = (pod: Record<string, any>) => (kind === 'deployments'
    ? deploymentFromPod(pod, Number(counts.replicas))
    : jobFromPod(pod, { completions: Number(counts.completions), parallelism: Number(counts.parallelism), backoffLimit: Number(counts.backoffLimit) }));
  const field = (k: keyof typeof counts, label: string, hint: string) => (
    <CountField id={`${id}-${k}`} label={label} hint={hint} value={counts[k]} onChange={set(k)} problem={(problems as Record<string, string | undefined>)[k]} />
  );
  return {
    noun: kind === 'deployments' ? 'deployment' : 'job',
    podField: templatePodField,
    problem,
    create: async (pod, dryRun) => {
      const r = await createWorkload(kind, namespace, build(pod), dryRun);
      if (!dryRun) await queryClient.invalidateQueries({ queryKey: workloadKeys.resource(kind) });
      return r;
    },
    fields: (
      <fieldset className="form-section">
        <legend>{kind === 'deployments' ? 'Deployment' : 'Job'}</legend>
        {kind === 'deployments'
          ? field('replicas', 'Replicas', 'How many copies of the pod run; the deployment controller keeps that many.')
          : (
            <div className="field-row">
              {field('completions', 'Completions', 'How many pods must succeed.')}
              {field('parallelism', 'Parallelism', 'How many pods run at once.')}
              {field('backoffLimit', 'Backoff limit', 'Failed pods allowed before the job fails.')}
            </div>
          )}
      </fieldset>
    ),
  };
}
