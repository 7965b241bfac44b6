/**
 * The dashboard's week: a person's sessions of this week across their groups (cancelled ones too), with what a
 * facilitator needs (who has not checked in to a live session) and what a participant needs (homework due).
 * Without SMTP_URL these are also the only reminders: the dashboard says so.
 */
import { Hono } from 'hono';
import { isFacilitating } from '../../src/lib/core/group/rules';
import { requireUser } from '../auth/login-sessions';
import type { AppEnv } from '../http/context';
import { presentSession } from '../http/present';

const WEEK_MS = 7 * 86_400_000;

export function weekRoutes() {
  return new Hono<AppEnv>().get('/me/week', async (c) => {
    const user = requireUser(c);
    const { store, now, config } = c.get('deps');
    const at = now();
    // From the start of today (UTC, minus a day so that every zone's "today" is in) through 7 days ahead.
    const from = new Date(at.getTime() - 86_400_000);
    const sessions = await store.schedule.sessionsForMember(user.id, from, new Date(at.getTime() + WEEK_MS));
    const live = await Promise.all(
      sessions
        .filter((s) => s.status === 'live' && isFacilitating(s.role))
        .map(async (s) => {
          const [members, stays] = await Promise.all([store.members.list(s.groupId), store.attendance.list(s.id)]);
          const inRoom = new Set(stays.filter((st) => !st.leftAt).map((st) => st.userId));
          return [s.id, members.filter((m) => !isFacilitating(m.role) && !inRoom.has(m.userId)).map((m) => ({ userId: m.userId, displayName: m.displayName }))] as const;
        })
    );
    const notCheckedIn = new Map(live);
    return c.json({
      now: at.toISOString(),
      emailReminders: !!config.mail,
      sessions: sessions.map((s) => ({
          ...presentSession(s),
          groupName: s.groupName,
          timeZone: s.groupTimeZone,
          role: s.role,
        ...(notCheckedIn.has(s.id) ? { notCheckedIn: notCheckedIn.get(s.id) } : {})
      }))
    });
  });
}
