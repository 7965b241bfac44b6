/** Weekly series: a facilitator schedules them in the group's time zone; the sessions are made at once. */
import { Hono } from 'hono';
import { occurrences, occurrenceTitle, seriesSchema } from '../../src/lib/core/schedule/recurrence';
import { newId } from '../auth/login-sessions';
import { audit, requireGroupAccess } from '../http/access';
import type { AppEnv } from '../http/context';
import { presentSession } from '../http/present';
import { idParam, readJson } from '../http/validate';
import type { SeriesRecord } from '../storage/schedule';

const presentSeries = (s: SeriesRecord) => ({
  id: s.id,
  groupId: s.groupId,
  title: s.title,
  weekday: s.weekday,
  time: s.localTime,
  startDate: s.startDate,
  count: s.count,
  endDate: s.endDate,
  timeZone: s.timeZone,
  durationMinutes: s.durationMinutes,
  createdAt: s.createdAt.toISOString()
});

export function seriesRoutes() {
  return new Hono<AppEnv>()
    .post('/groups/:id/series', async (c) => {
      const { user, group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'), 'manage_sessions');
      const rule = await readJson(c, seriesSchema);
      const list = occurrences(rule, group.timeZone);
      const { series, sessions } = await c.get('deps').store.schedule.createSeries(
        {
          id: newId(),
          groupId: group.id,
          title: rule.title,
          weekday: rule.weekday,
          localTime: rule.time,
          startDate: rule.startDate,
          count: rule.count ?? null,
          endDate: rule.endDate ?? null,
          timeZone: group.timeZone,
          durationMinutes: rule.durationMinutes,
          createdBy: user.id
        },
        list.map((o) => ({ id: newId(), title: occurrenceTitle(rule.title, o.index, list.length), startsAt: o.startsAt, index: o.index }))
      );
      await audit(c, {
        action: 'series.create',
        targetType: 'series',
        targetId: series.id,
        groupId: group.id,
        details: { title: series.title, sessions: sessions.length, timeZone: series.timeZone }
      });
      c.get('deps').events.emit('group.changed', { groupId: group.id, what: 'sessions' });
      return c.json({ series: presentSeries(series), sessions: sessions.map(presentSession) }, 201);
    })

    .get('/groups/:id/series', async (c) => {
      const { group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'));
      return c.json({ series: (await c.get('deps').store.schedule.listSeries(group.id)).map(presentSeries) });
    });
}
