// The work queue of the workload controllers (client-go's workqueue, in small): a key is queued once
// however often it is added, is never processed by two workers at once (a key added while it is being
// processed runs again afterwards), and can be re-added after a delay (retries with backoff, timers).

/** WorkQueue runs `process` for queued keys with at most `concurrency` at a time. */
export class WorkQueue {
  private queue: string[] = [];
  private queued = new Set<string>();
  private active = new Set<string>();
  private dirty = new Set<string>();
  private timers = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  private failures = new Map<string, number>();
  private stopped = false;

  constructor(private process: (key: string) => Promise<void>, private onError: (key: string, err: unknown) => void, private concurrency = 4) {}

  /** busy is true while keys are queued or being processed (delayed adds not counted). */
  get busy(): boolean {
    return this.queue.length > 0 || this.active.size > 0;
  }

  /** add queues a key now (cancelling a delayed add of it). */
  add(key: string): void {
    if (this.stopped) return;
    this.cancelTimer(key);
    if (this.active.has(key)) { this.dirty.add(key); return; }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.pump();
  }

  /**
   * addAfter queues a key after `ms` unless it is queued sooner: of two pending delays the earlier
   * deadline wins (a 250 ms retry is not held back by a 60 s timer armed before it).
   */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    const at = Date.now() + ms;
    const pending = this.timers.get(key);
    if (pending && pending.at <= at) return;
    this.cancelTimer(key);
    const timer = setTimeout(() => { this.timers.delete(key); this.add(key); }, ms);
    timer.unref();
    this.timers.set(key, { timer, at });
  }

  /** retry re-adds a key with exponential backoff (250 ms doubling to `maxMs`) and returns the delay. */
  retry(key: string, maxMs = 30_000): number {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    const ms = Math.min(250 * 2 ** (n - 1), maxMs);
    this.addAfter(key, ms);
    return ms;
  }

  /** forget resets a key's backoff after it succeeded. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
  }

  private cancelTimer(key: string): void {
    const t = this.timers.get(key);
    if (t) { clearTimeout(t.timer); this.timers.delete(key); }
  }

  private pump(): void {
    while (!this.stopped && this.active.size < this.concurrency && this.queue.length > 0) {
      const key = this.queue.shift()!;
      this.queued.delete(key);
      this.active.add(key);
      void this.process(key).catch((e: unknown) => this.onError(key, e)).finally(() => {
        this.active.delete(key);
        if (this.dirty.delete(key)) this.add(key);
        this.pump();
      });
    }
  }
}
