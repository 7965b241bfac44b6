/**
 * /api/me/events: a member's open page hears that a session started or ended, that a board was created or locked and
 * that a worksheet was started in their group; people outside the group hear nothing; the stream ends with the sign-in.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { EventStream } from '../room/helpers';

const t = useTestApp();

const listen = async (cookie: string | undefined) => {
  const response = await t.app.request('/api/me/events', { headers: { cookie: cookie ?? '' } });
  expect(response.status).toBe(200);
  const stream = new EventStream(response);
  await stream.next('ready');
  return stream;
};

describe('the live stream of a person’s groups', () => {
  it('refuses people who are not signed in with a JSON 401', async () => {
    const response = await t.app.request('/api/me/events');
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('unauthenticated');
  });

  it('tells members about sessions, boards and worksheets of their group, and strangers nothing', async () => {
    const fran = t.client();
    await fran.signup('Fran');
    const group = (await fran.post('/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' })).body.group;
    const invite = (await fran.post(`/api/groups/${group.id}/invites`, { maxUses: 5 })).body.invite;
    const pat = t.client();
    await pat.signup('Pat');
    await pat.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    const stranger = t.client();
    await stranger.signup('Stranger');

    const patHears = await listen(pat.cookie);
    const strangerHears = await listen(stranger.cookie);
    const session = (await fran.post(`/api/groups/${group.id}/sessions`, { title: 'Session 1' })).body.session;
    expect((await fran.post(`/api/sessions/${session.id}/start`)).status).toBe(200);
    await patHears.next('group', (d) => d.groupId === group.id && d.what === 'sessions');

    const board = (await fran.post(`/api/groups/${group.id}/boards`, { title: 'Values' })).body.board;
    await patHears.next('group', (d) => d.what === 'boards');
    const boardNews = () => patHears.events.filter((e) => e.event === 'group' && e.data.what === 'boards').length;
    expect(boardNews()).toBe(1);
    expect((await fran.patch(`/api/boards/${board.id}`, { locked: true })).status).toBe(200);
    await expect.poll(boardNews).toBe(2);

    expect((await fran.post(`/api/sessions/${session.id}/end`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Created, started, ended.
    expect(patHears.events.filter((e) => e.event === 'group' && e.data.what === 'sessions')).toHaveLength(3);
    expect(strangerHears.has('group')).toBe(false);
    await Promise.all([patHears.close(), strangerHears.close()]);
  });

  it('tells members when a series is scheduled, one of its sessions moved and another cancelled', async () => {
    const fran = t.client();
    await fran.signup('Fran');
    const group = (await fran.post('/api/groups', { name: 'Weekly group', kind: 'cbt', timeZone: 'Europe/Berlin' })).body.group;
    const invite = (await fran.post(`/api/groups/${group.id}/invites`, { maxUses: 5 })).body.invite;
    const pat = t.client();
    await pat.signup('Pat');
    await pat.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    const patHears = await listen(pat.cookie);
    const news = () => patHears.events.filter((e) => e.event === 'group' && e.data.groupId === group.id && e.data.what === 'sessions').length;

    const series = await fran.post(`/api/groups/${group.id}/series`, { title: 'CBT', weekday: 2, time: '18:30', startDate: '2031-03-04', count: 3 });
    expect(series.status).toBe(201);
    await expect.poll(news).toBe(1);
    const [first, second] = series.body.sessions;
    expect((await fran.patch(`/api/sessions/${first.id}`, { startsAt: '2031-03-05T17:30:00.000Z' })).status).toBe(200);
    await expect.poll(news).toBe(2);
    expect((await fran.post(`/api/sessions/${second.id}/cancel`)).status).toBe(200);
    await expect.poll(news).toBe(3);
    await patHears.close();
  });

  it('ends when the person signs out', async () => {
    const sam = t.client();
    await sam.signup('Sam');
    const stream = await listen(sam.cookie);
    expect((await sam.post('/api/auth/logout')).status).toBeLessThan(300);
    await stream.ended;
  });
});
