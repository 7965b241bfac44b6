/**
 * The authorization matrix: every HTTP route of the app (read from the app's own route list, so a new route without
 * a decision fails here) × seven roles: anonymous, outsider (signed in, not in the group), participant,
 * co-facilitator, facilitator (lead), removed from the group, removed from the live session.
 *
 * Each route has one decision: a class that says, per role, the exact refusal (401, 403, 404) or "allowed". Every
 * refusal is asserted exactly, for every route and role, on one shared fixture (a refusal changes nothing). "Allowed"
 * is asserted for reads (GET): the answer is not a refusal. Mutating routes are let through for their allowed roles
 * in the feature tests, not here, so that this table stays one fixture. docs/threat-model.md shows the same table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../helpers/test-app';
import { CHECKIN } from '../room/helpers';
import { CLASSES, DECISIONS, ROLES, type Role } from './authorization-table';

let t: TestApp;
let clients: Record<Role, TestClient>;
let params: Record<string, string>;

beforeAll(async () => {
  process.env.ROOM_LEAVE_GRACE_MS = '600000'; // the facilitators stay "reconnecting" (in the room) for the whole matrix
  t = await createTestApp();
  const signedUp = async (name: string) => {
    const client = t.client();
    return { client, user: await client.signup(name) };
  };
  const lead = await signedUp('Fran');
  const [co, pat, rory, sam, olive, tess] = await Promise.all(['Cora', 'Pat', 'Rory', 'Sam', 'Olive', 'Tess'].map(signedUp));
  const group = (await lead.client.post('/api/groups', { name: 'Matrix group', kind: 'cbt' })).body.group;
  const invite = (await lead.client.post(`/api/groups/${group.id}/invites`, { maxUses: 10 })).body.invite;
  for (const person of [co, pat, rory, sam, tess]) {
    expect((await person.client.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion })).status).toBe(200);
  }
  expect((await lead.client.patch(`/api/groups/${group.id}/members/${co.user.id}`, { role: 'co_facilitator' })).status).toBe(200);
  expect((await lead.client.delete(`/api/groups/${group.id}/members/${rory.user.id}`)).status).toBe(204);
  const template = (await lead.client.post('/api/templates/thought-record/duplicate')).body.template;
  const board = (await lead.client.post(`/api/groups/${group.id}/boards`, { title: 'Board' })).body.board;
  const version = (await lead.client.post(`/api/boards/${board.id}/versions`, { label: 'First' })).body.version;
  const worksheet = (await lead.client.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'individual' })).body;
  const session = (await lead.client.post(`/api/groups/${group.id}/sessions`, { title: 'Session 1' })).body.session;
  expect((await lead.client.post(`/api/sessions/${session.id}/start`)).status).toBe(200);
  // The facilitator and Sam enter the room; the facilitator removes Sam from the session; both leave again.
  const enter = async (client: TestClient) => {
    const stream = await t.app.request(`/api/sessions/${session.id}/room/events`, { headers: { cookie: client.cookie! } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read();
    return reader;
  };
  const franStream = await enter(lead.client);
  expect((await sam.client.post(`/api/sessions/${session.id}/room/checkin`, CHECKIN)).status).toBe(201);
  const samStream = await enter(sam.client);
  const removed = await lead.client.post(`/api/sessions/${session.id}/room/commands`, { type: 'remove', userId: sam.user.id });
  expect(removed.status, JSON.stringify(removed.body)).toBe(200);
  await Promise.all([franStream.cancel().catch(() => {}), samStream.cancel().catch(() => {})]);
  // A session with a time, for the calendar file of one session (a session without a time has none: 404).
  const scheduled = (await lead.client.post(`/api/groups/${group.id}/sessions`, { title: 'Session 2', startsAt: new Date(Date.now() + 86_400_000).toISOString() })).body.session;
  clients = {
    anonymous: t.client(),
    outsider: olive.client,
    participant: pat.client,
    co_facilitator: co.client,
    facilitator: lead.client,
    removed_from_group: rory.client,
    removed_from_session: sam.client
  };
  const samCopy = worksheet.copies.find((copy: { ownerId: string }) => copy.ownerId === sam.user.id);
  params = {
    group: group.id,
    session: session.id,
    scheduledSession: scheduled.id,
    board: board.id,
    worksheet: worksheet.worksheet.id,
    template: template.id,
    token: invite.token,
    inviteId: invite.id,
    // Another participant: the member routes act on Tess (never on the caller, which would be leaving the group).
    userId: tess.user.id,
    versionId: version?.id ?? '00000000-0000-4000-8000-000000000000',
    copyId: samCopy.copyId
  };
});
afterAll(async () => {
  delete process.env.ROOM_LEAVE_GRACE_MS;
  await t.close();
});

/** Fills a route pattern with the fixture's ids: `:id` by the resource the path names. */
function fill(path: string): string {
  const resource = /^\/api\/(\w+)\/:id/.exec(path)?.[1];
  const byResource: Record<string, string> = { groups: params.group, sessions: params.session, boards: params.board, worksheets: params.worksheet, templates: params.template };
  if (path.endsWith('/calendar.ics')) byResource.sessions = params.scheduledSession;
  return path
    .replace(':id', resource ? byResource[resource] : ':id')
    .replace(':token', params.token)
    .replace(':inviteId', params.inviteId)
    .replace(':userId', params.userId)
    .replace(':versionId', params.versionId)
    .replace(':copyId', params.copyId)
    .replace(':sessionId', params.session);
}

function routes(): string[] {
  const seen = new Set<string>();
  for (const route of t.app.routes) if (route.method !== 'ALL') seen.add(`${route.method} ${route.path}`);
  return [...seen];
}

describe('the authorization matrix', () => {
  it('has a decision for every route of the app, and no decision for a route that does not exist', () => {
    const listed = routes();
    expect(listed.filter((route) => !(route in DECISIONS))).toEqual([]);
    expect(Object.keys(DECISIONS).filter((route) => !listed.includes(route))).toEqual([]);
  });

  /** The status only; an event stream that opened is closed again at once. */
  async function answer(client: TestClient, method: string, path: string): Promise<{ status: number }> {
    if (path.endsWith('/events')) {
      const res = await t.app.request(path, { headers: client.cookie ? { cookie: client.cookie } : {} });
      await res.body?.cancel().catch(() => {});
      return { status: res.status };
    }
    return client.request(method, path, method === 'GET' ? undefined : {});
  }

  it('answers every route × role as decided', { timeout: 120_000 }, async () => {
    const wrong: string[] = [];
    for (const route of routes()) {
      const [method, pattern] = route.split(' ') as [string, string];
      const decision = CLASSES[DECISIONS[route]];
      for (const role of ROLES) {
        const expected = decision[role];
        if (expected === 'allowed' && method !== 'GET') continue; // let through in the feature tests
        const res = await answer(clients[role], method, fill(pattern));
        const refused = res.status === 401 || res.status === 403 || res.status === 404;
        const ok = expected === 'allowed' ? !refused : res.status === expected;
        if (!ok) wrong.push(`${route} as ${role}: ${res.status}, decided ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
