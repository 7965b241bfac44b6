/** Sessions: one meeting of a group. Facilitators schedule, edit, start and end them; members list them. */
import { Hono } from 'hono';
import { conflict, notFound } from '../../src/lib/core/errors';
import { isFacilitating } from '../../src/lib/core/group/rules';
import {
  createSessionSchema,
  isEditable,
  nextSequence,
  nextStatus,
  updateSessionSchema,
  type SessionTransition
} from '../../src/lib/core/session/rules';
import { newId, requireUser } from '../auth/login-sessions';
import { audit, requireGroupAccess } from '../http/access';
import type { AppContext, AppEnv } from '../http/context';
import { presentAttendance, presentSession } from '../http/present';
import { idParam, readJson } from '../http/validate';
import { sessionRescheduled } from '../reminders/planner';
import type { GroupAction } from '../../src/lib/core/group/rules';
import type { RoomService } from '../room/service';

/** The session and the caller's access to its group. Sessions of other groups are not found. */
async function sessionAccess(c: AppContext, action: GroupAction = 'view') {
  const { store } = c.get('deps');
  const session = await store.sessions.get(idParam(c, 'id', 'Session'));
  if (!session) throw notFound('Session');
  try {
    return { session, ...(await requireGroupAccess(c, session.groupId, action)) };
  } catch (error) {
    if ((error as { code?: string }).code === 'not_found') throw notFound('Session');
    throw error;
  }
}

export function sessionRoutes(rooms: Pick<RoomService, 'endRoomOf'>) {
  const transition = (kind: SessionTransition) => async (c: AppContext) => {
    const { session, group } = await sessionAccess(c, 'manage_sessions');
    const next = nextStatus(session.status, kind);
    if (!next.ok) throw conflict(next.reason, { status: session.status });
    const { store, now } = c.get('deps');
    if (kind === 'start') {
      const live = await store.sessions.liveForGroup(group.id);
      if (live) throw conflict(`“${live.title}” is still live. End it before starting another.`, { liveSessionId: live.id });
    }
    const at = now();
    const updated = await store.sessions.transition(session.id, [session.status], next.status, at);
    if (!updated) throw conflict('The session changed meanwhile. Reload and try again.');
    if (kind === 'end') {
      await store.attendance.closeAll(session.id, at);
      await rooms.endRoomOf(session.id);
    }
    if (kind === 'cancel') await sessionRescheduled(c.get('deps'), updated, group, 'cancelled');
    else c.get('deps').events.emit(kind === 'start' ? 'session.started' : 'session.ended', { groupId: group.id, sessionId: session.id });
    await audit(c, { action: `session.${kind}`, targetType: 'session', targetId: session.id, groupId: group.id });
    return c.json({ session: presentSession(updated) });
  };

  return new Hono<AppEnv>()
    .post('/groups/:id/sessions', async (c) => {
      const { user, group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'), 'manage_sessions');
      const input = await readJson(c, createSessionSchema);
      const session = await c.get('deps').store.sessions.create({
        id: newId(),
        groupId: group.id,
        title: input.title,
        startsAt: input.startsAt ? new Date(input.startsAt) : null,
        durationMinutes: input.durationMinutes,
        createdBy: user.id
      });
      await audit(c, {
        action: 'session.create',
        targetType: 'session',
        targetId: session.id,
        groupId: group.id,
        details: { title: session.title, startsAt: input.startsAt ?? null }
      });
      c.get('deps').events.emit('group.changed', { groupId: group.id, what: 'sessions' });
      return c.json({ session: presentSession(session) }, 201);
    })

    .get('/groups/:id/sessions', async (c) => {
      const { group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'));
      const sessions = await c.get('deps').store.sessions.listForGroup(group.id);
      return c.json({ sessions: sessions.map(presentSession) });
    })

    .get('/me/sessions', async (c) => {
      const user = requireUser(c);
      const sessions = await c.get('deps').store.sessions.listUpcomingForUser(user.id);
      return c.json({ sessions: sessions.map((s) => ({ ...presentSession(s), groupName: s.groupName })) });
    })

    .get('/sessions/:id', async (c) => {
      const { session, membership } = await sessionAccess(c);
      const attendance = isFacilitating(membership.role)
        ? (await c.get('deps').store.attendance.list(session.id)).map(presentAttendance)
        : undefined;
      return c.json({ session: presentSession(session), ...(attendance ? { attendance } : {}) });
    })

    .patch('/sessions/:id', async (c) => {
      const { session, group } = await sessionAccess(c, 'manage_sessions');
      const input = await readJson(c, updateSessionSchema);
      if (!isEditable(session.status)) throw conflict('Only scheduled sessions can be changed.', { status: session.status });
      const { startsAt, ...rest } = input;
      const moved = startsAt !== undefined && new Date(startsAt).getTime() !== session.startsAt?.getTime();
      const resized = input.durationMinutes !== undefined && input.durationMinutes !== session.durationMinutes;
      const updated = (await c.get('deps').store.sessions.update(session.id, {
        ...rest,
        ...(startsAt !== undefined ? { startsAt: new Date(startsAt) } : {}),
        sequence: nextSequence(session.sequence, { startsAt: moved, durationMinutes: resized })
      }))!;
      if (moved || resized) await sessionRescheduled(c.get('deps'), updated, group, 'moved');
      await audit(c, {
        action: 'session.update',
        targetType: 'session',
        targetId: session.id,
        groupId: group.id,
        details: { fields: Object.keys(input), ...(moved ? { from: session.startsAt?.toISOString() ?? null, to: updated.startsAt?.toISOString() } : {}) }
      });
      return c.json({ session: presentSession(updated) });
    })

    .post('/sessions/:id/start', transition('start'))
    .post('/sessions/:id/end', transition('end'))
    .post('/sessions/:id/cancel', transition('cancel'));
}
