/**
 * The durable job table (jobs in server/db/schema/calendar.ts). At-least-once delivery:
 * - enqueue is idempotent: a job's dedupe_key is unique ("reminder:24h:<session>:<person>"), so planning twice,
 *   from two processes, or after a restart adds nothing;
 * - claim takes due jobs with FOR UPDATE SKIP LOCKED and leases them to one worker until `lockedUntil`, so two
 *   processes never hold the same job at once;
 * - a worker that dies between claim and send leaves the lease to run out; the job is claimed again and sent once;
 * - a failed send is retried with exponential backoff, then given up as 'failed' after MAX_ATTEMPTS.
 * Only finish/fail from the worker holding the lease count (locked_by = worker), so a late worker cannot
 * overwrite the outcome of the one that took over.
 */
export type JobState = 'pending' | 'done' | 'skipped' | 'failed';

export interface JobInput {
  kind: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
  runAt: Date;
}

export interface Job extends JobInput {
  id: number;
  attempts: number;
  state: JobState;
  lockedBy: string | null;
  lockedUntil: Date | null;
  lastError: string | null;
}

export const MAX_ATTEMPTS = 6;

/** Wait before the next try after `attempts` failures: 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000);
}

export interface JobQueue {
  /** Adds the jobs whose dedupe key is new; returns how many were added. */
  enqueue(jobs: JobInput[]): Promise<number>;
  /** Leases up to `limit` due jobs to `worker` until now + leaseMs. */
  claim(worker: string, now: Date, leaseMs: number, limit: number): Promise<Job[]>;
  /** Marks a leased job done (sent) or skipped (no longer wanted). False when the lease was lost. */
  finish(id: number, worker: string, state: 'done' | 'skipped', at: Date): Promise<boolean>;
  /** Records a failure: retried after backoff, or 'failed' after MAX_ATTEMPTS. */
  fail(id: number, worker: string, error: string, at: Date): Promise<boolean>;
  /** Drops pending jobs whose key starts with `prefix` (a session moved or was cancelled). */
  cancelPending(prefix: string, at: Date): Promise<number>;
  list(filter?: { kind?: string }): Promise<Job[]>;
}
