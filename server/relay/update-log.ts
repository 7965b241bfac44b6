/**
 * Group commit for the update log: every accepted update waits here until it is durable. Appends that arrive
 * while a write is in flight are gathered and written together in the next transaction, so throughput grows
 * with load instead of paying one commit per update. Writes are strictly in arrival order; a failed write
 * (e.g. the database connection dropped) is retried with backoff, keeping the backlog in order.
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

export class UpdateLog {
  private queue: Pending[] = [];
  private writing: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly store: DocumentStore,
    private readonly logger: Logger,
    private readonly hooks: UpdateLogHooks = {},
    private readonly maxBatch = 500,
    private readonly now: () => Date = () => new Date()
  ) {}

  /** Resolves with the row id once the update is durable. */
  append(documentId: string, update: Uint8Array): Promise<number> {
    if (this.closed) return Promise.reject(new Error('update log closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ documentId, update, resolve, reject });
      // Start in the event loop's check phase (setImmediate), not on a microtask: every message that arrived in
      // this poll phase is appended first and they share one write. On a microtask, each WebSocket message would
      // start its own one-row write: a store that answers without yielding to I/O then wrote one row
      // per update, fell behind at ~750 updates/s and queued for seconds (bench/README.md).
      if (!this.writing) this.writing = new Promise<void>((start) => setImmediate(start)).then(() => this.drain());
    });
  }

  get backlog(): number {
    return this.queue.length;
  }

  /** Waits until everything appended so far is durable (or failed for good). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        const started = performance.now();
        const ids = await this.writeWithRetry(batch);
        this.hooks.onBatch?.((performance.now() - started) / 1000, batch.length);
        batch.forEach((pending, index) => pending.resolve(ids[index]));
      }
    } finally {
      this.writing = null;
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
