/**
 * Finding 7: during a live session the documents linked to it (an agenda step's board or worksheet, a worksheet of
 * the session) open only for people let into its room. Someone never admitted, or sent back to the waiting room,
 * cannot reopen them; the group's other boards stay open; after the session everything opens again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawSocket, startRelayServer, type RelayServer } from '../relay/server';
import { CHECKIN, liveRoom, streamOf, type Requester } from '../room/helpers';

let server: RelayServer;
let request: Requester;
beforeAll(async () => {
  server = await startRelayServer();
  request = (path, init) => fetch(`${server.origin}${path}`, init);
});
afterAll(() => server.close());

/** Opens a relay socket and tells whether it stayed open (true) or was refused/closed with which code. */
async function opens(docName: string, cookie: string | undefined): Promise<true | number> {
  const socket = rawSocket(server, docName, cookie);
  const outcome = await Promise.race([
    socket.closed.then((closed) => closed.code),
    new Promise<true>((resolve) => setTimeout(() => resolve(true), 400))
  ]);
  socket.ws.terminate();
  return outcome;
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
    expect(await opens(linked.docName, pat.client.cookie)).toBe(true);
  });
});
