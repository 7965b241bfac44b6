/**
 * The room through the relay on a real server (port 0): the shared view reaches readers through the read-only
 * session_state document, waiting people cannot open it, a participant's crafted Yjs update changes nothing, and a
 * removed participant's sockets close within a second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readSharedView } from '../../src/lib/core/room';
import { mirrorRoomsIntoDocuments } from '../../server/room/mirror';
import { sessionStateDocName } from '../../src/lib/core/documents/names';
import { openProvider, rawSocket, startRelayServer, synced, waitFor, type RelayServer } from '../relay/server';
import { CHECKIN, liveRoom, streamOf, type Requester } from './helpers';
import { updateFrame } from '../../server/relay/frames';

let server: RelayServer;
let request: Requester;
beforeAll(async () => {
  server = await startRelayServer();
  mirrorRoomsIntoDocuments({ events: server.events, relay: server.collab.relay, logger: { error: () => {} } as never });
  request = (path, init) => fetch(`${server.origin}${path}`, init);
});
afterAll(() => server.close());

async function roomWithPat() {
  const fixture = await liveRoom(server);
  const { facilitator, pat, session, room } = fixture;
  const fran = await streamOf(request, facilitator, session.id);
  await pat.client.post(`${room}/checkin`, CHECKIN);
  const patStream = await streamOf(request, pat.client, session.id);
  await patStream.next('status', (s) => s.presence === 'waiting');
  return { ...fixture, fran, patStream, docName: sessionStateDocName(session.id) };
}

describe('the session state document', () => {
  it('carries the shared view to readers and is refused to people in the waiting room', async () => {
    const { facilitator, pat, room, docName, fran, patStream } = await roomWithPat();
    const waiting = rawSocket(server, docName, pat.client.cookie);
    expect((await waiting.closed).code).toBe(4403);

    const reader = openProvider(server, docName, facilitator.cookie);
    await synced(reader);
    await waitFor(() => readSharedView(reader.doc) !== null, 'a first view');
    expect(JSON.stringify(readSharedView(reader.doc))).not.toContain(pat.user.id); // waiting people are not shown

    await facilitator.post(`${room}/commands`, { type: 'admit', userId: pat.user.id });
    await patStream.next('notice', (n) => n.kind === 'admitted');
    const participant = openProvider(server, docName, pat.client.cookie);
    await synced(participant);
    await facilitator.post(`${room}/commands`, { type: 'apply_agenda_template', template: 'cbt_group' });
    await pat.client.post(`${room}/commands`, { type: 'send_support' });
    await pat.client.post(`${room}/commands`, { type: 'raise_hand' });
    await waitFor(() => (readSharedView(participant.doc)?.queue.length ?? 0) === 1, 'the raised hand');
    const view = readSharedView(participant.doc)!;
    expect(view.agenda.steps).toHaveLength(6);
    expect(view.people.map((p) => p.userId)).toContain(pat.user.id);
    expect(view).not.toHaveProperty('supportSignals');
    expect(view).not.toHaveProperty('turns');
    expect(participant.permissionDenied).toEqual(['read-only']);
    await fran.next('alert');
    reader.destroy();
    participant.destroy();
  });

  it('ignores a crafted Yjs update from a participant: the document and the room stay as they were', async () => {
    const { facilitator, pat, room, docName, patStream } = await roomWithPat();
    await facilitator.post(`${room}/commands`, { type: 'admit', userId: pat.user.id });
    await patStream.next('notice', (n) => n.kind === 'admitted');
    const watcher = openProvider(server, docName, facilitator.cookie);
    await synced(watcher);
    await waitFor(() => readSharedView(watcher.doc)?.people.some((p) => p.userId === pat.user.id) ?? false, 'Pat in the view');
    const before = Y.encodeStateAsUpdate(watcher.doc);
    const stateBefore = (await facilitator.get(room)).body.state;

    // Pat's own copy of the document, with a forged newer view that makes Pat the speaker.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, before);
    const current = readSharedView(forged)!;
    forged.getMap('room').set(String(current.version + 100), { ...current, version: current.version + 100, spotlight: pat.user.id });
    const socket = rawSocket(server, docName, pat.client.cookie);
    await socket.opened;
    socket.ws.send(updateFrame(Y.encodeStateAsUpdate(forged, Y.encodeStateVectorFromUpdate(before))));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(Y.encodeStateVector(watcher.doc)).toEqual(Y.encodeStateVectorFromUpdate(before));
    expect(readSharedView(watcher.doc)!.spotlight).toBeNull();
    expect((await facilitator.get(room)).body.state).toEqual(stateBefore);
    // After a restart of the document the forged change is nowhere either.
    await server.collab.relay.flush();
    const stored = await server.store.documents.load((await server.store.documents.byDocName(docName))!.id);
    const reloaded = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(reloaded, stored.snapshot.state);
    for (const row of stored.updates) Y.applyUpdate(reloaded, row.update);
    expect(readSharedView(reloaded)!.spotlight).toBeNull();
    socket.ws.close();
    watcher.destroy();
  });

  it('cuts a removed participant off the session state and the group board within a second, until the session ends', async () => {
    const { facilitator, pat, group, room, docName, patStream, session } = await roomWithPat();
    await facilitator.post(`${room}/commands`, { type: 'admit', userId: pat.user.id });
    await patStream.next('notice', (n) => n.kind === 'admitted');
    const board = (await facilitator.post(`/api/groups/${group.id}/boards`, { title: 'Thought record' })).body.board;
    const state = openProvider(server, docName, pat.client.cookie);
    const boardDoc = openProvider(server, board.docName, pat.client.cookie);
    await synced(state);
    await synced(boardDoc);
    const started = performance.now();
    expect((await facilitator.post(`${room}/commands`, { type: 'remove', userId: pat.user.id })).status).toBe(200);
    await waitFor(() => state.closes.length > 0 && boardDoc.closes.length > 0, 'both sockets closed', 1_000);
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(1_000);
    expect(state.closes[0].code).toBe(4409);
    expect(boardDoc.closes[0].code).toBe(4409);
    await patStream.ended;
    const again = rawSocket(server, docName, pat.client.cookie);
    expect((await again.closed).code).toBe(4403);
    console.log(`removal to both sockets closed: ${ms.toFixed(0)} ms`);
    // Still a member of the group, but no way back onto the room's boards while the session is live.
    const boardAgain = rawSocket(server, board.docName, pat.client.cookie);
    expect((await boardAgain.closed).code).toBe(4403);
    // Nor through the HTTP reads of the same contents: saved versions and worksheets answer 403 with a reason.
    const version = (await facilitator.post(`/api/boards/${board.id}/versions`, { label: 'Mid-session' })).body.version;
    const worksheet = (
      await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'shared' })
    ).body.worksheet;
    for (const path of [
      `/api/boards/${board.id}/versions`,
      `/api/boards/${board.id}/versions/${version.id}/state`,
      `/api/worksheets/${worksheet.id}`,
      `/api/worksheets/${worksheet.id}/export?format=csv`
    ]) {
      const refused = await pat.client.get(path);
      expect(refused.status, path).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('removed from this session') });
    }
    expect((await pat.client.get(`/api/groups/${group.id}/boards`)).status).toBe(200);
    // Once the session has ended, the group's boards are open to them again.
    expect((await facilitator.post(`/api/sessions/${session.id}/end`)).status).toBe(200);
    expect((await pat.client.get(`/api/boards/${board.id}/versions/${version.id}/state`)).status).toBe(200);
    expect((await pat.client.get(`/api/worksheets/${worksheet.id}`)).status).toBe(200);
    const afterEnd = openProvider(server, board.docName, pat.client.cookie);
    await synced(afterEnd);
    afterEnd.destroy();
    state.destroy();
    boardDoc.destroy();
  });
});
