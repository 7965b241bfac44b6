/**
 * Media for a live session: a peer id for the signalling socket and the ICE servers (with short-lived TURN
 * credentials), only for members the room has let in. Media itself goes peer to peer, never through us.
 */
import { Hono } from 'hono';
import { forbidden, notFound } from '../../src/lib/core/errors';
import { PEERJS_KEY, SIGNALLING_PATH } from '../../src/lib/core/protocol';
import { requireUser } from '../auth/login-sessions';
import type { AppContext, AppEnv } from '../http/context';
import { idParam } from '../http/validate';
import { admittedMembership, type MediaMembership } from '../signalling/admission';
import { GRANT_TTL_MS, newPeerId } from '../signalling/grants';
import { mediaService } from '../signalling/service';
import { iceServersFor } from '../signalling/turn';

const NOT_ADMITTED = 'You can join the video once the session is live and a facilitator has let you into the room.';

/** The caller's standing in a session they are admitted to; sessions of groups they are not in are not found. */
async function admitted(c: AppContext): Promise<{ sessionId: string; membership: MediaMembership }> {
  const user = requireUser(c);
  const deps = c.get('deps');
  const sessionId = idParam(c, 'id', 'Session');
  const session = await deps.store.sessions.get(sessionId);
  if (!session || !(await deps.store.members.get(session.groupId, user.id))) throw notFound('Session');
  const membership = await admittedMembership(deps.store, mediaService(deps).admission, sessionId, user.id);
  if (!membership) throw forbidden(NOT_ADMITTED);
  return { sessionId, membership };
}

export function mediaRoutes() {
  return new Hono<AppEnv>()
    .post('/sessions/:id/media/peer', async (c) => {
      const { sessionId, membership } = await admitted(c);
      const deps = c.get('deps');
      const service = mediaService(deps);
      const user = c.get('user')!;
      const now = deps.now();
      const peerId = newPeerId();
      await service.grants.save({
        peerId,
        sessionId,
        groupId: membership.groupId,
        userId: user.id,
        loginId: c.get('login')!.id,
        facilitating: membership.facilitating,
        expiresAt: now.getTime() + GRANT_TTL_MS
      });
      const ice = iceServersFor(service.options, user.id, now);
      return c.json(
        {
          peerId,
          signalling: { path: SIGNALLING_PATH, key: PEERJS_KEY },
          iceServers: ice.iceServers,
          iceExpiresAt: ice.expiresAt?.toISOString() ?? null,
          facilitating: membership.facilitating
        },
        201
      );
    })

    .get('/sessions/:id/media/ice', async (c) => {
      await admitted(c);
      const deps = c.get('deps');
      const ice = iceServersFor(mediaService(deps).options, c.get('user')!.id, deps.now());
      return c.json({ iceServers: ice.iceServers, iceExpiresAt: ice.expiresAt?.toISOString() ?? null });
    });
}
