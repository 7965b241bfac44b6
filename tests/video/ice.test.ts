/** ICE servers from configuration: TURN credentials in coturn's use-auth-secret scheme, for admitted members only. */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { issuePeerId, liveSession, type LiveSession } from './fixtures';
import { admissionList, startSignallingServer, type SignallingServer } from './server';

const admission = admissionList();
let server: SignallingServer;
let live: LiveSession;

beforeAll(async () => {
  server = await startSignallingServer({
    admission,
    env: {
      ICE_SERVERS: '[{"urls":"stun:stun.example.org:3478"}]',
      TURN_SECRET: 'shared-with-coturn',
      TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349',
      TURN_TTL_SECONDS: '600'
    }
  });
  live = await liveSession(server, 1, admission);
});

afterAll(async () => {
  await server?.close();
});

it('gives an admitted member the configured servers and a TURN login that coturn can verify, valid for the TTL', async () => {
  const person = live.participants[0]!;
  const res = await person.client.post(`/api/sessions/${live.sessionId}/media/peer`);
  expect(res.status).toBe(201);
  const [stun, turn] = res.body.iceServers;
  expect(stun).toEqual({ urls: 'stun:stun.example.org:3478' });
  expect(turn.urls).toEqual(['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349']);
  const [expiry, userId] = turn.username.split(':');
  expect(userId).toBe(person.user.id);
  expect(Number(expiry) * 1000 - Date.now()).toBeGreaterThan(590_000);
  expect(Number(expiry) * 1000 - Date.now()).toBeLessThanOrEqual(600_000);
  expect(turn.credential).toBe(createHmac('sha1', 'shared-with-coturn').update(turn.username).digest('base64'));
  expect(new Date(res.body.iceExpiresAt).getTime()).toBe(Number(expiry) * 1000);
  expect(res.headers.get('cache-control')).toBe('no-store');
});

it('gives nothing to a member who is not admitted', async () => {
  admission.withdraw(live.sessionId, live.participants[0]!.user.id);
  try {
    const res = await live.participants[0]!.client.get(`/api/sessions/${live.sessionId}/media/ice`);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('credential');
  } finally {
    admission.admit(live.sessionId, live.participants[0]!.user.id);
  }
  expect(await issuePeerId(live.participants[0]!, live.sessionId)).toMatch(/^p[0-9a-f]{32}$/);
});
