import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/core/errors';
import { RateLimiter } from './rate-limit';

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
