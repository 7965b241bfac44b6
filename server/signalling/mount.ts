/**
 * Mounts PeerJS signalling on the app: GET /peerjs/peerjs (WebSocket) for the stock client, and /peerjs/peerjs/id
 * answered with a refusal (ids come from POST /api/sessions/:id/media/peer). The cookie, the issued id, its sign-in
 * and the person's admission are checked before the upgrade; a refused socket is upgraded only to hear ERROR and a
 * named close code. Removal, sending back, sign-out and the session's end cut sockets at once.
 */
import type { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import { CLOSE, type CloseCode } from '../../src/lib/core/protocol';
import { isPeerId, PEERJS_KEY, SIGNALLING_MESSAGES, SIGNALLING_PATH } from '../../src/lib/core/protocol';
import { checkLogin, SESSION_COOKIE } from '../auth/login-sessions';
import type { AppContext, AppDeps, AppEnv } from '../http/context';
import { allowedOrigins } from '../http/security';
import { channelsOf } from '../channels/registry';
import { admittedMembership } from './admission';
import type { SignallingBus } from './bus';
import type { PeerGrant } from './grants';
import { SignallingHub, type HubOptions, type PeerSocket } from './hub';
import { configureMedia, mediaService } from './service';
import { RoomPartsIndex } from '../room-parts';

type Decision =
  | { ok: true; grant: PeerGrant; login: { expiresAt: Date; lastSeenAt: Date } }
  | { ok: false; close: CloseCode; msg: string; reason: string };

async function decide(c: AppContext, deps: AppDeps, parts: RoomPartsIndex): Promise<Decision> {
  const { store, config, now } = deps;
  const origin = c.req.header('origin');
  if (origin !== undefined && !allowedOrigins(c, config.origin).includes(origin)) {
    return { ok: false, close: CLOSE.forbidden, msg: 'This page may not connect to the video.', reason: 'cross_origin' };
  }
  const login = await checkLogin(store, getCookie(c, SESSION_COOKIE), now(), config.sessionIdleMs);
  if (!login.ok) return { ok: false, close: CLOSE.unauthenticated, msg: SIGNALLING_MESSAGES.unauthenticated, reason: 'unauthenticated' };
  const peerId = c.req.query('id');
  const service = mediaService(deps);
  const grant = isPeerId(peerId) ? await service.grants.get(peerId) : undefined;
  if (!grant || grant.loginId !== login.login.id || grant.userId !== login.user.id) {
    return { ok: false, close: CLOSE.forbidden, msg: SIGNALLING_MESSAGES.idNotIssued, reason: 'id_not_issued' };
  }
  const membership = await admittedMembership(store, service.admission, grant.sessionId, grant.userId);
  if (!membership) return { ok: false, close: CLOSE.forbidden, msg: SIGNALLING_MESSAGES.notAdmitted, reason: 'not_admitted' };
  // Who is in which part of the room (side room, pairs) is known before the peer meets anyone.
  await parts.ensure(grant.sessionId);
  // The role is re-decided on every (re)connect: a grant issued before a demotion does not carry facilitator rights.
  return { ok: true, grant: { ...grant, facilitating: membership.facilitating }, login: login.login };
}

function socketOf(ws: WSContext): PeerSocket {
  return {
    send: (text) => {
      if (ws.readyState === 1) ws.send(text);
    },
    close: (code, reason) => ws.close(code, reason)
  };
}

export interface MountedSignalling {
  hub: SignallingHub;
  close(): Promise<void>;
}

export function mountSignalling(
  app: Hono<AppEnv>,
  deps: AppDeps,
  upgradeWebSocket: UpgradeWebSocket,
  extra: { bus?: SignallingBus; hubOptions?: Partial<HubOptions> } = {}
): MountedSignalling {
  const logger = deps.logger.child({ part: 'signalling' });
  const service = extra.bus ? configureMedia(deps, { grants: extra.bus.grants }) : mediaService(deps);
  const parts = new RoomPartsIndex(deps);
  const stillAdmitted = (grant: PeerGrant) => admittedMembership(deps.store, service.admission, grant.sessionId, grant.userId);
  const hub = new SignallingHub({
    grants: service.grants,
    logger,
    bus: extra.bus,
    options: extra.hubOptions,
    parts,
    stillFacilitating: async (grant) => (await stillAdmitted(grant))?.facilitating ?? false
  });
  const channels = channelsOf(deps);
  const base = `${SIGNALLING_PATH}/${PEERJS_KEY}`;

  app.get(`${base}/id`, (c) =>
    c.json({ error: { code: 'forbidden', message: 'Peer ids are issued by POST /api/sessions/:id/media/peer.' } }, 403)
  );
  app.get(
    base,
    upgradeWebSocket(async (c) => {
      let decision: Decision;
      try {
        decision = await decide(c as unknown as AppContext, deps, parts);
      } catch (error) {
        logger.error('signalling upgrade could not be checked', { error });
        decision = { ok: false, close: CLOSE.unavailable, msg: 'The video service is busy. Trying again…', reason: 'unavailable' };
      }
      let socket: PeerSocket | undefined;
      let unregister: (() => void) | undefined;
      const forget = () => {
        unregister?.();
        unregister = undefined;
      };
      return {
        onOpen(_event, ws) {
          socket = socketOf(ws);
          if (decision.ok) {
            const { grant, login } = decision;
            if (!hub.open(socket, grant, c.req.query('token')?.slice(0, 64) ?? '')) return;
            logger.info('peer connected', { sessionId: grant.sessionId });
            const person = { sessionId: grant.sessionId, userId: grant.userId };
            unregister = channels.add(
              {
                kind: 'signalling',
                loginId: grant.loginId,
                userId: grant.userId,
                groupId: grant.groupId,
                end: () => hub.revoke({ loginId: grant.loginId }),
                // A role change or removal: signalling rights follow at once (mute rights granted or taken away).
                recheck: () =>
                  void stillAdmitted(grant).then(
                    (membership) => (membership ? hub.regrant(person, membership.facilitating) : hub.revoke(person)),
                    (error) => logger.warn('signalling re-check failed', { error })
                  )
              },
              login
            );
            return;
          }
          logger.info('signalling refused', { reason: decision.reason });
          socket.send(JSON.stringify({ type: 'ERROR', payload: { msg: decision.msg } }));
          socket.close(decision.close.code, decision.close.reason);
        },
        onMessage(event) {
          if (decision.ok && socket) hub.receive(decision.grant.peerId, socket, event.data as string | ArrayBuffer);
        },
        onClose() {
          forget();
          if (decision.ok && socket) hub.closed(decision.grant.peerId, socket);
        },
        onError() {
          forget();
          if (decision.ok && socket) hub.closed(decision.grant.peerId, socket);
        }
      };
    }),
    (c) => c.json({ error: { code: 'not_found', message: 'Connect with a WebSocket.' } }, 426)
  );

  const stops = [
    deps.events.on('session.access_revoked', ({ sessionId, userId }) => hub.revoke({ sessionId, userId })),
    deps.events.on('member.removed', ({ groupId, userId }) => hub.revoke({ groupId, userId })),
    deps.events.on('login.ended', ({ loginId }) => hub.revoke({ loginId })),
    deps.events.on('session.ended', ({ sessionId }) => hub.revoke({ sessionId }, 'session_ended'))
  ];

  return {
    hub,
    async close() {
      for (const stop of stops) stop();
      parts.close();
      await hub.close();
      await extra.bus?.close();
    }
  };
}
