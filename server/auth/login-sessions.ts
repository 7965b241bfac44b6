/**
 * Server-side sign-in sessions in an HttpOnly, SameSite=Lax cookie. A session ends at its absolute expiry,
 * or after SESSION_IDLE_MINUTES without a request (automatic logoff). An open channel (SSE, socket) is not a
 * request; the one request that is not activity by itself is the room's presence heartbeat, which counts only once
 * the room has accepted it (server/room/presence.ts).
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { unauthenticated } from '../../src/lib/core/errors';
import type { AppContext, AppEnv } from '../http/context';
import { isHttps } from '../http/security';
import type { LoginRecord, Store, UserRecord } from '../storage/store';
import { hashToken, looksLikeToken, newToken } from './tokens';
import { BACKGROUND_HEADER } from '../../src/lib/core/protocol';
import { isPresenceHeartbeat } from '../room/presence';

export const SESSION_COOKIE = 'gst_session';
/** lastSeenAt is written at most this often, so reads stay cheap. */
const TOUCH_EVERY_MS = 30_000;

export type LoginCheck =
  | { ok: true; login: LoginRecord; user: UserRecord }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'idle' }
  /** Signed in with the password, the second factor not yet entered: nothing but that is open to it. */
  | { ok: false; reason: 'second_factor'; login: LoginRecord; user: UserRecord };

/**
 * Resolves a cookie token to its sign-in, ending it when expired or idle. Shared by HTTP and WebSocket upgrades.
 * `touch: false` checks without counting the request as activity (lastSeenAt stays).
 */
export async function checkLogin(
  store: Store,
  token: string | undefined,
  now: Date,
  idleMs: number,
  { touch = true }: { touch?: boolean } = {}
): Promise<LoginCheck> {
  if (!looksLikeToken(token)) return { ok: false, reason: 'missing' };
  const id = hashToken(token);
  const found = await store.logins.get(id);
  if (!found) return { ok: false, reason: 'unknown' };
  const { user, ...login } = found;
  const expired = found.expiresAt.getTime() <= now.getTime();
  const idle = now.getTime() - found.lastSeenAt.getTime() > idleMs;
  if (expired || idle) {
    await store.logins.delete(id);
    return { ok: false, reason: expired ? 'expired' : 'idle' };
  }
  if (touch && now.getTime() - found.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await store.logins.touch(id, now);
    login.lastSeenAt = now;
  }
  if (login.secondFactorRequired && !login.secondFactorAt) return { ok: false, reason: 'second_factor', login, user };
  return { ok: true, login, user };
}

/** Loads the signed-in user, if any, into c.var.user. */
export const loadUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { store, config, now } = c.get('deps');
  // A presence heartbeat is activity only if the room accepts it: a refused one must not keep the sign-in alive.
  // A page's timed refresh is never activity: an open tab alone must reach idle expiry.
  const touch = !isPresenceHeartbeat(c.req.method, c.req.path) && c.req.header(BACKGROUND_HEADER) !== '1';
  const result = await checkLogin(store, getCookie(c, SESSION_COOKIE), now(), config.sessionIdleMs, { touch });
  if (result.ok) {
    c.set('user', result.user);
    c.set('login', result.login);
  } else if (result.reason === 'second_factor') {
    c.set('pendingLogin', { login: result.login, user: result.user });
  } else if (result.reason !== 'missing') {
    clearSessionCookie(c);
  }
  await next();
};

export function requireUser(c: AppContext): UserRecord {
  const user = c.get('user');
  if (!user) throw unauthenticated();
  return user;
}

export async function startLogin(c: AppContext, userId: string): Promise<void> {
  const { store, config, now } = c.get('deps');
  const token = newToken();
  const at = now();
  await store.logins.create({
    id: hashToken(token),
    userId,
    expiresAt: new Date(at.getTime() + config.sessionMaxMs),
    ip: c.get('ip'),
    userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null,
    now: at
  });
  // No Max-Age: the cookie also ends when the browser closes (shared computers are common for our users).
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c, config),
    path: '/'
  });
}

export async function endLogin(c: AppContext): Promise<void> {
  const login = c.get('login') ?? c.get('pendingLogin')?.login;
  if (login) {
    await c.get('deps').store.logins.delete(login.id);
    c.get('deps').events.emit('login.ended', { loginId: login.id, userId: login.userId });
  }
  clearSessionCookie(c);
}

function clearSessionCookie(c: AppContext): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isHttps(c, c.get('deps').config) });
}

export const newId = (): string => randomUUID();
