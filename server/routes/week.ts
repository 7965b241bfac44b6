/**
 * The dashboard's week: a person's sessions of this week across their groups (cancelled ones too), with what a
 * facilitator needs for each live session they run: who has not given the room's safety check-in yet, and the open
 * "I need support" signals (the room's urgent alerts; src/lib/core/room/support.ts), and for each ended one whether
 * its attendance is confirmed.
 * Without SMTP_URL these are also the only reminders: the dashboard says so.
 */
import { Hono } from 'hono';
import { isFacilitating } from '../../src/lib/core/group/rules';
import { openSupportSignals } from '../../src/lib/core/room';
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
          const [members, checkins, room] = await Promise.all([store.members.list(s.groupId), store.rooms.listCheckins(s.id), store.rooms.get(s.id)]);
          const checkedIn = new Set(checkins.map((ch) => ch.userId));
          const names = new Map(members.map((m) => [m.userId, m.displayName]));
          return [
            s.id,
            {
              notCheckedIn: members.filter((m) => !isFacilitating(m.role) && !checkedIn.has(m.userId)).map((m) => ({ userId: m.userId, displayName: m.displayName })),
              openSupport: room
                ? openSupportSignals(room.state).map((sig) => ({ signalId: sig.id, displayName: names.get(sig.userId) ?? 'A participant', at: new Date(sig.at).toISOString() }))
                : []
            }
          ] as const;
        })
    );
    // An ended session a facilitator runs says whether its attendance is confirmed yet: the dashboard asks for it
    // until it is, then offers to review it.
    const ended = await Promise.all(
      sessions
        .filter((s) => s.status === 'ended' && isFacilitating(s.role))
        .map(async (s) => [s.id, { attendanceConfirmed: (await store.attendanceRecords.list(s.id)).length > 0 }] as const)
    );
    const details = new Map<string, object>([...live, ...ended]);
    return c.json({
      now: at.toISOString(),
      emailReminders: !!config.mail,
      sessions: sessions.map((s) => ({
          ...presentSession(s),
          groupName: s.groupName,
          timeZone: s.groupTimeZone,
          role: s.role,
        ...(details.get(s.id) ?? {})
      }))
    });
  });
}
