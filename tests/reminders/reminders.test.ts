/**
 * Reminder emails end to end below the browser: the real app and job table on PostgreSQL, nodemailer, and a real
 * SMTP server in-process. The clock is the test's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer, type Mailer } from '../../server/reminders/mailer';
import { createReminderWorker } from '../../server/reminders/worker';
import { createLogger } from '../../server/log';
import { createTestApp, groupWithParticipant, type TestApp } from '../helpers/test-app';
import { startSmtp } from './smtp';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const logger = createLogger('silent');
const APP = 'https://groups.example.org';

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ env: { SMTP_URL: smtp.url, ORIGIN: APP, SESSION_IDLE_MINUTES: '100000', SESSION_MAX_HOURS: '100000' } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const worker = (mailer: Mailer = createSmtpMailer(smtp.url, 'Group sessions <no-reply@example.org>'), id?: string) =>
  createReminderWorker({ store: t.store, mailer, logger, appUrl: APP, now: () => t.clock.now, workerId: id });

describe('reminder emails', () => {
  it('sends day and hour reminders to participants, a digest to the facilitator, none to who opted out, and each once', async () => {
    t.clock.now = new Date('2026-03-02T17:00:00Z');
    const { facilitator, facilitatorUser, participantUser, group, invite } = await groupWithParticipant(t, {
      name: 'Tuesday evening group',
      kind: 'cbt',
      timeZone: 'Europe/Berlin'
    });
    const quiet = t.client();
    const quietUser = await quiet.signup('Quinn');
    await quiet.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    expect((await quiet.patch('/api/me/preferences', { emailReminders: false })).status).toBe(200);
    const sessions = (
      await facilitator.post(`/api/groups/${group.id}/series`, { title: 'Panic disorder, module 2', weekday: 2, time: '18:30', startDate: '2026-03-03', count: 2 })
    ).body.sessions;

    const w = worker();
    expect(await w.runOnce()).toMatchObject({ sent: 0 });
    const planned = await t.store.jobs.list();
    expect(planned.map((j) => j.dedupeKey).sort()).toEqual(
      [
        `digest:${facilitatorUser.id}:Europe/Berlin:2026-03-03`,
        `reminder:${sessions[0].id}:0:day:${participantUser.id}`,
        `reminder:${sessions[0].id}:0:hour:${participantUser.id}`
      ].sort()
    );

    t.clock.advance(31 * 60_000); // 17:31Z: a day before 18:30 Berlin
    expect(await w.runOnce()).toMatchObject({ sent: 1 });
    const [day] = await smtp.waitFor(1);
    expect(day.to).toEqual([participantUser.email]);
    expect(day.subject).toBe('Reminder: Tuesday evening group tomorrow');
    expect(day.text).toContain('Tue, 3 Mar 2026, 18:30 Europe/Berlin (CET)');
    expect(day.text).toContain(`${APP}/groups/${group.id}`);
    expect(day.text).not.toMatch(/Panic/);
    expect(smtp.received.some((m) => m.to.includes(quietUser.email))).toBe(false);

    t.clock.now = new Date('2026-03-03T06:01:00Z'); // 07:01 Berlin: the facilitator's digest
    expect(await w.runOnce()).toMatchObject({ sent: 1 });
    const digest = (await smtp.waitFor(2))[1];
    expect(digest.to).toEqual([facilitatorUser.email]);
    expect(digest.subject).toBe('Your groups on 2026-03-03: 1 session');
    expect(digest.text).toContain('18:30 Europe/Berlin (CET): Tuesday evening group');

    // Two workers poll at the same moment, on separate connections: the hour reminder goes once.
    t.clock.now = new Date('2026-03-03T16:31:00Z');
    const [r1, r2] = await Promise.all([worker(undefined, 'one').runOnce(), worker(undefined, 'two').runOnce()]);
    expect(r1.sent + r2.sent).toBe(1);
    await smtp.waitFor(3);
    await new Promise((r) => setTimeout(r, 200));
    const hour = smtp.received.filter((m) => m.subject === 'Reminder: Tuesday evening group in an hour');
    expect(hour).toHaveLength(1);
    expect(smtp.received).toHaveLength(3);
  });

  it('follows a move, tells members of a cancellation, and retries a failed send', async () => {
    smtp.received.length = 0;
    t.clock.now = new Date('2026-03-09T12:00:00Z');
    const { facilitator, participant, participantUser, group } = await groupWithParticipant(t, { name: 'Thursday DBT skills', kind: 'dbt', timeZone: 'Europe/Berlin' });
    await participant.patch('/api/me/preferences', { calendarTitle: 'generic' });
    const sessions = (
      await facilitator.post(`/api/groups/${group.id}/series`, { title: 'DBT', weekday: 2, time: '10:00', startDate: '2026-03-10', count: 2, durationMinutes: 60 })
    ).body.sessions;
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
    await w.runOnce(); // plans the hour reminder (the day one, due 9 Mar 09:00Z, is long past)
    // Moved to Wednesday 11:00 Berlin: the old reminders are dropped, new ones planned for the new time.
    await facilitator.patch(`/api/sessions/${sessions[0].id}`, { startsAt: '2026-03-11T11:00:00+01:00' });
    const pendingBefore = (await t.store.jobs.list()).filter((j) => j.dedupeKey.includes(sessions[0].id));
    expect(pendingBefore.every((j) => j.state === 'skipped')).toBe(true);
    t.clock.now = new Date('2026-03-10T10:00:00Z'); // 24 h before the new time
    expect(await w.runOnce()).toMatchObject({ failed: 1, sent: 0 });
    t.clock.advance(30_000);
    expect(await w.runOnce()).toMatchObject({ sent: 1 });
    const [moved] = await smtp.waitFor(1);
    expect(moved.subject).toBe('Reminder: Group session tomorrow');
    expect(moved.text).toContain('Wed, 11 Mar 2026, 11:00 Europe/Berlin (CET)');
    expect(moved.text).not.toContain('Thursday DBT');

    expect((await facilitator.post(`/api/sessions/${sessions[1].id}/cancel`)).status).toBe(200);
    expect((await t.store.jobs.list({ kind: 'cancellation' })).map((j) => j.payload.userId)).toEqual([participantUser.id]);
    expect(await w.runOnce()).toMatchObject({ sent: 1 });
    const cancelled = (await smtp.waitFor(2))[1];
    expect(cancelled.to).toEqual([participantUser.email]);
    expect(cancelled.subject).toBe('Cancelled: Group session on Tue, 17 Mar 2026, 10:00 Europe/Berlin (CET)');
    // The retry did not duplicate anything.
    expect(smtp.received).toHaveLength(2);
  });
});
