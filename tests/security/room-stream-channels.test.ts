/**
 * Findings 2 and 3 on the room event stream: it follows the sign-in (sign-out, a password change elsewhere, idle and
 * absolute expiry end it within a second, and an open stream is not activity) and the role (a demoted
 * co-facilitator's open stream stops receiving facilitator alerts and the full room state at once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsOf } from '../../server/channels/registry';
import { createTestApp, TestClient, type TestApp } from '../helpers/test-app';
import { CHECKIN, EventStream, liveRoom, streamOf, type Requester } from '../room/helpers';

let t: TestApp;
let request: Requester;
beforeAll(async () => {
  process.env.ROOM_LEAVE_GRACE_MS = '150';
  t = await createTestApp();
  request = (path, init) => Promise.resolve(t.app.request(path, init));
});
afterAll(async () => {
  delete process.env.ROOM_LEAVE_GRACE_MS;
  await Promise.all(streams.map((stream) => stream.close()));
  await t.close();
});

const streams: EventStream[] = [];
async function open(client: TestClient, sessionId: string): Promise<EventStream> {
  const stream = await streamOf(request, client, sessionId);
  streams.push(stream);
  await stream.next('status');
  return stream;
}

/** Resolves true once the stream has ended, false if it is still open after `ms` (the 1 s promise). */
async function endsWithin(stream: EventStream, ms = 1_000): Promise<boolean> {
  return Promise.race([stream.ended.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
}

async function signInAgain(t: TestApp, email: string): Promise<TestClient> {
  const client = t.client();
  const res = await client.post('/api/auth/login', { email, password: 'correct horse battery' });
  expect(res.status).toBe(200);
  return client;
}

describe('the room stream follows the sign-in', () => {
  it('ends within 1 s of signing out, saying why', async () => {
    const { facilitator, session } = await liveRoom(t);
    const stream = await open(facilitator, session.id);
    expect((await facilitator.post('/api/auth/logout')).status).toBe(204);
    expect(await endsWithin(stream)).toBe(true);
    expect(stream.has('notice', (n) => n.kind === 'signed_out')).toBe(true);
  });

  it('ends within 1 s when a password change elsewhere ends this sign-in, and keeps the changer’s own', async () => {
    const { facilitator, facilitatorUser, session } = await liveRoom(t);
    const laptop = await signInAgain(t, facilitatorUser.email);
    const onLaptop = await open(laptop, session.id);
    const here = await open(facilitator, session.id);
    const changed = await facilitator.post('/api/me/password', { currentPassword: 'correct horse battery', newPassword: 'a new long password' });
    expect(changed.status).toBe(204);
    expect(await endsWithin(onLaptop)).toBe(true);
    expect(await endsWithin(here, 300)).toBe(false);
  });

  it('ends at idle expiry with no request at all: an open stream is not activity', async () => {
    const { facilitator, session } = await liveRoom(t);
    const stream = await open(facilitator, session.id);
    t.clock.advance(t.config.sessionIdleMs - 60_000);
    expect(await endsWithin(stream, 600)).toBe(false);
    t.clock.advance(2 * 60_000);
    expect(await endsWithin(stream)).toBe(true);
    expect((await facilitator.get('/api/me')).status).toBe(401);
  });

  it('ends at the absolute expiry even while the person keeps making requests', async () => {
    const { facilitator, session } = await liveRoom(t);
    const me = (await facilitator.get('/api/me')).body.login;
    const expiresAt = new Date(me.expiresAt).getTime();
    const stream = await open(facilitator, session.id);
    while (t.clock.now.getTime() + 20 * 60_000 < expiresAt) {
      t.clock.advance(20 * 60_000);
      expect((await facilitator.get('/api/me')).status).toBe(200);
    }
    expect(await endsWithin(stream, 300)).toBe(false);
    t.clock.now = new Date(expiresAt + 1_000);
    expect(await endsWithin(stream)).toBe(true);
  });

  it('the registry knows every open stream of a sign-in and forgets it once closed', async () => {
    const { facilitator, session } = await liveRoom(t);
    const before = channelsOf(t.deps).size;
    const stream = await open(facilitator, session.id);
    expect(channelsOf(t.deps).size).toBe(before + 1);
    expect(channelsOf(t.deps).all().some((channel) => channel.kind === 'room_stream')).toBe(true);
    await stream.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(channelsOf(t.deps).size).toBe(before);
  });
});

describe('the room stream follows the role', () => {
  it('a demoted co-facilitator’s open stream stops receiving alerts and the full state at once', async () => {
    const { facilitator, pat, quinn, group, session, room } = await liveRoom(t);
    expect((await facilitator.patch(`/api/groups/${group.id}/members/${pat.user.id}`, { role: 'co_facilitator' })).status).toBe(200);
    await open(facilitator, session.id);
    const patStream = await open(pat.client, session.id);
    await patStream.next('state');
    expect((await quinn.client.post(`${room}/checkin`, CHECKIN)).status).toBe(201);
    const quinnStream = await open(quinn.client, session.id);
    expect((await facilitator.post(`${room}/commands`, { type: 'admit_all' })).status).toBe(200);
    await quinnStream.next('status', (s) => s.presence === 'admitted');
    expect((await quinn.client.post(`${room}/commands`, { type: 'send_support' })).status).toBe(200);
    await patStream.next('alert');

    expect((await facilitator.patch(`/api/groups/${group.id}/members/${pat.user.id}`, { role: 'participant' })).status).toBe(200);
    // Told at once, so the page hides the facilitator's tools.
    expect(patStream.has('notice', (n) => n.kind === 'role_changed' && n.role === 'participant')).toBe(true);
    const seen = patStream.events.length;
    expect((await quinn.client.post(`${room}/commands`, { type: 'send_support' })).status).toBe(200);
    expect((await facilitator.post(`${room}/commands`, { type: 'raise_hand' })).status).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = patStream.events.slice(seen).map((e) => e.event);
    expect(after).not.toContain('alert');
    expect(after).not.toContain('state');
    expect((await pat.client.get(room)).status).toBe(403);
  });
});

describe('the room stream follows a promotion', () => {
  it('a participant made co-facilitator is told and gets the full state on the open stream', async () => {
    const { facilitator, quinn, group, session, room } = await liveRoom(t);
    await open(facilitator, session.id);
    expect((await quinn.client.post(`${room}/checkin`, CHECKIN)).status).toBe(201);
    const quinnStream = await open(quinn.client, session.id);
    expect(quinnStream.has('state')).toBe(false);
    expect((await facilitator.patch(`/api/groups/${group.id}/members/${quinn.user.id}`, { role: 'co_facilitator' })).status).toBe(200);
    expect(await quinnStream.next('notice', (n) => n.kind === 'role_changed' && n.role === 'co_facilitator')).toBeTruthy();
    expect(await quinnStream.next('state', (state) => Array.isArray(state.people))).toBeTruthy();
  });
});

describe('the person’s own event stream (/api/me/events) follows the sign-in', () => {
  async function openMine(client: TestClient): Promise<EventStream> {
    const stream = new EventStream(await t.app.request('/api/me/events', { headers: { cookie: client.cookie! } }));
    streams.push(stream);
    await stream.next('ready');
    return stream;
  }

  it('is a channel of the sign-in and ends within 1 s at idle expiry, with no request at all', async () => {
    const { facilitator } = await liveRoom(t);
    const stream = await openMine(facilitator);
    expect(channelsOf(t.deps).all().some((channel) => channel.kind === 'me_events')).toBe(true);
    t.clock.advance(t.config.sessionIdleMs - 60_000);
    expect(await endsWithin(stream, 600)).toBe(false);
    t.clock.advance(2 * 60_000);
    expect(await endsWithin(stream)).toBe(true);
    expect(stream.has('notice', (n) => n.kind === 'signed_out')).toBe(true);
  });

  it('ends within 1 s when a password change elsewhere ends this sign-in, and keeps the changer’s own', async () => {
    const { facilitator, facilitatorUser } = await liveRoom(t);
    const laptop = await signInAgain(t, facilitatorUser.email);
    const onLaptop = await openMine(laptop);
    const here = await openMine(facilitator);
    const changed = await facilitator.post('/api/me/password', { currentPassword: 'correct horse battery', newPassword: 'a new long password' });
    expect(changed.status).toBe(204);
    expect(await endsWithin(onLaptop)).toBe(true);
    expect(await endsWithin(here, 300)).toBe(false);
  });
});
