/**
 * A signed-in person proving their account password again before something that must not happen with a stolen
 * cookie alone (changing the password, replacing the notes keyring). Every attempt counts against the account's
 * sign-in rate limit, which is shared with POST /api/auth/login (and across processes with REDIS_URL).
 */
import { AppError } from '../../src/lib/core/errors';
import type { AppContext, AppDeps } from '../http/context';
import { signInLimitsFor, signInLimitsOf } from '../http/rate-limit';
import type { UserRecord } from '../storage/store';
import { verifyPassword } from './passwords';

/** Counts a password attempt at `email`'s account (login or re-check); throws 429 past the limit. */
export function hitAccountLimit(deps: AppDeps, email: string, message: string): Promise<void> {
  return signInLimitsFor(deps).hit(signInLimitsOf(deps.config.rateLimits).loginPerAccount, email, message);
}

/** The account's password was right: its failed attempts are forgotten. */
export function resetAccountLimit(deps: AppDeps, email: string): Promise<void> {
  return signInLimitsFor(deps).reset(signInLimitsOf(deps.config.rateLimits).loginPerAccount, email);
}

export async function isAccountPassword(c: AppContext, user: Pick<UserRecord, 'email' | 'passwordHash'>, password: string): Promise<boolean> {
  await hitAccountLimit(c.get('deps'), user.email, 'Too many attempts. Please wait and try again.');
  return verifyPassword(user.passwordHash, password);
}

/** Throws 400 naming `field` when `password` is not the account's. */
export async function requireAccountPassword(c: AppContext, user: UserRecord, password: string, field: string, message: string): Promise<void> {
  if (!(await isAccountPassword(c, user, password))) {
    throw new AppError('validation_failed', message, { fields: { [field]: 'Not right.' } });
  }
}
