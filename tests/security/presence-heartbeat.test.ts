/**
 * The room's presence heartbeat (POST /api/sessions/:id/room/presence) against idle expiry, with a 2-minute idle
 * window and the app's clock moved by the test: someone who only listens in a live session stays signed in while
 * their page sends heartbeats; once the session ends, or they leave the room, heartbeats are refused (4xx JSON) and
 * move nothing, and when the window passes the sign-in ends with every channel closed within 1 s. Heartbeats from
 * non-members and people in the waiting room are refused and refresh nothing; an open tab alone still expires.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsOf } from '../../server/channels/registry';
import { BACKGROUND_HEADER } from '../../src/lib/core/protocol';
import { createTestApp, type TestApp, type TestClient } from '../helpers/test-app';
import { CHECKIN, EventStream, liveRoom, streamOf } from '../room/helpers';

const IDLE_MS = 2 * 60_000;
let t: TestApp;
const streams: EventStream[] = [];

beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_IDLE_MINUTES: '2', SESSION_MAX_HOURS: '1', ROOM_LEAVE_GRACE_MS: '150' } });
});
afterAll(async () => {
  await Promise.all(streams.map((stream) => stream.close()));
  await t.close();
});

async function roomStream(client: TestClient, sessionId: string): Promise<EventStream> {
  const stream = await streamOf((path, init) => Promise.resolve(t.app.request(path, init)), client, sessionId);
  streams.push(stream);
  await stream.next('status');
  return stream;
}

async function myEvents(client: TestClient): Promise<EventStream> {
  const stream = new EventStream(await t.app.request('/api/me/events', { headers: { cookie: client.cookie! } }));
  streams.push(stream);
  await stream.next('ready');
  return stream;
}

/** Resolves true once the stream has ended, false if it is still open after `ms` (the 1 s promise). */
function endsWithin(stream: EventStream, ms = 1_000): Promise<boolean> {
  return Promise.race([stream.ended.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
}

const heartbeat = (client: TestClient, sessionId: string) => client.post(`/api/sessions/${sessionId}/room/presence`);

/** A live room with Pat admitted (room stream open) and Pat's own /api/me/events stream open. */
async function patInside() {
  const room = await liveRoom(t);
  const { facilitator, pat, session } = room;
  const franRoom = await roomStream(facilitator, session.id);
  expect((await pat.client.post(`${room.room}/checkin`, CHECKIN)).status).toBe(201);
  const patRoom = await roomStream(pat.client, session.id);
  expect((await facilitator.post(`${room.room}/commands`, { type: 'admit_all' })).status).toBe(200);
  await patRoom.next('status', (s) => s.presence === 'admitted');
  const patEvents = await myEvents(pat.client);
  return { ...room, franRoom, patRoom, patEvents };
}

describe('the presence heartbeat keeps a listener signed in during a live session', () => {
  it('a participant who only listens survives three idle windows while heartbeating; an open tab alone does not', async () => {
    const { facilitator, pat, quinn, session, patRoom, patEvents } = await patInside();
    // Quinn has the group open in a tab and does nothing: the same window ends Quinn's sign-in.
    const quinnEvents = await myEvents(quinn.client);
    for (let elapsed = 0; elapsed < 3 * IDLE_MS; elapsed += 50_000) {
      t.clock.advance(50_000);
      const [mine, fran] = await Promise.all([heartbeat(pat.client, session.id), heartbeat(facilitator, session.id)]);
      expect(mine.status, JSON.stringify(mine.body)).toBe(200);
      expect(fran.status).toBe(200);
      expect(mine.body.presence.everyMs).toBe(30_000);
      expect(new Date(mine.body.presence.idleExpiresAt).getTime()).toBe(t.clock.now.getTime() + IDLE_MS);
    }
    expect(await endsWithin(quinnEvents)).toBe(true);
    expect(quinnEvents.has('notice', (n) => n.kind === 'signed_out')).toBe(true);
    expect((await quinn.client.get('/api/me')).status).toBe(401);
    // Pat's channels are all still open, 150 minutes of clock later.
    expect(await endsWithin(patRoom, 400)).toBe(false);
    expect(await endsWithin(patEvents, 100)).toBe(false);
    expect((await pat.client.get('/api/me')).status).toBe(200);
  });

  it('never moves the absolute expiry (1 hour here)', async () => {
    const { pat, session, patEvents } = await patInside();
    const expiresAt = new Date((await pat.client.get('/api/me')).body.login.expiresAt).getTime();
    let last = await heartbeat(pat.client, session.id);
    while (t.clock.now.getTime() + 50_000 < expiresAt) {
      t.clock.advance(50_000);
      last = await heartbeat(pat.client, session.id);
      expect(last.status).toBe(200);
    }
    expect(new Date(last.body.presence.idleExpiresAt).getTime()).toBe(expiresAt);
    expect(last.body.presence.expiresAt).toBe(new Date(expiresAt).toISOString());
    t.clock.now = new Date(expiresAt + 1_000);
    expect(await endsWithin(patEvents)).toBe(true);
    expect((await heartbeat(pat.client, session.id)).status).toBe(401);
  });
});

describe('once the person is no longer in a live session, idle expiry is as before', () => {
  it('the session ends: heartbeats are refused (409) and move nothing; the window passes and every channel closes within 1 s', async () => {
    const { facilitator, pat, session, patRoom, patEvents } = await patInside();
    t.clock.advance(50_000);
    expect((await heartbeat(pat.client, session.id)).status).toBe(200);
    const lastAccepted = t.clock.now.getTime();
    expect((await facilitator.post(`/api/sessions/${session.id}/end`)).status).toBe(200);
    expect(await endsWithin(patRoom)).toBe(true); // the end closes participants' room streams
    t.clock.advance(IDLE_MS - 20_000);
    const refused = await heartbeat(pat.client, session.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', details: { status: 'ended' } });
    expect(await endsWithin(patEvents, 400)).toBe(false);
    // The window counted from the last accepted heartbeat passes: the refused one did not move it.
    t.clock.now = new Date(lastAccepted + IDLE_MS + 1_000);
    expect(await endsWithin(patEvents)).toBe(true);
    expect(patEvents.has('notice', (n) => n.kind === 'signed_out')).toBe(true);
    expect(channelsOf(t.deps).ofPerson(pat.user.id)).toEqual([]);
    expect((await pat.client.get('/api/me')).status).toBe(401);
  });

  it('the person leaves the room: heartbeats are refused (403 not_in_room) and the window ends the sign-in, channels closed within 1 s', async () => {
    const { pat, session, patRoom, patEvents } = await patInside();
    t.clock.advance(50_000);
    expect((await heartbeat(pat.client, session.id)).status).toBe(200);
    const lastAccepted = t.clock.now.getTime();
    await patRoom.close(); // the room page closed; after the grace period Pat is gone from the room
    let refused = await heartbeat(pat.client, session.id);
    for (let tries = 0; refused.status === 200 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      refused = await heartbeat(pat.client, session.id);
    }
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', details: { reason: 'not_in_room', presence: 'gone' } });
    t.clock.advance(IDLE_MS - 60_000);
    expect((await heartbeat(pat.client, session.id)).status).toBe(403);
    expect(await endsWithin(patEvents, 400)).toBe(false);
    t.clock.now = new Date(lastAccepted + IDLE_MS + 1_000);
    expect(await endsWithin(patEvents)).toBe(true);
    expect((await pat.client.get('/api/me')).status).toBe(401);
  });
});

describe('a heartbeat from someone not in the room is refused and refreshes nothing', () => {
  it('a non-member (404), someone in the waiting room (403), a malformed session id (404): JSON answers, and their sign-ins expire on time', async () => {
    const { quinn, session, room } = await patInside();
    const outsider = (await liveRoom(t)).quinn.client; // of another group
    expect((await quinn.client.post(`${room}/checkin`, CHECKIN)).status).toBe(201);
    const quinnRoom = await roomStream(quinn.client, session.id);
    expect(quinnRoom.has('status', (s) => s.presence === 'waiting')).toBe(true);
    const watched = await Promise.all([myEvents(quinn.client), myEvents(outsider)]);
    const since = t.clock.now.getTime();

    t.clock.advance(IDLE_MS - 20_000);
    const waiting = await heartbeat(quinn.client, session.id);
    expect(waiting.status).toBe(403);
    expect(waiting.body.error).toMatchObject({ code: 'forbidden', details: { reason: 'not_in_room', presence: 'waiting' } });
    const stranger = await heartbeat(outsider, session.id);
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('not_found');
    const malformed = await outsider.post('/api/sessions/not-a-session/room/presence');
    expect(malformed.status).toBe(404);
    expect(malformed.body.error.code).toBe('not_found');

    // Had any of them counted, these sign-ins would last another window; they end with the first one.
    t.clock.now = new Date(since + IDLE_MS + 1_000);
    for (const stream of [...watched, quinnRoom]) expect(await endsWithin(stream)).toBe(true);
    expect((await quinn.client.get('/api/me')).status).toBe(401);
    expect((await outsider.get('/api/me')).status).toBe(401);
  });

  it('without a sign-in: 401 JSON', async () => {
    const { session } = await patInside();
    const res = await t.client().post(`/api/sessions/${session.id}/room/presence`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });
});

describe('a page’s timed refresh is not activity', () => {
  it('a tab that only refreshes its lists (background header) reaches idle expiry; the person’s own requests do not', async () => {
    const { pat, quinn } = await liveRoom(t);
    const background = { [BACKGROUND_HEADER]: '1' };
    // Quinn's dashboard refreshes itself every 30 s; Pat clicks through the app. Both are answered.
    for (let elapsed = 30_000; elapsed < IDLE_MS; elapsed += 30_000) {
      t.clock.advance(30_000);
      expect((await quinn.client.request('GET', '/api/me/week', undefined, background)).status, `at ${elapsed}`).toBe(200);
      expect((await pat.client.get('/api/me/week')).status).toBe(200);
    }
    t.clock.advance(40_000); // 130 s since Quinn last did something
    const ended = await quinn.client.request('GET', '/api/me/week', undefined, background);
    expect(ended.status).toBe(401);
    expect(ended.body.error.code).toBe('unauthenticated');
    expect((await pat.client.get('/api/me')).status).toBe(200);
  });
});
