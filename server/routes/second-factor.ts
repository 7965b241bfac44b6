/**
 * The second factor (TOTP): set-up and removal on the account, and the code at sign-in. A sign-in of someone with a
 * confirmed second factor counts only once it passed it (remembered for that sign-in only, never for the browser);
 * until then it may only enter the code or sign out. Codes are rate-limited per account; everything is audited.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError, conflict, unauthenticated } from '../../src/lib/core/errors';
import { requireUser } from '../auth/login-sessions';
import { requireAccountPassword } from '../auth/password-recheck';
import { acceptedStep, hashRecoveryCode, newRecoveryCodes, newSecret, setupOf } from '../auth/totp';
import { audit } from '../http/access';
import type { AppContext, AppEnv } from '../http/context';
import { presentUser } from '../http/present';
import { signInLimitsFor, signInLimitsOf } from '../http/rate-limit';
import { readJson } from '../http/validate';
import type { Config } from '../config';

const codeSchema = z.strictObject({ code: z.string().trim().min(1, 'Enter the 6-digit code.').max(20) });
const signInSchema = z
  .strictObject({ code: z.string().trim().max(20).optional(), recoveryCode: z.string().trim().max(40).optional() })
  .refine((v) => Boolean(v.code) !== Boolean(v.recoveryCode), { message: 'Enter the code from your app, or one recovery code.', path: ['code'] });
const passwordSchema = z.strictObject({ currentPassword: z.string().min(1, 'Your account password is needed.').max(256) });

const WRONG_CODE = 'That code is not right. Codes change every 30 seconds: try the one your app shows now.';

/** The sign-in asking: one still waiting for its code, or a complete one. */
function anyLogin(c: AppContext) {
  const pending = c.get('pendingLogin');
  if (pending) return pending;
  const user = c.get('user');
  const login = c.get('login');
  if (!user || !login) throw unauthenticated();
  return { user, login };
}

export function secondFactorRoutes(config: Config) {
  // Six tries per window and account (by default): a 6-digit code cannot be guessed within it (1 in 166,000 at most).
  // Counted across every process with REDIS_URL, or N processes would give N times the tries.
  const codes = signInLimitsOf(config.rateLimits).secondFactorPerAccount;
  const attempts = {
    hit: (c: AppContext, userId: string) => signInLimitsFor(c.get('deps')).hit(codes, userId, 'Too many codes tried. Please wait a few minutes and try again.'),
    reset: (c: AppContext, userId: string) => signInLimitsFor(c.get('deps')).reset(codes, userId)
  };

  return new Hono<AppEnv>()
    .post('/auth/second-factor', async (c) => {
      const { user, login } = anyLogin(c);
      const input = await readJson(c, signInSchema);
      await attempts.hit(c, user.id);
      const { store, now } = c.get('deps');
      const factor = await store.secondFactors.get(user.id);
      if (!factor?.confirmedAt) throw conflict('This account has no second factor to enter.');
      let passed = false;
      if (input.code) {
        const step = acceptedStep(factor.secret, input.code, now());
        passed = step !== null && (await store.secondFactors.useStep(user.id, step));
      } else if (input.recoveryCode) {
        passed = await store.secondFactors.useRecoveryCode(user.id, hashRecoveryCode(input.recoveryCode), now());
      }
      if (!passed) {
        await audit(c, { actorUserId: user.id, action: 'auth.second_factor_failed', targetType: 'user', targetId: user.id, details: { with: input.code ? 'code' : 'recovery_code' } });
        throw new AppError('validation_failed', WRONG_CODE, { fields: { [input.code ? 'code' : 'recoveryCode']: 'Not right.' } });
      }
      await attempts.reset(c, user.id);
      await store.logins.passSecondFactor(login.id, now());
      const left = input.recoveryCode ? await store.secondFactors.unusedRecoveryCodes(user.id) : undefined;
      await audit(c, {
        actorUserId: user.id,
        action: input.recoveryCode ? 'auth.recovery_code_used' : 'auth.second_factor_passed',
        targetType: 'user',
        targetId: user.id,
        details: left === undefined ? null : { recoveryCodesLeft: left }
      });
      return c.json({ user: presentUser(user), ...(left === undefined ? {} : { recoveryCodesLeft: left }) });
    })

    .get('/me/second-factor', async (c) => {
      const user = requireUser(c);
      const { store } = c.get('deps');
      const factor = await store.secondFactors.get(user.id);
      return c.json({
        enabled: Boolean(factor?.confirmedAt),
        recoveryCodesLeft: factor?.confirmedAt ? await store.secondFactors.unusedRecoveryCodes(user.id) : 0
      });
    })

    /** Starts a set-up: a new secret to scan (replacing one not yet confirmed). Needs the account password. */
    .post('/me/second-factor/setup', async (c) => {
      const user = requireUser(c);
      const input = await readJson(c, passwordSchema);
      await requireAccountPassword(c, user, input.currentPassword, 'currentPassword', 'That is not your account password.');
      const secret = newSecret();
      if (!(await c.get('deps').store.secondFactors.begin(user.id, secret))) {
        throw conflict('Your account already has a second factor. Remove it first to set up a new one.');
      }
      return c.json({ ...(await setupOf(secret, user.email)), secret });
    })

    /** The first code from the app confirms the set-up; the ten recovery codes are shown this once. */
    .post('/me/second-factor/confirm', async (c) => {
      const user = requireUser(c);
      const input = await readJson(c, codeSchema);
      await attempts.hit(c, user.id);
      const { store, now } = c.get('deps');
      const factor = await store.secondFactors.get(user.id);
      if (!factor || factor.confirmedAt) throw conflict('Start the set-up first.');
      const step = acceptedStep(factor.secret, input.code, now());
      if (step === null) throw new AppError('validation_failed', WRONG_CODE, { fields: { code: 'Not right.' } });
      const recoveryCodes = newRecoveryCodes();
      if (!(await store.secondFactors.confirm(user.id, step, recoveryCodes.map(hashRecoveryCode), now()))) {
        throw conflict('The set-up was finished on another device.');
      }
      await attempts.reset(c, user.id);
      // This sign-in just proved the factor; other sign-ins of the account must enter a code next time they ask.
      await store.logins.passSecondFactor(c.get('login')!.id, now());
      await audit(c, { action: 'auth.second_factor_enabled', targetType: 'user', targetId: user.id });
      return c.json({ recoveryCodes });
    })

    .post('/me/second-factor/remove', async (c) => {
      const user = requireUser(c);
      const input = await readJson(c, passwordSchema);
      await requireAccountPassword(c, user, input.currentPassword, 'currentPassword', 'That is not your account password.');
      await c.get('deps').store.secondFactors.remove(user.id);
      await audit(c, { action: 'auth.second_factor_removed', targetType: 'user', targetId: user.id });
      return c.body(null, 204);
    });
}
