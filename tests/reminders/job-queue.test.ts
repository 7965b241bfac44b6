/**
 * The job table against real PostgreSQL, with two connection pools standing for two processes.
 * On CI's PostgreSQL (TEST_DATABASE_URL) or the run's embedded one.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type DbHandle, rawQuery } from '../../server/db/client';
import { createJobQueue } from '../../server/storage/drizzle-jobs';
import { backoffMs, MAX_ATTEMPTS, type JobQueue } from '../../server/storage/jobs';
import { freshPostgresUrl, TEST_DATABASE_URL } from '../helpers/postgres';

const T0 = new Date('2026-03-09T17:30:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const job = (key: string, runAt = T0) => ({ kind: 'reminder', dedupeKey: key, payload: { key }, runAt });

{
  describe('job table across two processes', () => {
    let a: DbHandle;
    let b: DbHandle;
    let qa: JobQueue;
    let qb: JobQueue;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const fresh = await freshPostgresUrl(TEST_DATABASE_URL, 'gst_jobs');
      drop = fresh.drop;
      a = await createDb({ url: fresh.url, maxConnections: 4 });
      b = await createDb({ url: fresh.url, maxConnections: 4 });
      qa = createJobQueue(rawQuery(a.sql));
      qb = createJobQueue(rawQuery(b.sql));
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await drop?.();
    });
    beforeEach(async () => {
      await a.sql.unsafe('delete from jobs');
    });

    it('adds a job once per dedupe key, whoever plans it and however often', async () => {
      expect(await qa.enqueue([job('reminder:s1:0:day:pat'), job('reminder:s1:0:hour:pat')])).toBe(2);
      expect(await qb.enqueue([job('reminder:s1:0:day:pat')])).toBe(0);
      const both = await Promise.all([qa.enqueue([job('x')]), qb.enqueue([job('x')])]);
      expect(both.sort()).toEqual([0, 1]);
      expect(await qa.list()).toHaveLength(3);
    });

    it('never hands the same job to two processes claiming at once', async () => {
      await qa.enqueue(Array.from({ length: 60 }, (_, i) => job(`k${i}`)));
      const claims = await Promise.all([
        qa.claim('A', T0, 60_000, 7),
        qb.claim('B', T0, 60_000, 7),
        qa.claim('A2', T0, 60_000, 7),
        qb.claim('B2', T0, 60_000, 7),
        qa.claim('A3', T0, 60_000, 40),
        qb.claim('B3', T0, 60_000, 40)
      ]);
      const ids = claims.flat().map((j) => j.id);
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
      // Leased jobs are not claimable again until the lease runs out.
      expect(await qa.claim('C', later(59_000), 60_000, 100)).toEqual([]);
    });

    it('re-sends exactly once after a crash between claim and send', async () => {
      await qa.enqueue([job('crash')]);
      const [taken] = await qa.claim('A', T0, 60_000, 10);
      // Process A dies here, without finishing. B polls while A's lease holds, then after it ran out.
      expect(await qb.claim('B', later(30_000), 60_000, 10)).toEqual([]);
      const [retaken] = await qb.claim('B', later(61_000), 60_000, 10);
      expect(retaken).toMatchObject({ id: taken.id, attempts: 2, lockedBy: 'B' });
      expect(await qb.finish(retaken.id, 'B', 'done', later(62_000))).toBe(true);
      // A comes back to life late: its lease is gone, it cannot mark anything, and nothing is left to claim.
      expect(await qa.finish(taken.id, 'A', 'done', later(63_000))).toBe(false);
      expect(await qa.claim('A', later(3_600_000), 60_000, 10)).toEqual([]);
      expect((await qa.list()).map((j) => j.state)).toEqual(['done']);
    });

    it('retries a failed send with growing waits, then gives up', async () => {
      await qa.enqueue([job('flaky')]);
      let now = T0;
      const waits: number[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const [claimed] = await qa.claim('A', now, 60_000, 1);
        expect(claimed.attempts).toBe(attempt);
        expect(await qa.fail(claimed.id, 'A', 'connection refused', now)).toBe(true);
        const [row] = await qa.list();
        if (attempt < MAX_ATTEMPTS) {
          waits.push(row.runAt.getTime() - now.getTime());
          expect(await qa.claim('A', new Date(row.runAt.getTime() - 1000), 60_000, 1)).toEqual([]);
          now = row.runAt;
        } else {
          expect(row).toMatchObject({ state: 'failed', lastError: 'connection refused' });
        }
      }
      expect(waits).toEqual([1, 2, 3, 4, 5].map(backoffMs));
      expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    });

    it('skips the pending jobs of a moved session, leaving the others', async () => {
      await qa.enqueue([job('reminder:s1:0:day:pat'), job('reminder:s1:0:hour:pat'), job('reminder:s2:0:day:pat')]);
      expect(await qa.cancelPending('reminder:s1:', T0)).toBe(2);
      expect((await qa.claim('A', T0, 60_000, 10)).map((j) => j.dedupeKey)).toEqual(['reminder:s2:0:day:pat']);
    });
  });
}
