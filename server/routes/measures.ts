/**
 * /api measures (PHQ-9, GAD-7): facilitators schedule them for a group and set its crisis resources; participants
 * answer them; the server scores every answer itself. Scores are health data: a participant reads only their own,
 * facilitators read their group's, and every facilitator read and export is audited (never with the scores in it).
 * A risk answer (PHQ-9 item 9 above 0) is stored as an open alert in the same transaction as the answer, raised at once
 * in the group's live room (event 'measure.urgent_alert'), listed on the facilitators' dashboard, and stays open until a
 * facilitator records follow-up. Outside a live session it is also emailed to each facilitator (../measures/alert-mail.ts).
 */
import { Hono } from 'hono';
import { conflict, forbidden, notFound } from '../../src/lib/core/errors';
import { isFacilitating } from '../../src/lib/core/group/rules';
import {
  DEFAULT_CRISIS_MESSAGE,
  crisisSettingsSchema,
  followUpInputSchema,
  instrument,
  responseInputSchema,
  scheduleInputSchema,
  score,
  scoresToCsv,
  targetSession,
  trendsOf
} from '../../src/lib/core/measures';
import { newId, requireUser } from '../auth/login-sessions';
import { type GroupAccess, audit, requireGroupAccess } from '../http/access';
import type { AppContext, AppEnv } from '../http/context';
import { idParam, readJson } from '../http/validate';
import { enqueueRiskAlertEmails } from '../measures/alert-mail';
import { presentAlert, presentPoint, presentSchedule } from '../measures/present';
import type { ScheduleRecord } from '../storage/measures';

async function groupAccess(c: AppContext, { facilitating = false } = {}): Promise<GroupAccess> {
  const access = await requireGroupAccess(c, idParam(c, 'id', 'Group'));
  if (facilitating && !isFacilitating(access.membership.role)) throw forbidden('Only facilitators can do this.');
  return access;
}

/** The member whose scores are asked for: participants may name only themselves. */
async function scoresAccess(c: AppContext) {
  const access = await groupAccess(c);
  const userId = idParam(c, 'userId', 'Member');
  if (userId !== access.user.id && !isFacilitating(access.membership.role)) {
    throw forbidden('You can only see your own scores.');
  }
  const member = (await c.get('deps').store.members.list(access.group.id)).find((each) => each.userId === userId);
  const responses = await c.get('deps').store.measures.responses(access.group.id, userId);
  // A former member's scores stay readable to facilitators (they are in the record), under a neutral name.
  if (!member && responses.length === 0) throw notFound('Member');
  return { access, userId, memberName: member?.displayName ?? 'Former member', points: responses.map(presentPoint) };
}

/** For each active schedule: the session it is open for now (if any), and whether the caller answered it. */
async function dueFor(c: AppContext, groupId: string, userId: string, schedules: ScheduleRecord[]) {
  const { store } = c.get('deps');
  const [sessions, answered] = await Promise.all([store.sessions.listForGroup(groupId), store.measures.answered(groupId, userId)]);
  const slots = sessions.map((s) => ({ id: s.id, status: s.status, startsAt: s.startsAt?.getTime() ?? null }));
  return schedules.map((schedule) => {
    const sessionId = targetSession(schedule.timing, slots);
    const session = sessions.find((s) => s.id === sessionId);
    return {
      schedule: presentSchedule(schedule),
      session: session ? { id: session.id, title: session.title, status: session.status } : null,
      answered: !!sessionId && answered.some((a) => a.scheduleId === schedule.id && a.sessionId === sessionId)
    };
  });
}

async function crisisText(c: AppContext, groupId: string): Promise<string> {
  const text = await c.get('deps').store.measures.crisisResources(groupId);
  return text && text.trim() !== '' ? text : DEFAULT_CRISIS_MESSAGE;
}

export function measureRoutes() {
  return new Hono<AppEnv>()
    .get('/groups/:id/measures', async (c) => {
      const access = await groupAccess(c);
      const { store } = c.get('deps');
      const schedules = await store.measures.schedules(access.group.id);
      const facilitating = isFacilitating(access.membership.role);
      return c.json({
        schedules: schedules.map(presentSchedule),
        crisisResources: await crisisText(c, access.group.id),
        crisisResourcesSet: !!(await store.measures.crisisResources(access.group.id))?.trim(),
        due: facilitating ? [] : await dueFor(c, access.group.id, access.user.id, schedules)
      });
    })

    .post('/groups/:id/measures/schedules', async (c) => {
      const access = await groupAccess(c, { facilitating: true });
      const input = await readJson(c, scheduleInputSchema);
      const { store } = c.get('deps');
      const existing = await store.measures.schedules(access.group.id);
      if (existing.some((s) => s.measure === input.measure)) {
        throw conflict(`${instrument(input.measure).name} is already scheduled for this group. Stop it first to change when it is asked.`);
      }
      const schedule = await store.measures.createSchedule({ id: newId(), groupId: access.group.id, createdBy: access.user.id, ...input });
      await audit(c, { action: 'measure.schedule', targetType: 'measure_schedule', targetId: schedule.id, groupId: access.group.id, details: { ...input } });
      return c.json({ schedule: presentSchedule(schedule) }, 201);
    })

    .post('/groups/:id/measures/schedules/:scheduleId/stop', async (c) => {
      const access = await groupAccess(c, { facilitating: true });
      const { store, now } = c.get('deps');
      const schedule = await store.measures.schedule(idParam(c, 'scheduleId', 'Schedule'));
      if (!schedule || schedule.groupId !== access.group.id) throw notFound('Schedule');
      const stopped = await store.measures.stopSchedule(schedule.id, now());
      if (!stopped) throw conflict('This measure was already stopped.');
      await audit(c, { action: 'measure.stop', targetType: 'measure_schedule', targetId: schedule.id, groupId: access.group.id });
      return c.json({ schedule: presentSchedule(stopped) });
    })

    .put('/groups/:id/measures/crisis-resources', async (c) => {
      const access = await groupAccess(c, { facilitating: true });
      const input = await readJson(c, crisisSettingsSchema);
      const { store, now } = c.get('deps');
      await store.measures.setCrisisResources(access.group.id, input.crisisResources, access.user.id, now());
      await audit(c, { action: 'measure.crisis_resources', targetType: 'group', targetId: access.group.id, groupId: access.group.id });
      return c.json({ crisisResources: await crisisText(c, access.group.id) });
    })

    .post('/groups/:id/measures/schedules/:scheduleId/responses', async (c) => {
      const access = await groupAccess(c);
      if (access.membership.role !== 'participant') throw forbidden('Measures are answered by participants.');
      const { store, now, events } = c.get('deps');
      const schedule = await store.measures.schedule(idParam(c, 'scheduleId', 'Schedule'));
      if (!schedule || schedule.groupId !== access.group.id) throw notFound('Schedule');
      if (schedule.stoppedAt) throw conflict('A facilitator stopped this measure; it is no longer asked.');
      const input = await readJson(c, responseInputSchema(schedule.measure));
      const [due] = await dueFor(c, access.group.id, access.user.id, [schedule]);
      if (due.session?.id !== input.sessionId) {
        throw conflict(
          schedule.timing === 'session_start'
            ? 'This questionnaire opens at the start of a session. Please answer it when the session is live.'
            : 'This questionnaire is now for another session. Please reload the page.',
          { reason: 'not_open_for_session' }
        );
      }
      if (due.answered) throw conflict('You have already answered this questionnaire for this session.', { reason: 'already_answered' });
      const scored = score(schedule.measure, input.answers);
      const at = now();
      const saved = await store.measures.saveResponse(
        {
          id: newId(),
          scheduleId: schedule.id,
          groupId: access.group.id,
          sessionId: input.sessionId,
          userId: access.user.id,
          measure: schedule.measure,
          answers: input.answers,
          difficulty: input.difficulty,
          total: scored.total,
          bandIndex: scored.bandIndex,
          urgent: scored.urgent
        },
        scored.urgent ? { id: newId() } : null,
        at
      );
      if (!saved) throw conflict('You have already answered this questionnaire for this session.', { reason: 'already_answered' });
      // The scores themselves are never written to the audit log.
      await audit(c, { action: 'measure.response', targetType: 'measure_response', targetId: saved.response.id, groupId: access.group.id, details: { measure: schedule.measure, sessionId: input.sessionId } });
      if (saved.alert) {
        await audit(c, { action: 'measure.risk_alert', targetType: 'user', targetId: access.user.id, groupId: access.group.id, details: { alertId: saved.alert.id, sessionId: input.sessionId } });
        events.emit('measure.urgent_alert', { groupId: access.group.id, alertId: saved.alert.id, userId: access.user.id, displayName: access.user.displayName });
        await enqueueRiskAlertEmails(c.get('deps'), saved.alert);
      }
      return c.json(
        {
          response: { id: saved.response.id, total: scored.total, band: scored.band, answered: scored.answered, skipped: scored.skipped },
          // Only what the member needs to see now: the group's crisis resources when their answer raised an alert.
          ...(scored.urgent ? { support: { crisisResources: await crisisText(c, access.group.id) } } : {})
        },
        201
      );
    })

    .get('/groups/:id/measures/members/:userId', async (c) => {
      const { access, userId, memberName, points } = await scoresAccess(c);
      if (userId !== access.user.id) {
        await audit(c, { action: 'measure.scores.read', targetType: 'user', targetId: userId, groupId: access.group.id, details: { responses: points.length } });
      }
      return c.json({ member: { userId, displayName: memberName }, trends: trendsOf(points) });
    })

    .get('/groups/:id/measures/members/:userId/export', async (c) => {
      const { access, userId, memberName, points } = await scoresAccess(c);
      await audit(c, { action: 'measure.scores.export', targetType: 'user', targetId: userId, groupId: access.group.id, details: { responses: points.length, format: 'csv' } });
      const safeName = memberName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'member';
      return c.json({ fileName: `scores-${safeName}.csv`, contentType: 'text/csv', content: scoresToCsv(memberName, points) });
    })

    .get('/groups/:id/measures/overview', async (c) => {
      const access = await groupAccess(c, { facilitating: true });
      const { store } = c.get('deps');
      const [members, responses] = await Promise.all([store.members.list(access.group.id), store.measures.responses(access.group.id)]);
      const rows = members
        .filter((member) => member.role === 'participant')
        .map((member) => ({
          userId: member.userId,
          displayName: member.displayName,
          trends: trendsOf(responses.filter((r) => r.userId === member.userId).map(presentPoint)).map(({ points: _points, ...rest }) => rest)
        }));
      await audit(c, { action: 'measure.overview.read', targetType: 'group', targetId: access.group.id, groupId: access.group.id, details: { members: rows.length } });
      return c.json({ members: rows });
    })

    .get('/groups/:id/measures/alerts', async (c) => {
      const access = await groupAccess(c, { facilitating: true });
      return c.json({ alerts: (await c.get('deps').store.measures.riskAlerts(access.group.id)).map(presentAlert) });
    })

    .post('/groups/:id/measures/alerts/:alertId/follow-up', async (c) => {
      const access = await groupAccess(c, { facilitating: true });
      const input = await readJson(c, followUpInputSchema);
      const { store, now, events } = c.get('deps');
      const alert = await store.measures.riskAlert(idParam(c, 'alertId', 'Alert'));
      if (!alert || alert.groupId !== access.group.id) throw notFound('Alert');
      const closed = await store.measures.recordFollowUp(alert.id, input.actions, access.user.id, now());
      if (!closed) {
        const current = await store.measures.riskAlert(alert.id);
        throw conflict(`${current?.followedUpByName ?? 'Another facilitator'} has already recorded follow-up for this alert.`);
      }
      await audit(c, { action: 'measure.risk_follow_up', targetType: 'user', targetId: alert.userId, groupId: access.group.id, details: { alertId: alert.id, actions: input.actions } });
      events.emit('measure.alert_followed_up', { groupId: access.group.id, alertId: alert.id, facilitatorId: access.user.id });
      return c.json({ alert: presentAlert((await store.measures.riskAlert(alert.id))!) });
    })

    .get('/me/risk-alerts', async (c) => {
      const user = requireUser(c);
      const { store } = c.get('deps');
      const groups = (await store.groups.listForUser(user.id)).filter((group) => isFacilitating(group.role));
      return c.json({ alerts: (await store.measures.openRiskAlerts(groups.map((group) => group.id))).map(presentAlert) });
    });
}
