/** Shared token buckets: two processes' buckets on one Redis count together; without Redis each counts alone. */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log';
import { createRedisBuckets, LocalBuckets, type RateBuckets } from '../../server/http/shared-buckets';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('silent');
const limits = { burst: 3, perSecond: 2 };
const opened: RateBuckets[] = [];

afterAll(async () => {
  await Promise.all(opened.map((buckets) => buckets.close()));
});

describe('shared rate buckets', () => {
  it('two processes take from one bucket: the burst once between them, then the wait until a token is back', async () => {
    const [a, b] = [await createRedisBuckets(REDIS, logger), await createRedisBuckets(REDIS, logger)];
    opened.push(a, b);
    const key = `test:${randomUUID()}`;
    const now = 1_000_000;
    expect([await a.take(key, limits, now), await b.take(key, limits, now), await a.take(key, limits, now)]).toEqual([0, 0, 0]);
    expect(await b.take(key, limits, now)).toBe(500);
    expect(await a.take(key, limits, now + 250)).toBe(250);
    expect(await b.take(key, limits, now + 500)).toBe(0);
    expect(await a.take(key, limits, now + 500)).toBeGreaterThan(0);
  });

  it('counts in the process when Redis stops answering, rather than refusing everyone', async () => {
    const buckets = await createRedisBuckets(REDIS, logger);
    await buckets.close();
    const key = `test:${randomUUID()}`;
    expect([await buckets.take(key, limits, 0), await buckets.take(key, limits, 0), await buckets.take(key, limits, 0)]).toEqual([0, 0, 0]);
    expect(await buckets.take(key, limits, 0)).toBeGreaterThan(0);
  });

  it('without Redis, each process has its own buckets', async () => {
    const [a, b] = [new LocalBuckets(), new LocalBuckets()];
    for (let i = 0; i < 3; i++) expect(await a.take('k', limits, 0)).toBe(0);
    expect(await a.take('k', limits, 0)).toBe(500);
    expect(await b.take('k', limits, 0)).toBe(0);
  });
});
