/**
 * A signed-in person proving their account password again before something that must not happen with a stolen
 * cookie alone (changing the password, replacing the notes keyring). Every attempt counts against the account's
 * sign-in rate limit, which is shared with POST /api/auth/login (one limiter per app).
 */
import { AppError } from '../../src/lib/core/errors';
import type { AppContext, AppDeps } from '../http/context';
import { RateLimiter } from '../http/rate-limit';
import type { UserRecord } from '../storage/store';
import { verifyPassword } from './passwords';

const limiters = new WeakMap<AppDeps, RateLimiter>();

/** The per-account sign-in limiter of this app. */
export function accountLimiter(deps: AppDeps): RateLimiter {
  let limiter = limiters.get(deps);
  if (!limiter) {
    const { loginPerAccount, windowMs } = deps.config.rateLimits;
    limiter = new RateLimiter(loginPerAccount, windowMs);
    limiters.set(deps, limiter);
  }
  return limiter;
}

export async function isAccountPassword(c: AppContext, user: Pick<UserRecord, 'email' | 'passwordHash'>, password: string): Promise<boolean> {
  accountLimiter(c.get('deps')).hit(user.email, 'Too many attempts. Please wait and try again.');
  return verifyPassword(user.passwordHash, password);
}

/** Throws 400 naming `field` when `password` is not the account's. */
export async function requireAccountPassword(c: AppContext, user: UserRecord, password: string, field: string, message: string): Promise<void> {
  if (!(await isAccountPassword(c, user, password))) {
    throw new AppError('validation_failed', message, { fields: { [field]: 'Not right.' } });
  }
}
