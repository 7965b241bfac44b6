/**
 * Shared sign-in limits: two processes' limits on one Redis count one window between them, keyed by hashes (no email
 * in Redis); when Redis stops answering each process counts alone rather than refusing or allowing everyone.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/core/errors';
import { createLogger } from '../../server/log';
import type { SignInLimits } from '../../server/http/rate-limit';
import { attemptKey, createRedisSignInLimits } from '../../server/http/shared-attempts';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('silent');
const opened: SignInLimits[] = [];
const inspector = new Redis(REDIS);

afterAll(async () => {
  await Promise.all(opened.map((limits) => limits.close()));
  await inspector.quit();
});

async function refusal(attempt: Promise<void>): Promise<AppError | undefined> {
  return attempt.then(
    () => undefined,
    (error: unknown) => error as AppError
  );
}

async function twoProcesses(): Promise<[SignInLimits, SignInLimits]> {
  const pair: [SignInLimits, SignInLimits] = [await createRedisSignInLimits(REDIS, logger), await createRedisSignInLimits(REDIS, logger)];
  opened.push(...pair);
  return pair;
}

describe('shared sign-in limits', () => {
  const limit = { name: `test-login-${randomUUID()}`, limit: 3, windowMs: 60_000 };

  it('attempts through two processes add up to one limit; the next is refused on either, with Retry-After', async () => {
    const [a, b] = await twoProcesses();
    const email = `pat.${randomUUID()}@example.org`;
    await a.hit(limit, email);
    await b.hit(limit, email);
    await a.hit(limit, email);
    for (const limits of [b, a]) {
      const refused = await refusal(limits.hit(limit, email, 'Too many attempts for this account.'));
      expect(refused).toBeInstanceOf(AppError);
      expect(refused!.status).toBe(429);
      expect(refused!.message).toBe('Too many attempts for this account.');
      const retryAfter = Number(refused!.headers!['Retry-After']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Another key, and the same key under another limit, count apart.
    await expect(a.hit(limit, `other.${email}`)).resolves.toBeUndefined();
    await expect(a.hit({ ...limit, name: `${limit.name}-codes` }, email)).resolves.toBeUndefined();
  });

  it('stores a hash of the key, never the email, with the window as its expiry', async () => {
    const [a] = await twoProcesses();
    const email = `ana.${randomUUID()}@example.org`;
    await a.hit(limit, email);
    const key = attemptKey(limit, email);
    expect(key).not.toContain(email);
    expect(key).not.toContain('example.org');
    expect(await inspector.get(key)).toBe('1');
    const ttl = await inspector.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await inspector.keys(`*${email}*`)).toEqual([]);
  });

  it('a reset through one process clears the count for the other', async () => {
    const [a, b] = await twoProcesses();
    const email = `ben.${randomUUID()}@example.org`;
    for (let i = 0; i < 3; i++) await a.hit(limit, email);
    await b.reset(limit, email);
    for (let i = 0; i < 3; i++) await expect(a.hit(limit, email)).resolves.toBeUndefined();
    expect(await refusal(b.hit(limit, email))).toBeInstanceOf(AppError);
  });

  it('counts in this process while Redis does not answer: still limited, not refused outright', async () => {
    const limits = await createRedisSignInLimits(REDIS, logger);
    await limits.close();
    const email = `cy.${randomUUID()}@example.org`;
    for (let i = 0; i < 3; i++) await expect(limits.hit(limit, email)).resolves.toBeUndefined();
    expect((await refusal(limits.hit(limit, email)))?.status).toBe(429);
  });
});
