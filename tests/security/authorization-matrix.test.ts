/**
 * The authorization matrix: every route the composed server registers (its own route list, so a new route, socket
 * or stream without a decision fails here) × nine roles, during a live session of the group: anonymous, outsider
 * (signed in, not in the group), participant (let into the room), co-facilitator, facilitator (lead), removed from the
 * group, removed from the live session, waiting (checked in, never let in), sent back (let in, then sent back).
 *
 * - HTTP routes (authorization-table.ts): one class per route, saying per role the exact refusal (401, 403, 404) or
 *   "allowed". Refusals are asserted exactly; "allowed" is asserted for reads (GET): not a refusal. Mutating routes
 *   are let through in the feature tests, not here, so that the table stays one fixture.
 * - Long-lived channels (channel-table.ts): the relay socket per kind of document, the signalling socket, the two event
 *   streams, each named by its route and its kind in server/channels/registry.ts. Refused sockets: the exact close code
 *   and reason; open ones: the access given (relay) or PeerJS OPEN; streams: the HTTP status and the room presence.
 *   An HTTP route that opens a channel (registers one, streams events, or upgrades) fails the HTTP table.
 * - The board and worksheet of the fixture are linked to the live session; after it ends, members read them again.
 * docs/threat-model.md shows the same tables (npx tsx scripts/authorization-matrix.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS } from '../../src/lib/core/documents/names';
import { SIGNALLING_MESSAGES } from '../../src/lib/core/protocol';
import { CHANNEL_KINDS, channelsOf, type ChannelKind } from '../../server/channels/registry';
import type { TestClient } from '../helpers/test-app';
import { relayOutcome, startRelayServer, type RelayServer } from '../relay/server';
import { CHECKIN, EventStream, streamOf } from '../room/helpers';
import { SignalSocket } from '../video/server';
import { CLASSES, DECISIONS, LINKED_AFTER_SESSION, ROLES, type Answer, type Role } from './authorization-table';
import { CHANNELS, type ChannelAnswer, type ChannelCase } from './channel-table';

let server: RelayServer;
let clients: Record<Role, TestClient>;
let params: Record<string, string>;
/** Per channel case, the document name or peer id each role opens. */
let targets: Map<ChannelCase, Record<Role, string>>;
/** The kinds of channel registered since the last look (the registry's own `add`, watched). */
let registered: ChannelKind[] = [];
const held: EventStream[] = [];

beforeAll(async () => {
  // The facilitators and the participant stay "reconnecting" (in the room) between the streams the matrix opens.
  server = await startRelayServer({ env: { ROOM_LEAVE_GRACE_MS: '600000', METRICS_TOKEN: 'the-operators-metrics-token' } });
  const registry = channelsOf(server.deps);
  const add = registry.add.bind(registry);
  registry.add = (channel, login) => {
    registered.push(channel.kind);
    return add(channel, login);
  };
  const request = (path: string, init: RequestInit) => fetch(`${server.origin}${path}`, init);
  const signedUp = async (name: string) => {
    const client = server.client();
    return { client, user: await client.signup(name) };
  };
  const lead = await signedUp('Fran');
  const [co, pat, rory, sam, olive, tess, wendy, bea] = await Promise.all(
    ['Cora', 'Pat', 'Rory', 'Sam', 'Olive', 'Tess', 'Wendy', 'Bea'].map(signedUp)
  );
  const group = (await lead.client.post('/api/groups', { name: 'Matrix group', kind: 'cbt' })).body.group;
  const invite = (await lead.client.post(`/api/groups/${group.id}/invites`, { maxUses: 10 })).body.invite;
  for (const person of [co, pat, rory, sam, tess, wendy, bea]) {
    expect((await person.client.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion })).status).toBe(200);
  }
  expect((await lead.client.patch(`/api/groups/${group.id}/members/${co.user.id}`, { role: 'co_facilitator' })).status).toBe(200);
  const template = (await lead.client.post('/api/templates/thought-record/duplicate')).body.template;
  const board = (await lead.client.post(`/api/groups/${group.id}/boards`, { title: 'Board' })).body.board;
  const otherBoard = (await lead.client.post(`/api/groups/${group.id}/boards`, { title: 'Ideas' })).body.board;
  const version = (await lead.client.post(`/api/boards/${board.id}/versions`, { label: 'First' })).body.version;
  const shared = (await lead.client.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'shared' })).body;
  const session = (await lead.client.post(`/api/groups/${group.id}/sessions`, { title: 'Session 1' })).body.session;
  // The individual worksheet belongs to the session: linked to it while it is live.
  const worksheet = (
    await lead.client.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'individual', sessionId: session.id })
  ).body;
  expect((await lead.client.post(`/api/sessions/${session.id}/start`)).status).toBe(200);
  const room = `/api/sessions/${session.id}/room`;

  // Everyone enters; the facilitators link the board to the first step and let the participants in.
  held.push(await streamOf(request, lead.client, session.id), await streamOf(request, co.client, session.id));
  expect((await lead.client.post(`${room}/commands`, { type: 'apply_agenda_template', template: 'cbt_group' })).status).toBe(200);
  const stepId = (await lead.client.get(room)).body.state.agenda.steps[0].id;
  expect((await lead.client.post(`${room}/commands`, { type: 'link_step', stepId, boardId: board.id })).status).toBe(200);
  const streams = new Map<string, EventStream>();
  for (const person of [pat, rory, sam, wendy, bea]) {
    expect((await person.client.post(`${room}/checkin`, CHECKIN)).status).toBe(201);
    const stream = await streamOf(request, person.client, session.id);
    await stream.next('status', (s) => s.presence === 'waiting', 20_000);
    streams.set(person.user.id, stream);
  }
  const peerIds: Partial<Record<Role, string>> = {};
  const peerOf = async (client: TestClient) => {
    const res = await client.post(`/api/sessions/${session.id}/media/peer`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.peerId as string;
  };
  for (const person of [pat, rory, sam, bea]) {
    expect((await lead.client.post(`${room}/commands`, { type: 'admit', userId: person.user.id })).status).toBe(200);
    await streams.get(person.user.id)!.next('notice', (n) => n.kind === 'admitted', 20_000);
  }
  peerIds.participant = await peerOf(pat.client);
  const patsOtherPeerId = await peerOf(pat.client);
  peerIds.co_facilitator = await peerOf(co.client);
  peerIds.facilitator = await peerOf(lead.client);
  peerIds.removed_from_group = await peerOf(rory.client);
  peerIds.removed_from_session = await peerOf(sam.client);
  peerIds.sent_back = await peerOf(bea.client);

  // Then: Rory is removed from the group, Sam from the session, Bea sent back to the waiting room; Wendy still waits.
  expect((await lead.client.delete(`/api/groups/${group.id}/members/${rory.user.id}`)).status).toBe(204);
  expect((await lead.client.post(`${room}/commands`, { type: 'remove', userId: sam.user.id })).status).toBe(200);
  expect((await lead.client.post(`${room}/commands`, { type: 'send_to_waiting', userId: bea.user.id })).status).toBe(200);
  await streams.get(bea.user.id)!.next('notice', (n) => n.kind === 'sent_to_waiting', 20_000);
  held.push(streams.get(pat.user.id)!, streams.get(wendy.user.id)!, streams.get(bea.user.id)!);
  await Promise.all([streams.get(rory.user.id)!.close(), streams.get(sam.user.id)!.close()]);

  // A session with a time, for the calendar file of one session (a session without a time has none: 404).
  const scheduled = (await lead.client.post(`/api/groups/${group.id}/sessions`, { title: 'Session 2', startsAt: new Date(Date.now() + 86_400_000).toISOString() })).body.session;
  clients = {
    anonymous: server.client(),
    outsider: olive.client,
    participant: pat.client,
    co_facilitator: co.client,
    facilitator: lead.client,
    removed_from_group: rory.client,
    removed_from_session: sam.client,
    waiting: wendy.client,
    sent_back: bea.client
  };
  const copyOf = (userId: string) => worksheet.copies.find((copy: { ownerId: string }) => copy.ownerId === userId);
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
    versionId: version.id,
    copyId: copyOf(sam.user.id).copyId
  };

  const notes = (await lead.client.get('/api/notes')).body.docName as string;
  const ownCopy: Record<Role, string> = Object.fromEntries(ROLES.map((role) => [role, copyOf(pat.user.id).docName])) as Record<Role, string>;
  for (const [role, person] of [['participant', pat], ['removed_from_group', rory], ['removed_from_session', sam], ['waiting', wendy], ['sent_back', bea]] as const) {
    ownCopy[role] = copyOf(person.user.id).docName;
  }
  const same = (value: string) => Object.fromEntries(ROLES.map((role) => [role, value])) as Record<Role, string>;
  const madeUpPeerId = 'p-00000000-0000-4000-8000-000000000000';
  const byTarget: Record<string, Record<Role, string>> = {
    'the board of the live session’s agenda step': same(board.docName),
    'another board of the group (not linked)': same(otherBoard.docName),
    'one’s own copy of the session’s individual worksheet (the participant’s for those without one)': ownCopy,
    'another participant’s copy of that worksheet (not shared)': same(copyOf(tess.user.id).docName),
    'a shared worksheet of the group (not linked)': same(shared.copies[0].docName),
    'the live session’s state (written by the server only)': same(`session_state:${session.id}`),
    'the facilitator’s private notes (ciphertext, HTTP only)': same(notes),
    'a well-formed name of no document': same('board:00000000-0000-4000-8000-000000000000'),
    'a malformed name': same('board:not-a-uuid'),
    'one’s own peer id, issued while let in (a made-up one for those never let in)': Object.fromEntries(
      ROLES.map((role) => [role, peerIds[role] ?? madeUpPeerId])
    ) as Record<Role, string>,
    'the participant’s peer id (someone else’s for everyone else)': same(patsOtherPeerId),
    'one’s own change stream': same('/api/me/events'),
    'the live session’s room stream': same(`/api/sessions/${session.id}/room/events`)
  };
  targets = new Map(CHANNELS.map((entry) => [entry, byTarget[entry.target]]));
}, 180_000); // ten sign-ups and a room of nine on a shared machine
afterAll(async () => {
  await Promise.all(held.map((stream) => stream.close()));
  await server.close();
});

/** Fills a route pattern with the fixture's ids: `:id` by the resource the path names. */
function fill(path: string): string {
  const resource = /^\/api\/(\w+)\/:id/.exec(path)?.[1];
  const byResource: Record<string, string> = { groups: params.group, sessions: params.session, boards: params.board, worksheets: params.worksheet, templates: params.template };
  if (path.endsWith('/calendar.ics')) byResource.sessions = params.scheduledSession;
  const filled = path
    .replace(':id', resource ? byResource[resource] : ':id')
    .replace(':token', params.token)
    .replace(':inviteId', params.inviteId)
    .replace(':userId', params.userId)
    .replace(':versionId', params.versionId)
    .replace(':copyId', params.copyId)
    .replace(':sessionId', params.session);
  // An export asks for a format, so that an allowed read answers 200 with the content.
  return filled.endsWith('/export') ? `${filled}?format=json` : filled;
}

/** Every route the server registered (middleware, registered for ALL methods, aside). */
function routes(): string[] {
  const seen = new Set<string>();
  for (const route of server.app.routes) if (route.method !== 'ALL') seen.add(`${route.method} ${route.path}`);
  return [...seen];
}

const channelRoutes = () => new Set(CHANNELS.map((entry) => entry.route));

/** An HTTP answer: its status, and whether it opened a long-lived channel (which must be decided in CHANNELS). */
async function answer(client: TestClient, method: string, path: string): Promise<{ status: number; channel: string | undefined }> {
  registered = [];
  const res = await server.app.request(path, {
    method,
    headers: { ...(client.cookie ? { cookie: client.cookie } : {}), ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
    ...(method === 'GET' ? {} : { body: '{}' })
  });
  const streams = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
  await res.body?.cancel().catch(() => {});
  const channel = streams ? 'an event stream' : res.status === 101 || res.status === 426 ? 'a WebSocket' : registered.length ? registered.join(', ') : undefined;
  return { status: res.status, channel };
}

function judge(expected: Answer, status: number): boolean {
  const refused = status === 401 || status === 403 || status === 404;
  return expected === 'allowed' ? !refused : status === expected;
}

/** What one channel answers one role, in the table's terms. */
async function channelAnswer(entry: ChannelCase, role: Role, target: string): Promise<ChannelAnswer> {
  const cookie = clients[role].cookie;
  if (entry.kind === 'relay') {
    const outcome = await relayOutcome(server, target, cookie).catch((error: Error) => {
      // What the server logged (warnings and errors) says why a socket got no answer.
      throw new Error(`${error.message} (as ${role}); the server logged:\n${server.logLines.slice(-20).join('\n')}`);
    });
    return typeof outcome === 'string' ? outcome : { close: outcome.code, reason: outcome.reason };
  }
  if (entry.kind === 'signalling') {
    const socket = new SignalSocket(server.wsOrigin, target, cookie);
    const first = await socket.next(() => true, 20_000);
    if (first.type === 'OPEN') {
      socket.close();
      await socket.closed;
      return 'open';
    }
    const { code, reason } = await socket.closed;
    const error = (Object.entries(SIGNALLING_MESSAGES).find(([, text]) => text === first.payload?.msg)?.[0] ?? first.type) as keyof typeof SIGNALLING_MESSAGES;
    return { close: code, reason, error };
  }
  const res = await fetch(`${server.origin}${target}`, { headers: cookie ? { cookie } : {} });
  if (res.status !== 200 || entry.kind !== 'room_stream') {
    await res.body?.cancel().catch(() => {});
    return { status: res.status };
  }
  const stream = new EventStream(res);
  const mine = await stream.next('status', () => true, 20_000);
  await stream.close();
  return { status: 200, presence: mine.presence };
}

describe('the authorization matrix', () => {
  it('has one decision for every route the server registers, and none for a route it does not', () => {
    const listed = routes();
    const decided = [...Object.keys(DECISIONS), ...channelRoutes()];
    expect(listed.filter((route) => !decided.includes(route))).toEqual([]);
    expect(decided.filter((route) => !listed.includes(route))).toEqual([]);
    expect(Object.keys(DECISIONS).filter((route) => channelRoutes().has(route))).toEqual([]);
  });

  it('decides every kind of channel the registry knows and every kind of document the relay serves', () => {
    expect(CHANNEL_KINDS.filter((kind) => !CHANNELS.some((entry) => entry.kind === kind))).toEqual([]);
    expect(DOCUMENT_KINDS.filter((kind) => !CHANNELS.some((entry) => entry.docKind === kind))).toEqual([]);
    expect(CHANNELS.filter((entry) => !targets.get(entry))).toEqual([]);
  });

  it('answers every HTTP route × role as decided, and no HTTP route opens a channel', { timeout: 240_000 }, async () => {
    const wrong: string[] = [];
    for (const route of routes()) {
      if (channelRoutes().has(route)) continue;
      const [method, pattern] = route.split(' ') as [string, string];
      const decision = CLASSES[DECISIONS[route]];
      if (!decision) continue; // undecided: the first test names it
      for (const role of ROLES) {
        const expected = decision[role];
        if (expected === 'allowed' && method !== 'GET') continue; // let through in the feature tests
        const res = await answer(clients[role], method, fill(pattern));
        if (res.channel) wrong.push(`${route} as ${role} opened ${res.channel}: decide it in channel-table.ts`);
        if (!judge(expected, res.status)) wrong.push(`${route} as ${role}: ${res.status}, decided ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers every socket and stream × role as decided, each registering the channel kind it is decided as', { timeout: 240_000 }, async () => {
    const wrong: string[] = [];
    for (const entry of CHANNELS) {
      for (const role of ROLES) {
        registered = [];
        const got = await channelAnswer(entry, role, targets.get(entry)![role]);
        const expected = entry.during[role];
        if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`${entry.route} (${entry.target}) as ${role}: ${JSON.stringify(got)}, decided ${JSON.stringify(expected)}`);
        const opened = got === 'read' || got === 'write' || got === 'open' || ('status' in (got as object) && (got as { status: number }).status === 200);
        if (opened && !registered.includes(entry.kind)) wrong.push(`${entry.route} as ${role} opened without registering a ${entry.kind} channel (registered: ${registered.join(', ') || 'none'})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('after the session ends, members open and read its linked documents again', { timeout: 120_000 }, async () => {
    expect((await clients.facilitator.post(`/api/sessions/${params.session}/end`)).status).toBe(200);
    const wrong: string[] = [];
    const linkedReads = routes().filter((route) => route.startsWith('GET ') && DECISIONS[route] === 'linked_content');
    expect(linkedReads.length).toBeGreaterThan(0);
    for (const route of linkedReads) {
      for (const role of ROLES) {
        const res = await answer(clients[role], 'GET', fill(route.slice(4)));
        if (!judge(LINKED_AFTER_SESSION[role], res.status)) wrong.push(`${route} as ${role}: ${res.status}, decided ${LINKED_AFTER_SESSION[role]}`);
      }
    }
    for (const entry of CHANNELS.filter((each) => each.afterSession)) {
      for (const role of ROLES) {
        const got = await channelAnswer(entry, role, targets.get(entry)![role]);
        const expected = entry.afterSession![role];
        if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`${entry.route} (${entry.target}) as ${role} after the session: ${JSON.stringify(got)}, decided ${JSON.stringify(expected)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
