/**
 * The durable job table (jobs in server/db/schema.ts). At-least-once delivery:
 * - enqueue is idempotent: a job's dedupe_key is unique ("reminder:24h:<session>:<person>"), so planning twice,
 *   from two processes, or after a restart adds nothing;
 * - claim takes due jobs with FOR UPDATE SKIP LOCKED and leases them to one worker until `lockedUntil`, so two
 *   processes never hold the same job at once;
 * - a worker that dies between claim and send leaves the lease to run out; the job is claimed again and sent once;
 * - a failed send is retried with exponential backoff, then given up as 'failed' after MAX_ATTEMPTS.
 * Only finish/fail from the worker holding the lease count (locked_by = worker), so a late worker cannot
 * overwrite the outcome of the one that took over.
 */
import type { RawQuery } from '../db/client';

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

const asJob = (row: Record<string, unknown>): Job => ({
  id: Number(row.id),
  kind: String(row.kind),
  dedupeKey: String(row.dedupe_key),
  payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>,
  runAt: new Date(row.run_at as string),
  attempts: Number(row.attempts),
  state: row.state as JobState,
  lockedBy: (row.locked_by as string | null) ?? null,
  lockedUntil: row.locked_until ? new Date(row.locked_until as string) : null,
  lastError: (row.last_error as string | null) ?? null
});

export function createJobQueue(query: RawQuery): JobQueue {
  return {
    async enqueue(jobs) {
      let added = 0;
      for (const job of jobs) {
        const rows = await query(
          `insert into jobs (kind, dedupe_key, payload, run_at) values ($1, $2, $3::jsonb, $4)
           on conflict (dedupe_key) do nothing returning id`,
          [job.kind, job.dedupeKey, JSON.stringify(job.payload), job.runAt.toISOString()]
        );
        added += rows.length;
      }
      return added;
    },

    async claim(worker, now, leaseMs, limit) {
      const rows = await query(
        `update jobs set locked_by = $1, locked_until = $3, attempts = attempts + 1
         where id in (
           select id from jobs
           where state = 'pending' and run_at <= $2 and (locked_until is null or locked_until < $2)
           order by run_at, id
           limit $4
           for update skip locked
         )
         returning *`,
        [worker, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), limit]
      );
      return rows.map(asJob).sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
    },

    async finish(id, worker, state, at) {
      const rows = await query(
        `update jobs set state = $3, finished_at = $4, locked_until = null
         where id = $1 and locked_by = $2 and state = 'pending' returning id`,
        [id, worker, state, at.toISOString()]
      );
      return rows.length === 1;
    },

    async fail(id, worker, error, at) {
      const rows = await query(
        `update jobs set
           last_error = $3,
           locked_until = null,
           state = case when attempts >= $5 then 'failed' else 'pending' end,
           finished_at = case when attempts >= $5 then $4::timestamptz else null end,
           run_at = $4::timestamptz + (least(30 * power(2, greatest(attempts - 1, 0)), 3600) * interval '1 second')
         where id = $1 and locked_by = $2 and state = 'pending' returning id`,
        [id, worker, error.slice(0, 500), at.toISOString(), MAX_ATTEMPTS]
      );
      return rows.length === 1;
    },

    async cancelPending(prefix, at) {
      const rows = await query(
        `update jobs set state = 'skipped', finished_at = $2, last_error = 'cancelled'
         where state = 'pending' and starts_with(dedupe_key, $1) returning id`,
        [prefix, at.toISOString()]
      );
      return rows.length;
    },

    async list(filter = {}) {
      const rows = filter.kind
        ? await query(`select * from jobs where kind = $1 order by id`, [filter.kind])
        : await query(`select * from jobs order by id`, []);
      return rows.map(asJob);
    }
  };
}
