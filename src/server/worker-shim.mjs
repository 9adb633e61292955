// Worker entry: registers tsx's loader in this worker thread (workers do not inherit it), then runs
// the TypeScript worker named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
