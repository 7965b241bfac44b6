/**
 * Calendars and reminder preferences: a person's private feed link (made, shown once, revoked), the feed itself
 * (reached by its unguessable token alone, for calendar apps), a per-session .ics download, and the choices
 * "email reminders on/off" and "call events Group session".
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../../src/lib/core/errors';
import { newId, requireUser } from '../auth/login-sessions';
import { hashToken, looksLikeToken, newToken } from '../auth/tokens';
import { buildCalendar } from '../calendar/ics';
import { audit, requireGroupAccess } from '../http/access';
import type { AppContext, AppEnv } from '../http/context';
import { idParam, readJson } from '../http/validate';

export const FEED_PATH = '/calendar/feed';
const FEED_PAST_MS = 60 * 86_400_000;
const FEED_FUTURE_MS = 400 * 86_400_000;

const preferencesSchema = z
  .object({ emailReminders: z.boolean(), calendarTitle: z.enum(['group', 'generic']) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to change.');

/** The app's public address for links: ORIGIN, or the request's own. */
export function appUrl(c: AppContext): string {
  return c.get('deps').config.origin ?? new URL(c.req.url).origin;
}

function calendarResponse(c: AppContext, body: string, filename: string) {
  return c.body(body, 200, {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'private, no-store',
    'referrer-policy': 'no-referrer'
  });
}

export function calendarRoutes() {
  return new Hono<AppEnv>()
    .get('/me/calendar', async (c) => {
      const user = requireUser(c);
      const { store, config } = c.get('deps');
      const [feed, preferences] = await Promise.all([store.schedule.liveFeed(user.id), store.schedule.preferences(user.id)]);
      return c.json({
        feed: feed ? { createdAt: feed.createdAt.toISOString() } : null,
        preferences,
        emailEnabled: !!config.mail
      });
    })

    .patch('/me/preferences', async (c) => {
      const user = requireUser(c);
      const input = await readJson(c, preferencesSchema);
      const preferences = await c.get('deps').store.schedule.setPreferences(user.id, input);
      await audit(c, { action: 'preferences.update', targetType: 'user', targetId: user.id, details: input });
      return c.json({ preferences });
    })

    /** A new private feed link; any earlier one stops working. The link is shown only in this answer. */
    .post('/me/calendar/feed', async (c) => {
      const user = requireUser(c);
      const token = newToken();
      const feed = await c.get('deps').store.schedule.createFeed({ id: newId(), userId: user.id, tokenHash: hashToken(token) });
      await audit(c, { action: 'calendar_feed.create', targetType: 'calendar_feed', targetId: feed.id });
      return c.json({ feed: { createdAt: feed.createdAt.toISOString(), url: `${appUrl(c)}/api${FEED_PATH}/${token}.ics` } }, 201);
    })

    .delete('/me/calendar/feed', async (c) => {
      const user = requireUser(c);
      const revoked = await c.get('deps').store.schedule.revokeFeeds(user.id, c.get('deps').now());
      if (!revoked) throw notFound('Calendar feed');
      await audit(c, { action: 'calendar_feed.revoke', targetType: 'user', targetId: user.id });
      return c.json({ revoked });
    })

    /** The feed itself: no cookie, the token is the key. Unknown and revoked tokens are simply not found. */
    .get(`${FEED_PATH}/:file`, async (c) => {
      const token = c.req.param('file').replace(/\.ics$/, '');
      if (!looksLikeToken(token)) throw notFound('Calendar feed');
      const { store, now } = c.get('deps');
      const feed = await store.schedule.feedByTokenHash(hashToken(token));
      if (!feed || feed.revokedAt) throw notFound('Calendar feed');
      const at = now();
      const [sessions, preferences] = await Promise.all([
        store.schedule.sessionsForMember(feed.userId, new Date(at.getTime() - FEED_PAST_MS), new Date(at.getTime() + FEED_FUTURE_MS)),
        store.schedule.preferences(feed.userId)
      ]);
      const body = buildCalendar(
        sessions.map((s) => ({ session: s, groupName: s.groupName, timeZone: s.groupTimeZone })),
        { name: 'Group sessions', title: preferences.calendarTitle, appUrl: appUrl(c), now: at }
      );
      return calendarResponse(c, body, 'group-sessions.ics');
    })

    .get('/sessions/:id/calendar.ics', async (c) => {
      const { store, now } = c.get('deps');
      const session = await store.sessions.get(idParam(c, 'id', 'Session'));
      if (!session?.startsAt) throw notFound('Session');
      let access;
      try {
        access = await requireGroupAccess(c, session.groupId);
      } catch (error) {
        if ((error as { code?: string }).code === 'not_found') throw notFound('Session');
        throw error;
      }
      const preferences = await store.schedule.preferences(access.user.id);
      const body = buildCalendar([{ session, groupName: access.group.name, timeZone: access.group.timeZone }], {
        name: preferences.calendarTitle === 'generic' ? 'Group session' : access.group.name,
        title: preferences.calendarTitle,
        appUrl: appUrl(c),
        now: now(),
        method: 'publish'
      });
      return calendarResponse(c, body, 'session.ics');
    });
}
