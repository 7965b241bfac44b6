/**
 * Sign-in rate limits: fixed windows of attempts per key (login per IP and per account, sign-up per IP, second-factor
 * codes per account). `RateLimiter` counts in this process; `SignInLimits` is what the routes use, counted in this
 * process (`LocalSignInLimits`) or, with REDIS_URL, across every process (server/http/shared-attempts.ts), so that N
 * processes behind a load balancer do not give an attacker N times the attempts at a password or a 6-digit code.
 */
import { AppError } from '../../src/lib/core/errors';
import type { Config } from '../config';
import type { AppDeps } from './context';

const DEFAULT_MESSAGE = 'Too many attempts. Please wait and try again.';

/** The 429 every sign-in limit answers with, telling when to try again. */
export function tooManyAttempts(retryAfterMs: number, message = DEFAULT_MESSAGE): AppError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError('rate_limited', message, { retryAfterSeconds: retryAfter }, { 'Retry-After': String(retryAfter) });
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now
  ) {}

  /** Counts one attempt for `key`; throws 429 with Retry-After once the window's limit is passed. */
  hit(key: string, message = DEFAULT_MESSAGE): void {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      this.sweep(now);
      return;
    }
    window.count += 1;
    if (window.count > this.limit) throw tooManyAttempts(window.start + this.windowMs - now, message);
  }

  /** Forgets a key, e.g. after a successful sign-in. */
  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}

/** One kind of limit: its name keeps its counters apart from the others'. */
export interface AttemptLimit {
  name: string;
  limit: number;
  windowMs: number;
}

export interface SignInLimits {
  /** Counts one attempt at `key` under `limit`; throws 429 with Retry-After once the window's limit is passed. */
  hit(limit: AttemptLimit, key: string, message?: string): Promise<void>;
  /** Forgets a key's attempts, e.g. after a successful sign-in. */
  reset(limit: AttemptLimit, key: string): Promise<void>;
  close(): Promise<void>;
}

/** Counted in this process only: without REDIS_URL, and the fallback while Redis does not answer. */
export class LocalSignInLimits implements SignInLimits {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(private readonly now: () => number = Date.now) {}

  async hit(limit: AttemptLimit, key: string, message?: string): Promise<void> {
    this.limiterOf(limit).hit(key, message);
  }

  async reset(limit: AttemptLimit, key: string): Promise<void> {
    this.limiterOf(limit).reset(key);
  }

  async close(): Promise<void> {
    this.limiters.clear();
  }

  private limiterOf({ name, limit, windowMs }: AttemptLimit): RateLimiter {
    const id = `${name}:${limit}:${windowMs}`;
    let limiter = this.limiters.get(id);
    if (!limiter) this.limiters.set(id, (limiter = new RateLimiter(limit, windowMs, this.now)));
    return limiter;
  }
}

/** The sign-in limits of the configuration (RATE_WINDOW_MINUTES, LOGIN_RATE_*, SIGNUP_RATE_PER_IP, SECOND_FACTOR_RATE_PER_ACCOUNT). */
export function signInLimitsOf(rateLimits: Config['rateLimits']) {
  const { windowMs } = rateLimits;
  return {
    loginPerIp: { name: 'login-ip', limit: rateLimits.loginPerIp, windowMs },
    loginPerAccount: { name: 'login-account', limit: rateLimits.loginPerAccount, windowMs },
    signupPerIp: { name: 'signup-ip', limit: rateLimits.signupPerIp, windowMs },
    secondFactorPerAccount: { name: 'second-factor', limit: rateLimits.secondFactorPerAccount, windowMs }
  } satisfies Record<string, AttemptLimit>;
}

const localLimits = new WeakMap<AppDeps, SignInLimits>();

/** The app's sign-in limits: the composition root's (shared with REDIS_URL), or this app's own (apps built without it). */
export function signInLimitsFor(deps: AppDeps): SignInLimits {
  if (deps.signInLimits) return deps.signInLimits;
  let limits = localLimits.get(deps);
  if (!limits) localLimits.set(deps, (limits = new LocalSignInLimits()));
  return limits;
}
