/**
 * An urgent alert (PHQ-9 item 9 above 0) raised outside a live session is emailed to every facilitator of the group,
 * through the durable job table (one job per alert and facilitator, retried), with no clinical content. The real app
 * on PostgreSQL, nodemailer, and a real SMTP server in-process; the clock is the test's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueRiskAlertEmails } from '../../server/measures/alert-mail';
import { createSmtpMailer, type Mailer } from '../../server/reminders/mailer';
import { createReminderWorker } from '../../server/reminders/worker';
import { createLogger } from '../../server/log';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { liveRoom } from '../room/helpers';
import { startSmtp } from './smtp';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const APP = 'https://groups.example.org';
const ITEM9 = [3, 3, 2, 2, 1, 2, 1, 1, 2];

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ env: { SMTP_URL: smtp.url, ORIGIN: APP } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const worker = (mailer: Mailer = createSmtpMailer(smtp.url, 'Group sessions <no-reply@example.org>')) =>
  createReminderWorker({ store: t.store, mailer, logger: createLogger('silent'), appUrl: APP, now: () => t.clock.now });

/** Fran leads, Cole co-facilitates; the live session ended, the next one is planned, PHQ-9 is homework. */
async function homeworkGroup() {
  const room = await liveRoom(t);
  const { facilitator, group, session, invite } = room;
  const cole = t.client();
  const coleUser = await cole.signup('Cole');
  await cole.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
  expect((await facilitator.patch(`/api/groups/${group.id}/members/${coleUser.id}`, { role: 'co_facilitator' })).status).toBe(200);
  expect((await facilitator.post(`/api/sessions/${session.id}/end`)).status).toBe(200);
  await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'Next week' });
  const phq = (await facilitator.post(`/api/groups/${group.id}/measures/schedules`, { measure: 'phq9', timing: 'homework' })).body.schedule;
  const due = async (client: typeof facilitator) => (await client.get(`/api/groups/${group.id}/measures`)).body.due[0].session.id as string;
  const answer = async (client: typeof facilitator, answers: number[]) =>
    client.post(`/api/groups/${group.id}/measures/schedules/${phq.id}/responses`, { sessionId: await due(client), answers });
  return { ...room, cole, coleUser, phq, answer };
}

describe('urgent alerts outside a session', () => {
  it('email every facilitator once, retried after a failed send, with no clinical content', async () => {
    smtp.received.length = 0;
    const { facilitator, facilitatorUser, coleUser, quinn, group, answer } = await homeworkGroup();
    // A facilitator who turned reminders off still gets safety notices.
    expect((await facilitator.patch('/api/me/preferences', { emailReminders: false })).status).toBe(200);
    expect((await answer(quinn.client, ITEM9)).status).toBe(201);

    const [alert] = (await facilitator.get(`/api/groups/${group.id}/measures/alerts`)).body.alerts;
    const jobs = await t.store.jobs.list({ kind: 'risk_alert' });
    expect(jobs.map((j) => j.dedupeKey).sort()).toEqual([`risk-alert:${alert.id}:${facilitatorUser.id}`, `risk-alert:${alert.id}:${coleUser.id}`].sort());
    // Raising it again (a retry of the request, a second process) adds nothing.
    expect(await enqueueRiskAlertEmails(t.deps, { id: alert.id, groupId: group.id, sessionId: alert.sessionId })).toBe(0);

    let failures = 1;
    const real = createSmtpMailer(smtp.url, 'no-reply@example.org');
    const flaky: Mailer = {
      async send(m) {
        if (failures-- > 0) throw new Error('421 try again later');
        await real.send(m);
      },
      close: () => real.close()
    };
    const w = worker(flaky);
    expect(await w.runOnce()).toMatchObject({ sent: 1, failed: 1 });
    t.clock.advance(31_000); // the backoff after one failure
    expect(await w.runOnce()).toMatchObject({ sent: 1, failed: 0 });
    const mails = await smtp.waitFor(2);
    expect(mails.map((m) => m.to[0]).sort()).toEqual([facilitatorUser.email, coleUser.email].sort());
    for (const mail of mails) {
      expect(mail.subject).toBe('A member of Tuesday CBT group needs follow-up');
      expect(mail.text).toContain(`${APP}/groups/${group.id}/measures`);
      expect(mail.text).not.toMatch(/Quinn|PHQ|item|score|self-harm|suicid|\b1[0-9]\b/i);
    }
    t.clock.advance(3_600_000);
    expect(await w.runOnce()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(2);
    expect((await t.store.jobs.list({ kind: 'risk_alert' })).map((j) => j.state)).toEqual(['done', 'done']);
  });

  it('are not emailed from a live session (the room banner shows them), nor after follow-up, nor to a former facilitator', async () => {
    smtp.received.length = 0;
    const live = await liveRoom(t);
    const phq = (await live.facilitator.post(`/api/groups/${live.group.id}/measures/schedules`, { measure: 'phq9', timing: 'session_start' })).body.schedule;
    const inRoom = await live.pat.client.post(`/api/groups/${live.group.id}/measures/schedules/${phq.id}/responses`, { sessionId: live.session.id, answers: ITEM9 });
    expect(inRoom.status).toBe(201);
    const before = (await t.store.jobs.list({ kind: 'risk_alert' })).length;

    const { facilitator, cole, coleUser, pat, quinn, group, answer } = await homeworkGroup();
    expect((await t.store.jobs.list({ kind: 'risk_alert' })).length).toBe(before);
    await cole.patch('/api/me/preferences', { calendarTitle: 'generic' });
    expect((await answer(pat.client, ITEM9)).status).toBe(201);
    expect((await answer(quinn.client, ITEM9)).status).toBe(201);
    const alerts = (await facilitator.get(`/api/groups/${group.id}/measures/alerts`)).body.alerts as Array<{ id: string; memberName: string }>;
    const patAlert = alerts.find((a) => a.memberName === 'Pat')!;
    // Fran records follow-up on Pat's alert before the worker runs: nobody is emailed about it any more.
    expect((await facilitator.post(`/api/groups/${group.id}/measures/alerts/${patAlert.id}/follow-up`, { actions: ['contacted'] })).status).toBe(200);
    expect(await worker().runOnce()).toMatchObject({ sent: 2, skipped: 2 });
    const mails = await smtp.waitFor(2);
    const toCole = mails.find((m) => m.to[0] === coleUser.email)!;
    expect(toCole.subject).toBe('A member of one of your groups needs follow-up');
    expect(toCole.text).not.toContain('Tuesday CBT group');

    // Cole is demoted before a new alert's email goes out: only Fran gets it.
    const third = await homeworkGroup();
    expect((await third.answer(third.pat.client, ITEM9)).status).toBe(201);
    expect((await third.facilitator.patch(`/api/groups/${third.group.id}/members/${third.coleUser.id}`, { role: 'participant' })).status).toBe(200);
    smtp.received.length = 0;
    expect(await worker().runOnce()).toMatchObject({ sent: 1, skipped: 1 });
    expect((await smtp.waitFor(1)).map((m) => m.to[0])).toEqual([third.facilitatorUser.email]);
  });
});
