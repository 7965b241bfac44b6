/**
 * Finding 7: during a live session the documents linked to it (an agenda step's board or worksheet, a worksheet of
 * the session) open only for people let into its room. Someone never admitted, or sent back to the waiting room,
 * cannot reopen them; the group's other boards stay open; after the session everything opens again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawSocket, relayOutcome, startRelayServer, type RelayServer } from '../relay/server';
import { CHECKIN, liveRoom, streamOf, type Requester } from '../room/helpers';

let server: RelayServer;
let request: Requester;
beforeAll(async () => {
  server = await startRelayServer();
  request = (path, init) => fetch(`${server.origin}${path}`, init);
});
afterAll(() => server.close());

/** Opens a relay socket and tells whether the relay let it in (true) or refused it with which code. */
async function opens(docName: string, cookie: string | undefined): Promise<true | number> {
  const outcome = await relayOutcome(server, docName, cookie);
  return typeof outcome === 'string' ? true : outcome.code;
}

describe('documents linked to a live session', () => {
  it('refuse people outside the room, open for the admitted, close again when sent back, and reopen after the session', async () => {
    const { facilitator, pat, group, session, room } = await liveRoom(server);
    const linked = (await facilitator.post(`/api/groups/${group.id}/boards`, { title: 'Thought record' })).body.board;
    const other = (await facilitator.post(`/api/groups/${group.id}/boards`, { title: 'Ideas for next month' })).body.board;
    await streamOf(request, facilitator, session.id);
    expect((await facilitator.post(`${room}/commands`, { type: 'apply_agenda_template', template: 'cbt_group' })).status).toBe(200);
    const state = (await facilitator.get(room)).body.state;
    const stepId = state.agenda.steps[0].id;
    expect((await facilitator.post(`${room}/commands`, { type: 'link_step', stepId, boardId: linked.id })).status).toBe(200);

    // Never admitted: not in the room at all, then waiting.
    expect(await opens(linked.docName, pat.client.cookie)).toBe(4403);
    expect(await opens(other.docName, pat.client.cookie)).toBe(true);
    expect((await pat.client.post(`${room}/checkin`, CHECKIN)).status).toBe(201);
    const patStream = await streamOf(request, pat.client, session.id);
    await patStream.next('status', (s) => s.presence === 'waiting');
    expect(await opens(linked.docName, pat.client.cookie)).toBe(4403);
    expect(await opens(linked.docName, facilitator.cookie)).toBe(true);

    expect((await facilitator.post(`${room}/commands`, { type: 'admit', userId: pat.user.id })).status).toBe(200);
    await patStream.next('notice', (n) => n.kind === 'admitted');
    const inside = rawSocket(server, linked.docName, pat.client.cookie);
    await inside.opened;

    expect((await facilitator.post(`${room}/commands`, { type: 'send_to_waiting', userId: pat.user.id })).status).toBe(200);
    expect((await inside.closed).code).toBe(4409); // revoked: it was open
    expect(await opens(linked.docName, pat.client.cookie)).toBe(4403);

    expect((await facilitator.post(`/api/sessions/${session.id}/end`)).status).toBe(200);
    // The room ended before the answer (every revocation of the ending is behind us): a board reopened at once stays open.
    const reopened = rawSocket(server, linked.docName, pat.client.cookie);
    await reopened.opened;
    const early = await Promise.race([reopened.closed, new Promise((resolve) => setTimeout(() => resolve('still open'), 750))]);
    expect(early).toBe('still open');
    reopened.ws.terminate();
    expect(await opens(linked.docName, pat.client.cookie)).toBe(true);
  });

  it('answer every HTTP read of their content with 403 and a reason outside the room, 200 in it, and 200 again after the session', async () => {
    const { facilitator, pat, quinn, group, session, room } = await liveRoom(server);
    const linked = (await facilitator.post(`/api/groups/${group.id}/boards`, { title: 'Thought record' })).body.board;
    const other = (await facilitator.post(`/api/groups/${group.id}/boards`, { title: 'Ideas for next month' })).body.board;
    const version = (await facilitator.post(`/api/boards/${linked.id}/versions`, { label: 'Before' })).body.version;
    const worksheet = (
      await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'individual', sessionId: session.id })
    ).body.worksheet;
    await streamOf(request, facilitator, session.id);
    expect((await facilitator.post(`${room}/commands`, { type: 'apply_agenda_template', template: 'cbt_group' })).status).toBe(200);
    const stepId = (await facilitator.get(room)).body.state.agenda.steps[0].id;
    expect((await facilitator.post(`${room}/commands`, { type: 'link_step', stepId, boardId: linked.id })).status).toBe(200);

    const reads = [
      `/api/boards/${linked.id}`,
      `/api/boards/${linked.id}/versions`,
      `/api/boards/${linked.id}/versions/${version.id}/state`,
      `/api/worksheets/${worksheet.id}`,
      `/api/worksheets/${worksheet.id}/export?format=json`
    ];
    /** Each read's status (and the refusal's reason), and whether /api/me/worksheets lists the linked worksheet. */
    const answers = async (who: typeof pat.client) => {
      const each = [];
      for (const path of reads) {
        const res = await who.get(path);
        each.push(res.status === 200 ? 200 : `${res.status} ${res.body?.error?.details?.reason}`);
      }
      const mine = (await who.get('/api/me/worksheets')).body.worksheets.map((item: { worksheet: { id: string } }) => item.worksheet.id);
      return { each, listed: mine.includes(worksheet.id) };
    };
    const refused = (reason: string) => ({ each: reads.map(() => `403 ${reason}`), listed: false });
    const open = { each: reads.map(() => 200), listed: true };

    // Never admitted (not in the room at all), then waiting: refused; the group's other board stays open.
    expect(await answers(pat.client)).toEqual(refused('not_in_room'));
    expect((await pat.client.get(`/api/boards/${other.id}`)).status).toBe(200);
    expect((await pat.client.post(`${room}/checkin`, CHECKIN)).status).toBe(201);
    const patStream = await streamOf(request, pat.client, session.id);
    await patStream.next('status', (s) => s.presence === 'waiting');
    expect(await answers(pat.client)).toEqual(refused('not_in_room'));
    expect(await answers(facilitator)).toEqual({ ...open, listed: false }); // facilitators have no copy of their own

    // Admitted: open. Sent back: refused again.
    expect((await facilitator.post(`${room}/commands`, { type: 'admit', userId: pat.user.id })).status).toBe(200);
    await patStream.next('notice', (n) => n.kind === 'admitted');
    expect(await answers(pat.client)).toEqual(open);
    expect((await facilitator.post(`${room}/commands`, { type: 'send_to_waiting', userId: pat.user.id })).status).toBe(200);
    await patStream.next('notice', (n) => n.kind === 'sent_to_waiting');
    expect(await answers(pat.client)).toEqual(refused('not_in_room'));

    // Removed from the session: every document of the group closes, linked or not, with its own reason.
    expect((await quinn.client.post(`${room}/checkin`, CHECKIN)).status).toBe(201);
    const quinnStream = await streamOf(request, quinn.client, session.id);
    await quinnStream.next('status', (s) => s.presence === 'waiting');
    expect((await facilitator.post(`${room}/commands`, { type: 'admit', userId: quinn.user.id })).status).toBe(200);
    expect((await facilitator.post(`${room}/commands`, { type: 'remove', userId: quinn.user.id })).status).toBe(200);
    expect(await answers(quinn.client)).toEqual(refused('removed_from_session'));
    expect((await quinn.client.get(`/api/boards/${other.id}`)).body.error.details.reason).toBe('removed_from_session');

    // After the session the members read again.
    expect((await facilitator.post(`/api/sessions/${session.id}/end`)).status).toBe(200);
    expect(await answers(pat.client)).toEqual(open);
    expect(await answers(quinn.client)).toEqual(open);
    await Promise.all([patStream.close(), quinnStream.close()]);
  });
});
