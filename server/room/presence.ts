/**
 * POST /api/sessions/:id/room/presence, the room's presence heartbeat. A sign-in ends after SESSION_IDLE_MINUTES
 * without a request, and an open channel is not a request, so someone who only listens in a live session would be
 * signed out mid-session. The room page sends this heartbeat while the person is inside the room (see
 * src/lib/core/room/presence.ts for when); it counts as activity only when the server accepts it: the person is a
 * member, the session is live, and the room has them inside (admitted or reconnecting, not removed). A refused one
 * moves nothing: loadUser does not touch the sign-in for this path (isPresenceHeartbeat), only acceptance does.
 * Outside a live session idle expiry is as before; the absolute expiry always holds (a heartbeat never moves it).
 */
import { AppError } from '../../src/lib/core/errors';
import { isPresentInRoom, presenceHeartbeatEveryMs, statusOf } from '../../src/lib/core/room';
import type { AppDeps } from '../http/context';
import type { LoginRecord, SessionRecord } from '../storage/store';

const PRESENCE_PATH = /^\/api\/sessions\/[^/]+\/room\/presence\/?$/;

/** The heartbeat's own request: checked without counting as activity until the room accepts it. */
export function isPresenceHeartbeat(method: string, path: string): boolean {
  return method === 'POST' && PRESENCE_PATH.test(path);
}

/** lastSeenAt is not written more often than this by heartbeats (a page sending too many costs no writes). */
const TOUCH_AT_MOST_EVERY_MS = 5_000;

export interface PresenceAnswer {
  /** When the sign-in ends if nothing else happens (absolute expiry or idle, whichever comes first). */
  idleExpiresAt: string;
  expiresAt: string;
  /** When to send the next one. */
  everyMs: number;
}

/** Accepts the heartbeat of someone inside the live room (refusals are thrown) and refreshes the sign-in's idle expiry. */
export async function acceptPresence(
  deps: Pick<AppDeps, 'store' | 'config' | 'now'>,
  session: SessionRecord,
  login: Pick<LoginRecord, 'id' | 'userId' | 'expiresAt' | 'lastSeenAt'>
): Promise<PresenceAnswer> {
  const { store, config } = deps;
  const room = await store.rooms.get(session.id);
  const status = room ? statusOf(room.state, login.userId) : undefined;
  if (status?.removed) throw new AppError('forbidden', 'You were removed from this session by a facilitator.', { reason: 'removed' });
  if (!status || !isPresentInRoom(status)) {
    throw new AppError('forbidden', 'You are not in the room of this session: being present counts only inside the room.', {
      reason: 'not_in_room',
      presence: status?.presence ?? 'outside'
    });
  }
  const now = deps.now();
  let seen = login.lastSeenAt.getTime();
  if (now.getTime() - seen >= TOUCH_AT_MOST_EVERY_MS) {
    await store.logins.touch(login.id, now);
    seen = now.getTime();
  }
  return {
    idleExpiresAt: new Date(Math.min(login.expiresAt.getTime(), seen + config.sessionIdleMs)).toISOString(),
    expiresAt: login.expiresAt.toISOString(),
    everyMs: presenceHeartbeatEveryMs(config.sessionIdleMs)
  };
}
