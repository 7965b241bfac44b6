/** /api/auth/* and /api/me: sign up, sign in, sign out, the account. */
import { type Context, Hono } from 'hono';
import {
  changePasswordSchema,
  checkPasswordSchema,
  loginSchema,
  signupSchema,
  updateAccountSchema
} from '../../src/lib/core/account/schema';
import { AppError, conflict, unauthenticated } from '../../src/lib/core/errors';
import { endLogin, newId, requireUser, startLogin } from '../auth/login-sessions';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../auth/passwords';
import { hitAccountLimit, isAccountPassword, requireAccountPassword, resetAccountLimit } from '../auth/password-recheck';
import { audit } from '../http/access';
import { passwordKeyringSchema } from '../notes/schemas';
import type { AppEnv } from '../http/context';
import { presentUser } from '../http/present';
import { signInLimitsFor, signInLimitsOf } from '../http/rate-limit';
import { readJson } from '../http/validate';
import type { Config } from '../config';

const WRONG_CREDENTIALS = 'That email and password do not match an account.';
const SIGNUP_ACCEPTED = 'If this email was new, your account is ready: sign in with it now. If it already had an account, sign in with that account’s password.';

/** The signed-in person and their sign-in's limits, or nobody. */
function currentSignIn(c: Context<AppEnv>) {
  const user = c.get('user');
  const login = c.get('login');
  if (!user || !login) return { user: null, login: null };
  return {
    user: presentUser(user),
    login: {
      expiresAt: login.expiresAt.toISOString(),
      idleTimeoutMinutes: Math.round(c.get('deps').config.sessionIdleMs / 60_000)
    }
  };
}

export function authRoutes(config: Config) {
  const { loginPerIp, signupPerIp } = signInLimitsOf(config.rateLimits);

  return new Hono<AppEnv>()
    .post('/auth/signup', async (c) => {
      await signInLimitsFor(c.get('deps')).hit(signupPerIp, c.get('ip'), 'Too many sign-ups from this network. Please wait and try again.');
      const input = await readJson(c, signupSchema);
      const { store } = c.get('deps');
      // The same answer whether or not the email was taken, so sign-up cannot tell who has an account here. Nobody is
      // signed in by it: the page signs in next with the same email and password, which is the owner's ordinary sign-in.
      const passwordHash = await hashPassword(input.password);
      const user = await store.users.create({ id: newId(), email: input.email, displayName: input.displayName, passwordHash });
      if (user) {
        await audit(c, { actorUserId: user.id, action: 'auth.signup', targetType: 'user', targetId: user.id });
      } else {
        const existing = await store.users.byEmail(input.email);
        await audit(c, { actorUserId: null, action: 'auth.signup_existing_email', targetType: 'user', targetId: existing?.id ?? null });
      }
      return c.json({ status: 'accepted', message: SIGNUP_ACCEPTED }, 202);
    })

    .post('/auth/login', async (c) => {
      const input = await readJson(c, loginSchema);
      await signInLimitsFor(c.get('deps')).hit(loginPerIp, c.get('ip'));
      await hitAccountLimit(c.get('deps'), input.email, 'Too many attempts for this account. Please wait and try again.');
      const { store } = c.get('deps');
      const user = await store.users.byEmail(input.email);
      const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
      if (!user || !ok) {
        await audit(c, {
          actorUserId: user?.id ?? null,
          action: 'auth.login_failed',
          targetType: 'user',
          targetId: user?.id ?? null,
          details: user ? null : { reason: 'unknown_email' }
        });
        throw new AppError('unauthenticated', WRONG_CREDENTIALS);
      }
      await resetAccountLimit(c.get('deps'), input.email);
      await startLogin(c, user.id);
      const secondFactorRequired = Boolean((await store.secondFactors.get(user.id))?.confirmedAt);
      await audit(c, { actorUserId: user.id, action: 'auth.login', targetType: 'user', targetId: user.id, details: secondFactorRequired ? { secondFactor: 'pending' } : null });
      // With a second factor, this sign-in opens nothing until the code is entered (POST /api/auth/second-factor).
      return c.json({ user: presentUser(user), secondFactorRequired });
    })

    .post('/auth/logout', async (c) => {
      const user = c.get('user') ?? c.get('pendingLogin')?.user;
      await endLogin(c);
      if (user) await audit(c, { action: 'auth.logout', targetType: 'user', targetId: user.id });
      return c.body(null, 204);
    })

    .get('/me', (c) => {
      if (!c.get('user') && c.get('pendingLogin')) {
        throw new AppError('unauthenticated', 'Enter the code from your authenticator app to finish signing in.', { reason: 'second_factor_required' });
      }
      const current = currentSignIn(c);
      if (!current.user) throw unauthenticated();
      return c.json(current);
    })

    // The pages' "who is signed in here?": 200 either way, because being signed out is an answer, not a failure
    // (a 401 here would show as a failed request in every signed-out visitor's console).
    .get('/auth/current', (c) => c.json(currentSignIn(c)))

    .patch('/me', async (c) => {
      const user = requireUser(c);
      const input = await readJson(c, updateAccountSchema);
      const updated = await c.get('deps').store.users.update(user.id, input);
      await audit(c, { action: 'account.update', targetType: 'user', targetId: user.id, details: { fields: Object.keys(input) } });
      return c.json({ user: presentUser(updated!) });
    })

    .post('/me/password/check', async (c) => {
      const user = requireUser(c);
      const input = await readJson(c, checkPasswordSchema);
      if (!(await isAccountPassword(c, user, input.password))) {
        await audit(c, { action: 'auth.password_check_failed', targetType: 'user', targetId: user.id });
        throw new AppError('validation_failed', 'That is not your account password.', { fields: { password: 'Not right.' } });
      }
      return c.body(null, 204);
    })

    .post('/me/password', async (c) => {
      const user = requireUser(c);
      const input = await readJson(c, changePasswordSchema.extend({ notesKeyring: passwordKeyringSchema.optional() }));
      await requireAccountPassword(c, user, input.currentPassword, 'currentPassword', 'Your current password is not right.');
      const { store, now } = c.get('deps');
      // The notes key is wrapped by the account password: its re-wrapping is stored in the same transaction.
      const notesKeyring = input.notesKeyring ? { keyring: input.notesKeyring.keyring, expectedRevision: input.notesKeyring.revision } : null;
      const changed = await store.notes.changePassword(user.id, await hashPassword(input.newPassword), notesKeyring, now());
      if (!changed.ok) throw conflict('Your notes key was changed on another device. Reload the page and try again.');
      if (notesKeyring) await audit(c, { action: 'notes.keyring_changed', targetType: 'user', targetId: user.id, details: { reason: 'password_changed' } });
      // Every other browser signed in as this person is signed out, and their open sockets are cut at once.
      const ended = await store.logins.deleteForUser(user.id, c.get('login')!.id);
      for (const loginId of ended) c.get('deps').events.emit('login.ended', { loginId, userId: user.id });
      await audit(c, { action: 'auth.password_changed', targetType: 'user', targetId: user.id });
      return c.body(null, 204);
    });
}
