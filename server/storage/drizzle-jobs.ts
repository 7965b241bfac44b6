/** The durable job table on PostgreSQL (the interface and its delivery rules: ./jobs). */
import type { RawQuery } from '../db/client';
import { MAX_ATTEMPTS, type Job, type JobQueue, type JobState } from './jobs';

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
