import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoff } from './use-list-watch';

const cases: [number, number, number][] = [
  [1, 0.5, 1000], [2, 0.5, 2000], [3, 0.5, 4000], [6, 0.5, 30_000], [50, 0.5, 30_000], [0, 0.5, 1000], [1, 0, 750], [1, 1, 1250],
];
for (const [failures, random, expect] of cases) test(`backoff(${failures}, ${random})`, () => assert.equal(backoff(failures, random), expect));
