/**
 * /api chat and reactions of a session's room (mounted by server/routes/room.ts, which shares its RoomService):
 *   GET  /sessions/:id/chat[?thread=]          the messages the caller may read (live: in the room; afterwards:
 *                                              facilitators, and members who attended: group chat and their own thread;
 *                                              a side room's thread: its two people only); ?thread= one thread (403
 *                                              when the caller may not read it)
 *   POST /sessions/:id/chat                    { thread, text }: 201; the sender is the signed-in person
 *   POST /sessions/:id/chat/:messageId/hide    facilitators: hidden for everyone else, kept for the audit
 *   POST /sessions/:id/reactions               { reaction }: shown on the sender's tile for a few seconds
 * Members only (others 404); bad bodies 400/413/415, wrong role or thread 403, chat off 409, too fast 429.
 */
import { Hono } from 'hono';
import { chatThreadLabel, mayRead, talkSettings, whyNotRead } from '../../src/lib/core/chat';
import { chatPostSchema, reactionPostSchema } from '../../src/lib/core/chat/schemas';
import { conflict, forbidden, notFound } from '../../src/lib/core/errors';
import { isFacilitating } from '../../src/lib/core/group/rules';
import { findPerson } from '../../src/lib/core/room';
import { requireUser } from '../auth/login-sessions';
import { audit } from '../http/access';
import type { AppContext, AppDeps, AppEnv } from '../http/context';
import { idParam, readJson } from '../http/validate';
import type { RoomService } from '../room/service';
import { refuseNotInRoom, TalkService } from './service';

async function access(c: AppContext) {
  const user = requireUser(c);
  const { store } = c.get('deps');
  const session = await store.sessions.get(idParam(c, 'id', 'Session'));
  const membership = session && (await store.members.get(session.groupId, user.id));
  if (!session || !membership) throw notFound('Session');
  const speaker = { userId: user.id, displayName: user.displayName, role: membership.role };
  return { session, speaker, facilitating: isFacilitating(membership.role) };
}

export function chatRoutes(deps: AppDeps, rooms: RoomService) {
  const talk = new TalkService(deps, rooms.streams, deps.config.talk, deps.rateBuckets);

  /** A live session's room, for posting: people outside the room are refused before their body is read. */
  async function liveRoom(c: AppContext) {
    const found = await access(c);
    if (found.session.status !== 'live') throw conflict('The chat is open while the session is live.', { status: found.session.status });
    const state = await rooms.ensureRoom(found.session);
    const me = findPerson(state, found.speaker.userId);
    if (!found.facilitating && (!me || me.removed || me.presence !== 'admitted')) throw refuseNotInRoom();
    return { ...found, state };
  }

  return new Hono<AppEnv>()
    .get('/sessions/:id/chat', async (c) => {
      const { session, speaker, facilitating } = await access(c);
      if (session.status === 'scheduled') throw conflict('This session has not started yet.', { status: session.status });
      const state = await rooms.state(session.id);
      const me = state && findPerson(state, speaker.userId);
      if (!facilitating) {
        const live = session.status === 'live';
        const present = me && !me.removed && (live ? me.presence === 'admitted' || me.presence === 'reconnecting' : me.admittedAt !== null);
        if (!present) throw forbidden(live ? 'You can read the chat once you are in the room.' : 'You can read the chat of sessions you attended.');
      }
      const thread = c.req.query('thread');
      if (thread !== undefined && !mayRead(speaker, thread)) throw forbidden(whyNotRead(thread));
      const only = thread === undefined ? undefined : (candidate: string) => candidate === thread;
      return c.json({ messages: await talk.list(session.id, speaker, only), settings: talkSettings(state ?? {}) });
    })

    .post('/sessions/:id/chat', async (c) => {
      const { session, speaker, state } = await liveRoom(c);
      const post = await readJson(c, chatPostSchema);
      return c.json({ message: await talk.post(session.id, state, speaker, post) }, 201);
    })

    .post('/sessions/:id/chat/:messageId/hide', async (c) => {
      const { session, speaker, facilitating } = await access(c);
      if (!facilitating) throw forbidden('Only facilitators can hide a message.');
      const messageId = idParam(c, 'messageId', 'Message');
      const message = await talk.hide(session.id, await rooms.state(session.id), messageId, speaker);
      // The text stays in the chat store for the audit; the log names the message, never its words.
      await audit(c, { action: 'chat.hide', targetType: 'session', targetId: session.id, groupId: session.groupId, details: { messageId, thread: chatThreadLabel(message.thread) } });
      return c.json({ message });
    })

    .post('/sessions/:id/reactions', async (c) => {
      const { session, speaker, state } = await liveRoom(c);
      const { reaction } = await readJson(c, reactionPostSchema);
      return c.json({ reaction: await talk.react(session.id, state, speaker, reaction) }, 201);
    });
}
