import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../../../shared/api/core';
import { podStatus } from './pod-status';

const pod = (status: Record<string, unknown> | undefined, meta: Record<string, unknown> = {}): Pod =>
  ({ metadata: { name: 'p', ...meta }, spec: { containers: [{ name: 'c' }] }, status } as Pod);

const cases: { name: string; input: Pod; expect: { label: string; tone: string } }[] = [
  { name: 'no status yet', input: pod(undefined), expect: { label: 'Pending', tone: 'pending' } },
  { name: 'running', input: pod({ phase: 'Running' }), expect: { label: 'Running', tone: 'ok' } },
  { name: 'succeeded', input: pod({ phase: 'Succeeded' }), expect: { label: 'Succeeded', tone: 'done' } },
  { name: 'failed', input: pod({ phase: 'Failed' }), expect: { label: 'Failed', tone: 'bad' } },
  { name: 'terminating wins', input: pod({ phase: 'Running' }, { deletionTimestamp: '2025-01-01T00:00:00Z' }), expect: { label: 'Terminating', tone: 'neutral' } },
  { name: 'pod reason', input: pod({ phase: 'Failed', reason: 'Evicted' }), expect: { label: 'Evicted', tone: 'bad' } },
  { name: 'waiting container', input: pod({ phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] }), expect: { label: 'CrashLoopBackOff', tone: 'bad' } },
  { name: 'creating', input: pod({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] }), expect: { label: 'ContainerCreating', tone: 'pending' } },
  { name: 'unknown', input: pod({ phase: 'Unknown' }), expect: { label: 'Unknown', tone: 'neutral' } },
];
for (const c of cases) test(`podStatus: ${c.name}`, () => assert.deepEqual(podStatus(c.input), c.expect));
