/**
 * Chat, reactions and the thermometer check-in over app.request: the sender is the signed-in person (a forged one is
 * refused), a private message goes only to the facilitators (never to another participant), the facilitators'
 * settings hold, hidden messages are kept for the audit, limits on length and rate, and what members may read later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../helpers/test-app';
import { CHECKIN, EventStream, liveRoom, streamOf, type Requester } from './helpers';

let t: TestApp;
let request: Requester;
beforeAll(async () => {
  // A small burst and a slow refill, so the rate limit is reached by count, whatever the machine's speed.
  t = await createTestApp({ env: { ROOM_LEAVE_GRACE_MS: '150', CHAT_BURST: '4', CHAT_PER_MINUTE: '0.01', REACTION_BURST: '2', REACTION_PER_MINUTE: '0.01' } });
  request = (path, init) => Promise.resolve(t.app.request(path, init));
});
const streams: EventStream[] = [];
afterAll(async () => {
  await Promise.all(streams.map((stream) => stream.close()));
  await t.close();
});

async function enter(client: TestClient, sessionId: string, checkin = true): Promise<EventStream> {
  if (checkin) expect((await client.post(`/api/sessions/${sessionId}/room/checkin`, CHECKIN)).status).toBe(201);
  const stream = await streamOf(request, client, sessionId);
  streams.push(stream);
  return stream;
}

async function fullRoom() {
  const fixture = await liveRoom(t);
  const { facilitator, pat, quinn, session, room } = fixture;
  const fran = await enter(facilitator, session.id, false);
  const patStream = await enter(pat.client, session.id);
  const quinnStream = await enter(quinn.client, session.id);
  expect((await facilitator.post(`${room}/commands`, { type: 'admit_all' })).status).toBe(200);
  await patStream.next('status', (s) => s.presence === 'admitted');
  await quinnStream.next('status', (s) => s.presence === 'admitted');
  const chat = `/api/sessions/${session.id}/chat`;
  return { ...fixture, fran, patStream, quinnStream, chat };
}

describe('the group chat', () => {
  it('sends a message to everyone in the room with the sender the server knows, both ways', async () => {
    const { facilitator, facilitatorUser, pat, chat, fran, patStream, quinnStream } = await fullRoom();
    const posted = await pat.client.post(chat, { thread: 'group', text: 'Hello everyone' });
    expect(posted.status).toBe(201);
    expect(posted.body.message).toMatchObject({ thread: 'group', senderId: pat.user.id, senderName: 'Pat', senderRole: 'participant', text: 'Hello everyone', hidden: null });
    for (const stream of [fran, patStream, quinnStream]) expect(await stream.next('chat', (m) => m.text === 'Hello everyone')).toMatchObject({ senderName: 'Pat' });
    expect((await facilitator.post(chat, { thread: 'group', text: 'Welcome, Pat' })).status).toBe(201);
    const back = await patStream.next('chat', (m) => m.text === 'Welcome, Pat');
    expect(back).toMatchObject({ senderId: facilitatorUser.id, senderRole: 'facilitator' });
    const listed = await pat.client.get(chat);
    expect(listed.status).toBe(200);
    expect(listed.body.messages.map((m: any) => m.text)).toEqual(['Hello everyone', 'Welcome, Pat']);
  });

  it('refuses a forged sender, time or any unknown field with 400 and stores nothing', async () => {
    const { facilitatorUser, pat, chat, quinnStream } = await fullRoom();
    for (const forged of [{ senderId: facilitatorUser.id }, { senderName: 'Fran' }, { senderRole: 'facilitator' }, { at: 1 }, { id: 'x' }]) {
      const res = await pat.client.post(chat, { thread: 'group', text: 'I am the facilitator', ...forged });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.details.fields)).toEqual([Object.keys(forged)[0]]);
    }
    expect((await pat.client.get(chat)).body.messages).toEqual([]);
    expect(quinnStream.has('chat')).toBe(false);
  });

  it('refuses malformed, empty and oversize messages with clear 4xx answers', async () => {
    const { pat, chat } = await fullRoom();
    const raw = (body: string, type = 'application/json') =>
      t.app.request(chat, { method: 'POST', headers: { cookie: pat.client.cookie ?? '', 'content-type': type, origin: 'http://localhost' }, body });
    const broken = await raw('{"thread": "group", "text": ');
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe('malformed_json');
    expect((await raw('thread=group', 'text/plain')).status).toBe(415);
    for (const body of [{ thread: 'group', text: '   ' }, { thread: 'group', text: 'x'.repeat(1001) }, { thread: 'group' }, { text: 'hi' }, { thread: 'group', text: ['hi'] }]) {
      const res = await pat.client.post(chat, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.body.error.message).toMatch(/need attention/);
    }
    const huge = await pat.client.post(chat, { thread: 'group', text: 'x'.repeat(t.config.maxBodyBytes + 10) });
    expect(huge.status).toBe(413);
    expect((await pat.client.post(chat, { thread: 'group', text: 'x'.repeat(1000) })).status).toBe(201);
  });

  it('limits how fast one person sends (429 with Retry-After), without holding back the others', async () => {
    const { pat, quinn, chat } = await fullRoom();
    for (let i = 0; i < 4; i++) expect((await pat.client.post(chat, { thread: 'group', text: `message ${i}` })).status).toBe(201);
    const limited = await pat.client.post(chat, { thread: 'group', text: 'one too many' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await quinn.client.post(chat, { thread: 'group', text: 'my turn' })).status).toBe(201);
  });

  it('follows the facilitators’ settings: announcements only, then off; participants cannot change them', async () => {
    const { facilitator, pat, chat, room, patStream } = await fullRoom();
    expect((await pat.client.post(`${room}/commands`, { type: 'set_chat_mode', mode: 'open' })).status).toBe(403);
    expect((await facilitator.post(`${room}/commands`, { type: 'set_chat_mode', mode: 'announcements' })).status).toBe(200);
    const refused = await pat.client.post(chat, { thread: 'group', text: 'can I?' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/announcements/);
    expect((await facilitator.post(chat, { thread: 'group', text: 'Break in 5 minutes' })).status).toBe(201);
    await patStream.next('chat', (m) => m.text === 'Break in 5 minutes');
    expect((await pat.client.post(chat, { thread: pat.user.id, text: 'Private is still open' })).status).toBe(201);
    expect((await facilitator.post(`${room}/commands`, { type: 'set_chat_mode', mode: 'off' })).status).toBe(200);
    expect((await facilitator.post(chat, { thread: 'group', text: 'anyone?' })).status).toBe(409);
    expect((await pat.client.get(chat)).body.settings).toEqual({ chat: 'off', reactions: true });
  });

  it('refuses people in the waiting room and people outside the group', async () => {
    const { facilitator, pat, quinn, session, room, chat } = await fullRoom();
    expect((await facilitator.post(`${room}/commands`, { type: 'send_to_waiting', userId: quinn.user.id })).status).toBe(200);
    expect((await quinn.client.post(chat, { thread: 'group', text: 'hello?' })).status).toBe(403);
    expect((await quinn.client.get(chat)).status).toBe(403);
    expect((await pat.client.post(chat, { thread: 'group', text: 'Quinn is waiting' })).status).toBe(201);
    const stranger = t.client();
    await stranger.signup('Stranger');
    expect((await stranger.get(chat)).status).toBe(404);
    expect((await stranger.post(chat, { thread: 'group', text: 'hi' })).status).toBe(404);
    expect((await t.client().post(chat, { thread: 'group', text: 'hi' })).status).toBe(401);
    void session;
  });
});

describe('the private thread to the facilitators', () => {
  it('reaches the facilitators only; a facilitator answers in it; the other participant never sees it', async () => {
    const { facilitator, pat, quinn, chat, fran, patStream, quinnStream } = await fullRoom();
    expect((await pat.client.post(chat, { thread: pat.user.id, text: 'I am finding this hard' })).status).toBe(201);
    expect(await fran.next('chat', (m) => m.text === 'I am finding this hard')).toMatchObject({ thread: pat.user.id, senderName: 'Pat' });
    await patStream.next('chat', (m) => m.text === 'I am finding this hard');
    expect((await facilitator.post(chat, { thread: pat.user.id, text: 'Thank you for telling me' })).status).toBe(201);
    await patStream.next('chat', (m) => m.text === 'Thank you for telling me');
    expect((await pat.client.post(chat, { thread: 'group', text: 'public line' })).status).toBe(201);
    await quinnStream.next('chat', (m) => m.text === 'public line');
    expect(quinnStream.events.filter((e) => e.event === 'chat').map((e) => e.data.text)).toEqual(['public line']);
    expect((await quinn.client.get(chat)).body.messages.map((m: any) => m.text)).toEqual(['public line']);
    expect((await facilitator.get(chat)).body.messages.map((m: any) => m.text)).toEqual(['I am finding this hard', 'Thank you for telling me', 'public line']);
  });

  it('refuses a private message from one participant to another (403) and stores nothing', async () => {
    const { facilitator, pat, quinn, chat, patStream, facilitatorUser } = await fullRoom();
    const res = await quinn.client.post(chat, { thread: pat.user.id, text: 'psst, Pat' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/facilitators only/);
    expect((await quinn.client.post(chat, { thread: facilitatorUser.id, text: 'to Fran alone' })).status).toBe(403);
    expect((await quinn.client.post(chat, { thread: 'nobody-here', text: 'hello' })).status).toBe(404);
    expect((await facilitator.get(chat)).body.messages).toEqual([]);
    expect(patStream.has('chat')).toBe(false);
  });
});

describe('a side room’s thread', () => {
  /** The full room, Cole (a co-facilitator) in it too, and Fran with Pat in a side room. */
  async function sideRoom() {
    const fixture = await fullRoom();
    const { facilitator, facilitatorUser, pat, group, invite, session, room } = fixture;
    const cole = t.client();
    const coleUser = await cole.signup('Cole');
    expect((await cole.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion })).status).toBe(200);
    expect((await facilitator.patch(`/api/groups/${group.id}/members/${coleUser.id}`, { role: 'co_facilitator' })).status).toBe(200);
    const coleStream = await enter(cole, session.id, false);
    await coleStream.next('state', (state) => state.people.some((p: any) => p.userId === coleUser.id && p.presence === 'admitted'));
    expect((await facilitator.post(`${room}/commands`, { type: 'start_side_room', userId: pat.user.id })).status).toBe(200);
    return { ...fixture, cole, coleStream, side: `side:${facilitatorUser.id}:${pat.user.id}` };
  }
  const texts = (messages: any[]) => messages.map((m) => m.text);

  it('carries messages between the member and the facilitator who took them aside, and to nobody else', async () => {
    const { facilitator, pat, quinn, cole, chat, side, fran, patStream, quinnStream, coleStream } = await sideRoom();
    const posted = await pat.client.post(chat, { thread: side, text: 'Thank you for taking me aside' });
    expect(posted.status).toBe(201);
    expect(posted.body.message).toMatchObject({ thread: side, senderId: pat.user.id, senderName: 'Pat', senderRole: 'participant' });
    await fran.next('chat', (m) => m.text === 'Thank you for taking me aside');
    expect((await facilitator.post(chat, { thread: side, text: 'Take all the time you need' })).status).toBe(201);
    await patStream.next('chat', (m) => m.text === 'Take all the time you need');
    // A message after them reaches the third people: by then the side messages would have too.
    expect((await facilitator.post(chat, { thread: 'group', text: 'Back in a few minutes' })).status).toBe(201);
    for (const stream of [quinnStream, coleStream]) {
      await stream.next('chat', (m) => m.text === 'Back in a few minutes');
      expect(stream.events.filter((e) => e.event === 'chat').map((e) => e.data.thread)).toEqual(['group']);
    }
    const only = `${chat}?thread=${encodeURIComponent(side)}`;
    expect(texts((await pat.client.get(only)).body.messages)).toEqual(['Thank you for taking me aside', 'Take all the time you need']);
    expect(texts((await facilitator.get(only)).body.messages)).toEqual(['Thank you for taking me aside', 'Take all the time you need']);
    for (const [client, who] of [[cole, 'co-facilitator'], [quinn.client, 'participant']] as const) {
      const write = await client.post(chat, { thread: side, text: 'May I join in?' });
      expect(write.status, who).toBe(403);
      expect(write.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/member and its facilitator only/) });
      const read = await client.get(only);
      expect(read.status, who).toBe(403);
      expect(read.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/read only by its member and its facilitator/) });
      expect(texts((await client.get(chat)).body.messages), who).toEqual(['Back in a few minutes']);
    }
    // Another facilitator cannot hide (nor so learn of) a side room's message either.
    const [first] = (await facilitator.get(only)).body.messages;
    const hide = await cole.post(`${chat}/${first.id}/hide`);
    expect(hide.status).toBe(403);
    expect(hide.body.error.message).toMatch(/read only by its member and its facilitator/);
    expect((await facilitator.post(`${chat}/${first.id}/hide`)).status).toBe(200);
    expect(await patStream.next('chat', (m) => m.id === first.id && m.hidden)).toMatchObject({ text: null });
  });

  it('refuses a forged sender (400) and stores nothing', async () => {
    const { facilitatorUser, pat, quinn, chat, side, facilitator } = await sideRoom();
    for (const forged of [{ senderId: facilitatorUser.id }, { senderName: 'Fran' }, { senderRole: 'facilitator' }]) {
      const res = await pat.client.post(chat, { thread: side, text: 'From Fran, really', ...forged });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    // Quinn naming Pat as the sender of a side-room message is as malformed as anyone else doing it.
    expect((await quinn.client.post(chat, { thread: side, text: 'It is Pat', senderId: pat.user.id })).status).toBe(400);
    expect((await facilitator.get(`${chat}?thread=${encodeURIComponent(side)}`)).body.messages).toEqual([]);
  });

  it('closes for posting when the side room ends; afterwards its two people read it, the other facilitators never', async () => {
    const { facilitator, pat, cole, chat, room, side, session } = await sideRoom();
    expect((await pat.client.post(chat, { thread: side, text: 'I feel calmer now' })).status).toBe(201);
    expect((await pat.client.post(`${room}/commands`, { type: 'return_to_group' })).status).toBe(200);
    for (const client of [pat.client, facilitator]) {
      const late = await client.post(chat, { thread: side, text: 'One more thing' });
      expect(late.status).toBe(409);
      expect(late.body.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/side room has ended/) });
    }
    expect((await cole.post(chat, { thread: side, text: 'One more thing' })).status).toBe(403);
    expect((await facilitator.post(`${room}/commands`, { type: 'end_session' })).status).toBe(200);
    expect(texts((await facilitator.get(chat)).body.messages)).toEqual(['I feel calmer now']);
    expect(texts((await pat.client.get(chat)).body.messages)).toEqual(['I feel calmer now']);
    expect((await cole.get(chat)).body.messages).toEqual([]);
    expect((await cole.get(`${chat}?thread=${encodeURIComponent(side)}`)).status).toBe(403);
    const summary = (await cole.get(`/api/sessions/${session.id}/summary`)).body;
    expect(summary.chat).toEqual({ group: 0, private: 0, privateThreads: 0, side: 1, hidden: 0 });
    expect(JSON.stringify(summary)).not.toContain('calmer');
  });
});

describe('hiding a message', () => {
  it('hides it for everyone else within the room, keeps the text for facilitators, and audits it', async () => {
    const { facilitator, pat, quinn, chat, group, quinnStream, fran } = await fullRoom();
    const { message } = (await quinn.client.post(chat, { thread: 'group', text: 'something unkind' })).body;
    expect((await pat.client.post(`${chat}/${message.id}/hide`)).status).toBe(403);
    expect((await facilitator.post(`${chat}/${message.id}/hide`)).status).toBe(200);
    expect(await quinnStream.next('chat', (m) => m.id === message.id && m.hidden)).toMatchObject({ text: null });
    expect(await fran.next('chat', (m) => m.id === message.id && m.hidden)).toMatchObject({ text: 'something unkind' });
    expect((await pat.client.get(chat)).body.messages).toEqual([expect.objectContaining({ id: message.id, text: null, hidden: expect.any(Object) })]);
    expect((await facilitator.get(chat)).body.messages[0]).toMatchObject({ text: 'something unkind', hidden: expect.any(Object) });
    const entries = (await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries as any[];
    const entry = entries.find((e) => e.action === 'chat.hide');
    expect(entry.details).toMatchObject({ messageId: message.id, thread: 'group' });
    expect(JSON.stringify(entry)).not.toContain('unkind');
    expect((await facilitator.post(`${chat}/00000000-0000-4000-8000-000000000000/hide`)).status).toBe(404);
  });
});

describe('after the session', () => {
  it('keeps the chat: facilitators read all, members who attended read the group chat and their own thread, the summary counts', async () => {
    const { facilitator, pat, quinn, chat, room, session, invite, group } = await fullRoom();
    await pat.client.post(chat, { thread: 'group', text: 'Thanks all' });
    await pat.client.post(chat, { thread: pat.user.id, text: 'Can we talk after?' });
    const { message } = (await quinn.client.post(chat, { thread: 'group', text: 'oops' })).body;
    await facilitator.post(`${chat}/${message.id}/hide`);
    // Someone who joined the group but never came to this session.
    const late = t.client();
    await late.signup('Riley');
    await late.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    expect((await facilitator.post(`${room}/commands`, { type: 'end_session' })).status).toBe(200);

    expect((await facilitator.get(chat)).body.messages).toHaveLength(3);
    expect((await pat.client.get(chat)).body.messages.map((m: any) => m.text)).toEqual(['Thanks all', 'Can we talk after?', null]);
    expect((await quinn.client.get(chat)).body.messages.map((m: any) => m.text)).toEqual(['Thanks all', null]);
    const absent = await late.get(chat);
    expect(absent.status).toBe(403);
    expect(absent.body.error.message).toMatch(/sessions you attended/);
    expect((await pat.client.post(chat, { thread: 'group', text: 'still here?' })).status).toBe(409);

    const summary = (await facilitator.get(`/api/sessions/${session.id}/summary`)).body;
    expect(summary.chat).toEqual({ group: 2, private: 1, privateThreads: 1, side: 0, hidden: 1 });
    expect(JSON.stringify(summary)).not.toContain('Thanks all');
  });
});

describe('quiet reactions', () => {
  it('reach everyone in the room, are rate-limited per person, and stop when the facilitator turns them off', async () => {
    const { facilitator, pat, quinn, session, room, fran, quinnStream } = await fullRoom();
    const reactions = `/api/sessions/${session.id}/reactions`;
    expect((await pat.client.post(reactions, { reaction: 'me_too' })).status).toBe(201);
    for (const stream of [fran, quinnStream]) expect(await stream.next('reaction')).toMatchObject({ userId: pat.user.id, reaction: 'me_too' });
    expect((await pat.client.post(reactions, { reaction: 'shout' })).status).toBe(400);
    expect((await pat.client.post(reactions, { reaction: 'heart', userId: quinn.user.id })).status).toBe(400);
    expect((await pat.client.post(reactions, { reaction: 'heart' })).status).toBe(201);
    expect((await pat.client.post(reactions, { reaction: 'thank_you' })).status).toBe(429);
    expect((await facilitator.post(`${room}/commands`, { type: 'set_reactions', on: false })).status).toBe(200);
    const off = await quinn.client.post(reactions, { reaction: 'thank_you' });
    expect(off.status).toBe(409);
    expect(off.body.error.message).toMatch(/turned reactions off/);
  });
});

describe('the thermometer check-in', () => {
  it('keeps answers private to the facilitators, raises the support alert for a low answer, and is in the summary', async () => {
    const { facilitator, pat, quinn, room, session, fran, patStream, quinnStream } = await fullRoom();
    expect((await pat.client.post(`${room}/commands`, { type: 'ask_thermometer' })).status).toBe(403);
    expect((await facilitator.post(`${room}/commands`, { type: 'ask_thermometer', lowAt: 3 })).status).toBe(200);
    expect((await pat.client.post(`${room}/commands`, { type: 'answer_thermometer', roundId: 't1', value: 11 })).status).toBe(400);
    expect((await pat.client.post(`${room}/commands`, { type: 'answer_thermometer', roundId: 't1', value: 7 })).status).toBe(200);
    expect(await patStream.next('status', (s) => s.answeredRound === 't1')).toBeTruthy();
    expect((await quinn.client.post(`${room}/commands`, { type: 'answer_thermometer', roundId: 't1', value: 2 })).status).toBe(200);
    const alert = await fran.next('alert', (a) => a.kind === 'support_signal' && a.userId === quinn.user.id);
    expect(alert.thermometer).toEqual({ roundId: 't1', value: 2 });
    // Participants never get alerts nor the full state; Quinn is not told anything was raised.
    expect(patStream.has('alert') || quinnStream.has('alert') || quinnStream.has('notice', (n) => n.kind === 'support_received')).toBe(false);
    const full = (await facilitator.get(room)).body.state;
    expect(full.thermometer.rounds[0].answers.map((a: any) => a.value)).toEqual([7, 2]);
    expect(quinnStream.has('state') || patStream.has('state')).toBe(false);
    expect((await facilitator.post(`${room}/commands`, { type: 'close_thermometer' })).status).toBe(200);
    expect((await facilitator.post(`${room}/commands`, { type: 'end_session' })).status).toBe(200);
    const summary = (await facilitator.get(`/api/sessions/${session.id}/summary`)).body.summary;
    expect(summary.thermometer[0]).toMatchObject({ roundId: 't1', lowest: 2, median: 4.5, lowAt: 3 });
    expect(summary.supportSignals).toEqual([expect.objectContaining({ displayName: 'Quinn', thermometer: { roundId: 't1', value: 2 } })]);
  });
});
