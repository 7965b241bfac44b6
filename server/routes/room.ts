/**
 * /api the live session room: entry (status, agreement, safety check-in), the private event stream that is also
 * presence, commands checked by the server, the facilitators' full view, safety check-ins and the summary.
 * Members only (others get 404); a room for a session that is not live is a 409.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { AppError, conflict, forbidden, notFound } from '../../src/lib/core/errors';
import { isFacilitating } from '../../src/lib/core/group/rules';
import { statusOf, summarise } from '../../src/lib/core/room';
import { safetyCheckinSchema } from '../../src/lib/core/room/checkin';
import { parseRoomCommand } from '../../src/lib/core/room/command-schema';
import { requireUser } from '../auth/login-sessions';
import { audit } from '../http/access';
import type { AppContext, AppDeps, AppEnv } from '../http/context';
import { presentAttendance, presentSession } from '../http/present';
import { idParam, readJson } from '../http/validate';
import { sessionStateDocName } from '../../src/lib/core/documents/names';
import { RoomService } from '../room/service';
import type { RoomListener } from '../room/streams';
import { channelsOf } from '../channels/registry';
import { checkStepLinks } from '../room/step-links';
import { acceptPresence } from '../room/presence';
import { chatRoutes } from '../chat/routes';
import { countMessages } from '../../src/lib/core/chat';
import type { SessionRecord } from '../storage/store';

/** The session and the caller's membership; `live` refuses sessions that are not live with a clear 409. */
async function roomAccess(c: AppContext, { live = true, facilitatorsOnly = false } = {}) {
  const user = requireUser(c);
  const { store } = c.get('deps');
  const session = await store.sessions.get(idParam(c, 'id', 'Session'));
  const membership = session && (await store.members.get(session.groupId, user.id));
  if (!session || !membership) throw notFound('Session');
  if (facilitatorsOnly && !isFacilitating(membership.role)) throw forbidden('Only facilitators can see this.');
  if (live) requireLive(session);
  return { user, session, membership };
}

function requireLive(session: SessionRecord): void {
  if (session.status === 'live') return;
  throw conflict(
    session.status === 'ended'
      ? 'This session has ended. The room is closed.'
      : 'This session has not started yet. The room opens when a facilitator starts the session.',
    { status: session.status }
  );
}

/** Participants must have accepted the group's current agreement before entering. */
async function agreementAccepted(c: AppContext, session: SessionRecord, userId: string, facilitating: boolean): Promise<boolean> {
  if (facilitating) return true;
  const { store } = c.get('deps');
  const [group, acceptance] = await Promise.all([store.groups.get(session.groupId), store.members.latestAcceptance(session.groupId, userId)]);
  return !!group && acceptance?.agreementVersion === group.agreementVersion;
}

const agreementNeeded = () =>
  new AppError('conflict', 'Please read and accept the group agreement on the group page before entering the room.', {
    reason: 'agreement_required'
  });
const checkinNeeded = () =>
  new AppError('conflict', 'Please fill in the safety check-in before entering the room.', { reason: 'checkin_required' });

const HEARTBEAT_MS = 15_000;

export function roomRoutes(deps: AppDeps, service: RoomService = new RoomService(deps, deps.config.room)) {

  /** Everything a participant must have done before they may enter (facilitators enter directly). */
  async function requireEntry(c: AppContext, session: SessionRecord, userId: string, facilitating: boolean) {
    if (!(await agreementAccepted(c, session, userId, facilitating))) throw agreementNeeded();
    if (!facilitating && !(await deps.store.rooms.checkinFor(session.id, userId))) throw checkinNeeded();
  }

  return new Hono<AppEnv>()
    .route('/', chatRoutes(deps, service))
    .get('/sessions/:id/room/me', async (c) => {
      const { user, session, membership } = await roomAccess(c);
      const facilitating = isFacilitating(membership.role);
      const [accepted, checkin, state, group] = await Promise.all([
        agreementAccepted(c, session, user.id, facilitating),
        facilitating ? undefined : deps.store.rooms.checkinFor(session.id, user.id),
        service.ensureRoom(session),
        deps.store.groups.get(session.groupId)
      ]);
      return c.json({
        session: presentSession(session),
        groupName: group?.name ?? '',
        docName: sessionStateDocName(session.id),
        me: { userId: user.id, displayName: user.displayName, role: membership.role },
        agreementAccepted: accepted,
        checkinRequired: !facilitating && !checkin,
        status: statusOf(state, user.id)
      });
    })

    .post('/sessions/:id/room/checkin', async (c) => {
      const { user, session, membership } = await roomAccess(c);
      const input = await readJson(c, safetyCheckinSchema);
      const facilitating = isFacilitating(membership.role);
      if (!(await agreementAccepted(c, session, user.id, facilitating))) throw agreementNeeded();
      const state = await service.ensureRoom(session);
      if (statusOf(state, user.id).removed) throw forbidden('You were removed from this session by a facilitator.');
      const saved = await deps.store.rooms.addCheckin({ sessionId: session.id, userId: user.id, ...input }, deps.now());
      // The answers themselves are never written to the audit log.
      await audit(c, { action: 'room.checkin', targetType: 'session', targetId: session.id, groupId: session.groupId });
      return c.json({ checkin: { createdAt: saved.createdAt.toISOString() } }, 201);
    })

    .get('/sessions/:id/room/checkin/last', async (c) => {
      const { user } = await roomAccess(c, { live: false });
      const last = await deps.store.rooms.lastCheckin(user.id);
      return c.json({
        checkin: last
          ? { location: last.location, emergencyContactName: last.emergencyContactName, emergencyContactPhone: last.emergencyContactPhone }
          : null
      });
    })

    .get('/sessions/:id/room/checkins', async (c) => {
      const { session } = await roomAccess(c, { live: false, facilitatorsOnly: true });
      const [checkins, members] = await Promise.all([deps.store.rooms.listCheckins(session.id), deps.store.members.list(session.groupId)]);
      const names = new Map(members.map((member) => [member.userId, member.displayName]));
      await audit(c, {
        action: 'room.checkins.read',
        targetType: 'session',
        targetId: session.id,
        groupId: session.groupId,
        details: { count: checkins.length }
      });
      return c.json({
        checkins: checkins.map((checkin) => ({
          userId: checkin.userId,
          displayName: names.get(checkin.userId) ?? 'Former member',
          location: checkin.location,
          emergencyContactName: checkin.emergencyContactName,
          emergencyContactPhone: checkin.emergencyContactPhone,
          createdAt: checkin.createdAt.toISOString()
        }))
      });
    })

    .get('/sessions/:id/room/events', async (c) => {
      const { user, session, membership } = await roomAccess(c);
      const login = c.get('login')!;
      const facilitating = isFacilitating(membership.role);
      await requireEntry(c, session, user.id, facilitating);
      await service.ensureRoom(session);
      const streamId = await service.connect(session, user, membership.role);
      return streamSSE(c, async (stream) => {
        let finish!: () => void;
        const done = new Promise<void>((resolve) => (finish = resolve));
        let open = true;
        // Writes go out one after another; closing waits for them, so a removed person still reads why.
        let writes = Promise.resolve();
        const listener: RoomListener = {
          sessionId: session.id,
          userId: user.id,
          groupId: session.groupId,
          role: membership.role,
          send: (event: string, data: unknown) => {
            if (!open) return;
            writes = writes.then(() => stream.writeSSE({ event, data: JSON.stringify(data) })).catch(finish);
          },
          close: () => void writes.then(finish)
        };
        const unregister = service.streams.add(session.id, listener);
        // The sign-in and the membership behind this stream are followed: sign-out, expiry and removal end it.
        const unregisterChannel = channelsOf(deps).add(
          {
            kind: 'room_stream',
            loginId: login.id,
            userId: user.id,
            groupId: session.groupId,
            end: () => {
              listener.send('notice', { kind: 'signed_out' });
              listener.close();
            },
            // A role change or removal, made here or on another process: the stream's audience is re-decided now.
            recheck: () =>
              void deps.store.members.get(session.groupId, user.id).then(
                (member) => (member ? service.followRole(listener, member.role) : listener.close()),
                () => listener.close()
              )
          },
          login
        );
        stream.onAbort(() => finish());
        const heartbeat = setInterval(() => listener.send('ping', {}), HEARTBEAT_MS);
        try {
          await service.greet(session.id, listener);
          await done;
        } finally {
          open = false;
          clearInterval(heartbeat);
          unregister();
          unregisterChannel();
          service.disconnected(session, user.id, streamId);
        }
      });
    })

    /** The presence heartbeat: being inside the live room counts as activity for idle expiry (server/room/presence.ts). */
    .post('/sessions/:id/room/presence', async (c) => {
      const { session } = await roomAccess(c);
      return c.json({ presence: await acceptPresence(deps, session, c.get('login')!) });
    })

    .post('/sessions/:id/room/commands', async (c) => {
      const { user, session, membership } = await roomAccess(c);
      const parsed = parseRoomCommand(await readJson(c, z.unknown()));
      if (!parsed.ok) throw new AppError(parsed.error.code, parsed.error.message, parsed.error.details);
      if (isFacilitating(membership.role)) await checkStepLinks(deps.store, session, parsed.command);
      await service.ensureRoom(session);
      const state = await service.command(session, { userId: user.id, role: membership.role }, parsed.command, { ip: c.get('ip') });
      return c.json({ version: state.version });
    })

    .get('/sessions/:id/room', async (c) => {
      const { session } = await roomAccess(c, { facilitatorsOnly: true });
      return c.json({ state: await service.ensureRoom(session) });
    })

    .get('/sessions/:id/summary', async (c) => {
      const { session } = await roomAccess(c, { live: false, facilitatorsOnly: true });
      const state = await service.state(session.id);
      if (!state) throw notFound('Room record of this session');
      const [attendance, chat] = await Promise.all([deps.store.attendance.list(session.id), deps.store.chat.list(session.id)]);
      return c.json({
        session: presentSession(session),
        summary: summarise(state, deps.now().getTime()),
        chat: countMessages(chat),
        attendance: attendance.map(presentAttendance)
      });
    });
}
