import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/core/errors';
import { LocalSignInLimits, RateLimiter, signInLimitsOf } from './rate-limit';

describe('RateLimiter', () => {
  it('allows up to the limit in a window, then refuses with Retry-After', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    limiter.hit('ip:1');
    limiter.hit('ip:1');
    now = 15_000;
    let caught: unknown;
    try {
      limiter.hit('ip:1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).status).toBe(429);
    expect((caught as AppError).headers).toEqual({ 'Retry-After': '45' });
  });

  it('counts keys apart and starts a new window when the old one passes', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 1_000, () => now);
    limiter.hit('a');
    limiter.hit('b');
    expect(() => limiter.hit('a')).toThrow(AppError);
    now = 1_000;
    expect(() => limiter.hit('a')).not.toThrow();
  });

  it('forgets a key on reset', () => {
    const limiter = new RateLimiter(1, 60_000, () => 0);
    limiter.hit('a');
    limiter.reset('a');
    expect(() => limiter.hit('a')).not.toThrow();
  });
});

describe('LocalSignInLimits', () => {
  const login = { name: 'login-account', limit: 2, windowMs: 60_000 };
  const codes = { name: 'second-factor', limit: 2, windowMs: 60_000 };

  it('counts each limit apart for the same key, and answers 429 with the message given', async () => {
    const limits = new LocalSignInLimits(() => 0);
    await limits.hit(login, 'pat@example.org');
    await limits.hit(login, 'pat@example.org');
    await limits.hit(codes, 'pat@example.org');
    const refused = await limits.hit(login, 'pat@example.org', 'Too many attempts for this account.').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(429);
    expect((refused as AppError).message).toBe('Too many attempts for this account.');
    expect((refused as AppError).headers).toEqual({ 'Retry-After': '60' });
    await expect(limits.hit(codes, 'pat@example.org')).resolves.toBeUndefined();
  });

  it('forgets a key of one limit on reset', async () => {
    const limits = new LocalSignInLimits(() => 0);
    for (let i = 0; i < 2; i++) await limits.hit(codes, 'user-1');
    await limits.reset(codes, 'user-1');
    await expect(limits.hit(codes, 'user-1')).resolves.toBeUndefined();
  });
});

describe('signInLimitsOf', () => {
  it('names each configured limit apart, all on the one window', () => {
    const limits = signInLimitsOf({ windowMs: 900_000, loginPerIp: 20, loginPerAccount: 8, signupPerIp: 10, secondFactorPerAccount: 6 });
    expect(new Set(Object.values(limits).map((l) => l.name)).size).toBe(4);
    expect(limits.secondFactorPerAccount).toEqual({ name: 'second-factor', limit: 6, windowMs: 900_000 });
  });
});
