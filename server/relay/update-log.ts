/**
 * Group commit for the update log: every accepted update waits here until it is durable. Appends that arrive
 * while writes are in flight are gathered and written together in the next transaction, so throughput grows
 * with load instead of paying one commit per update. Normally one write is in flight, so batches grow by themselves
 * while it is out (fewer, larger commits: less CPU per update). When the newest write has been out for
 * `overlapAfterMs` (a long fsync, a starved backend, a retry), another may start, up to `maxInFlight`, on another pool
 * connection: one room's slow commit then does not hold back the updates of other rooms (head-of-line blocking).
 * With a commit window (`minIntervalMs`), a write starts at most that often unless `windowRows` updates wait, so that
 * a fast disk does not turn into many small commits (PostgreSQL's cost is mostly per commit; bench/README.md).
 * No document is ever in two writes at once, so each document's updates are written, and resolved, strictly in
 * arrival order. (That also keeps compaction's "rows up to id N" exact: a later write of the same document cannot
 * commit a higher id while an earlier one is still open.) A failed write (e.g. the database connection dropped) is
 * retried with backoff;
 * the documents in it wait, the others go on.
 */
import { pgErrorCode } from '../db/errors';
import type { Logger } from '../log';
import type { DocumentStore } from '../storage/documents';

interface Pending {
  documentId: string;
  update: Uint8Array;
  resolve: (id: number) => void;
  reject: (error: Error) => void;
}

export interface UpdateLogHooks {
  /** Seconds a batch took to become durable, and how many updates it held. */
  onBatch?(seconds: number, size: number): void;
  onRetry?(error: unknown, attempt: number): void;
}

export interface UpdateLogOptions {
  /** Most updates in one write (default 500). */
  maxBatch?: number;
  now?: () => Date;
  /** Writes in flight at most (default 4), and how long the newest must be out before another starts (default 15 ms). */
  maxInFlight?: number;
  overlapAfterMs?: number;
  /**
   * The commit window: a write starts at most this often (default 0: whenever none is in flight), unless
   * `windowRows` updates wait. Longer windows make fewer, larger commits (less CPU per update in PostgreSQL and in
   * Node) for up to that much more latency (bench/README.md).
   */
  minIntervalMs?: number;
  windowRows?: number;
}

export class UpdateLog {
  private queue: Pending[] = [];
  /** Documents with a write in flight: their later appends wait for the next write. */
  private readonly writingDocuments = new Set<string>();
  private writes = 0;
  /** When the newest write in flight started (performance.now()). */
  private newestStartedAt = -Infinity;
  private scheduled = false;
  private idle: Array<() => void> = [];
  private closed = false;

  private readonly maxBatch: number;
  private readonly now: () => Date;
  private readonly maxInFlight: number;
  private readonly overlapAfterMs: number;
  private readonly minIntervalMs: number;
  private readonly windowRows: number;
  /** Starts the next write once minIntervalMs has passed since the last one started. */
  private windowTimer: NodeJS.Timeout | undefined;
  /** flush() callers waiting: the commit window is skipped for them. */
  private flushing = 0;

  constructor(
    private readonly store: DocumentStore,
    private readonly logger: Logger,
    private readonly hooks: UpdateLogHooks = {},
    options: UpdateLogOptions = {}
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.now = options.now ?? (() => new Date());
    this.maxInFlight = options.maxInFlight ?? 4;
    this.overlapAfterMs = options.overlapAfterMs ?? 15;
    this.minIntervalMs = options.minIntervalMs ?? 0;
    this.windowRows = options.windowRows ?? 200;
  }

  /** Resolves with the row id once the update is durable. */
  append(documentId: string, update: Uint8Array): Promise<number> {
    if (this.closed) return Promise.reject(new Error('update log closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ documentId, update, resolve, reject });
      // Start in the event loop's check phase (setImmediate), not on a microtask: every message that arrived in
      // this poll phase is appended first and they share one write. On a microtask, each WebSocket message would
      // start its own one-row write: a store that answers without yielding to I/O then wrote one row
      // per update, fell behind at ~750 updates/s and queued for seconds (bench/README.md).
      if (!this.scheduled && this.mayStart()) {
        this.scheduled = true;
        setImmediate(this.pump);
      } else if (this.writes === 0) this.armWindow();
    });
  }

  get backlog(): number {
    return this.queue.length;
  }

  /** Waits until everything appended so far is durable (or failed for good). */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      if (this.writes === 0 && !this.scheduled) this.startWrite();
      while (this.writes > 0 || this.queue.length > 0 || this.scheduled) await new Promise<void>((resolve) => this.idle.push(resolve));
    } finally {
      this.flushing--;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  /** A write may start when none is in flight, or when the newest one has been out for overlapAfterMs. */
  private mayStart(): boolean {
    if (this.writes === 0) return this.windowOpen();
    // 1 ms of slack: a timer's clock (libuv's loop time, whole milliseconds) can run up to 1 ms behind performance.now(),
    // and the overlap timer below must find the write old enough when it fires.
    return this.writes < this.maxInFlight && performance.now() - this.newestStartedAt >= this.overlapAfterMs - 1;
  }

  /** With no write in flight: the commit window has passed, enough updates wait, or someone flushes. */
  private windowOpen(): boolean {
    if (this.minIntervalMs <= 0 || this.flushing > 0 || this.queue.length >= this.windowRows) return true;
    return performance.now() - this.newestStartedAt >= this.minIntervalMs;
  }

  /** Starts a write when the commit window ends. */
  private armWindow(): void {
    if (this.windowTimer || this.queue.length === 0) return;
    const left = Math.max(0, this.minIntervalMs - (performance.now() - this.newestStartedAt));
    this.windowTimer = setTimeout(() => {
      this.windowTimer = undefined;
      // A timer's clock is the loop's, cached: on a busy loop it fires early by real time. Then wait for the rest.
      if (performance.now() - this.newestStartedAt < this.minIntervalMs - 1) this.armWindow();
      else if (this.writes === 0) this.startWrite(true);
    }, left);
  }

  private pump = (): void => {
    this.scheduled = false;
    this.startWrite();
  };

  /** Starts one write, if allowed, of the waiting appends of documents not being written already. */
  private startWrite(windowEnded = false): void {
    if (this.queue.length > 0 && ((windowEnded && this.writes === 0) || this.mayStart())) {
      clearTimeout(this.windowTimer);
      this.windowTimer = undefined;
      const batch = this.takeBatch();
      if (batch.length > 0) {
        this.writes++;
        this.newestStartedAt = performance.now();
        void this.write(batch);
      }
    } else if (this.queue.length > 0 && this.writes === 0) this.armWindow();
    if (this.writes === 0 && this.queue.length === 0) for (const wake of this.idle.splice(0)) wake();
  }

  /** Up to maxBatch waiting appends, in order, skipping (and keeping, in order) those of documents in flight. */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const pending of this.queue) {
      if (batch.length < this.maxBatch && !this.writingDocuments.has(pending.documentId)) batch.push(pending);
      else rest.push(pending);
    }
    if (batch.length === 0) return batch;
    this.queue = rest;
    for (const pending of batch) this.writingDocuments.add(pending.documentId);
    return batch;
  }

  private async write(batch: Pending[]): Promise<void> {
    // Still out after overlapAfterMs: let the next write start beside it. (A timer can fire early by the age of the
    // loop's cached clock: then it waits for the rest.)
    const startedAt = this.newestStartedAt;
    let overlap: NodeJS.Timeout;
    const whenOld = () => {
      const left = this.overlapAfterMs - (performance.now() - startedAt);
      if (left > 1) overlap = setTimeout(whenOld, left);
      else this.startWrite();
      overlap?.unref?.();
    };
    overlap = setTimeout(whenOld, this.overlapAfterMs);
    overlap.unref?.();
    try {
      const started = performance.now();
      const ids = await this.writeWithRetry(batch);
      this.hooks.onBatch?.((performance.now() - started) / 1000, batch.length);
      batch.forEach((pending, index) => pending.resolve(ids[index]));
    } finally {
      clearTimeout(overlap);
      for (const pending of batch) this.writingDocuments.delete(pending.documentId);
      this.writes--;
      this.startWrite();
    }
  }

  private async writeWithRetry(batch: Pending[]): Promise<number[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.appendUpdates(
          batch.map(({ documentId, update }) => ({ documentId, update })),
          this.now()
        );
      } catch (error) {
        if (isPermanent(error) && batch.length > 1) {
          // One bad entry (e.g. its document was deleted) must not sink the others: write them one by one.
          const ids: number[] = [];
          for (const pending of batch) ids.push(...(await this.writeWithRetry([pending])));
          return ids;
        }
        if (isPermanent(error) || attempt >= 50) {
          this.logger.error('update log write failed for good', { error, attempt, size: batch.length });
          for (const pending of batch) pending.reject(error as Error);
          return batch.map(() => -1);
        }
        this.hooks.onRetry?.(error, attempt);
        this.logger.warn('update log write failed, retrying', { error, attempt, size: batch.length });
        await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 2_000)));
      }
    }
  }
}

/** Errors that retrying cannot fix: the document row is gone (foreign key) or the data is invalid. */
function isPermanent(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === '23503' || code === '22P02' || code === '23502';
}
