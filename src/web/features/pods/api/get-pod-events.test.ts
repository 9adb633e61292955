import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventsOfPod, type PodEvent } from './get-pod-events';

const ev = (name: string, rv: string, at: string, o: { kind?: string; uid?: string } = {}): PodEvent => ({
  metadata: { name, resourceVersion: rv }, involvedObject: { kind: o.kind ?? 'Pod', name: 'web', uid: o.uid ?? 'u1' }, lastTimestamp: at,
});

test('eventsOfPod keeps this pod\'s events, newest first, write order breaking ties', () => {
  const list = [
    ev('scheduled', '10', '2025-01-01T00:00:00Z'), ev('pulled', '11', '2025-01-01T00:00:00Z'), ev('started', '12', '2025-01-01T00:00:01Z'),
    ev('old-pod', '5', '2024-12-31T00:00:00Z', { uid: 'u0' }), ev('a-service', '13', '2025-01-01T00:00:02Z', { kind: 'Service' }),
  ];
  assert.deepEqual(eventsOfPod(list, 'u1').map((e) => e.metadata.name), ['started', 'pulled', 'scheduled']);
  assert.deepEqual(eventsOfPod(list, undefined).map((e) => e.metadata.name), ['started', 'pulled', 'scheduled', 'old-pod']);
});
