import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { groupWithParticipant, useTestApp } from '../helpers/test-app';

const t = useTestApp();

describe('boards API', () => {
  it('facilitators create, rename, lock and archive boards; members list them; others see nothing', async () => {
    const { facilitator, participant, group } = await groupWithParticipant(t);
    const created = await facilitator.post(`/api/groups/${group.id}/boards`, { title: ' Thought record ' });
    expect(created.status).toBe(201);
    const board = created.body.board;
    expect(board).toMatchObject({ title: 'Thought record', docName: `board:${board.id}`, locked: false, archived: false });

    expect((await participant.post(`/api/groups/${group.id}/boards`, { title: 'Mine' })).status).toBe(403);
    expect((await facilitator.post(`/api/groups/${group.id}/boards`, { title: '' })).status).toBe(400);

    const listed = await participant.get(`/api/groups/${group.id}/boards`);
    expect(listed.body.boards.map((b: { id: string }) => b.id)).toEqual([board.id]);

    const stranger = t.client();
    await stranger.signup('Stranger');
    expect((await stranger.get(`/api/groups/${group.id}/boards`)).status).toBe(404);
    expect((await stranger.get(`/api/boards/${board.id}`)).status).toBe(404);
    expect((await t.client().get(`/api/groups/${group.id}/boards`)).status).toBe(401);

    expect((await participant.patch(`/api/boards/${board.id}`, { locked: true })).status).toBe(403);
    const changes: string[] = [];
    const off = t.events.on('document.changed', (e) => changes.push(e.docName));
    const locked = await facilitator.patch(`/api/boards/${board.id}`, { locked: true, title: 'Renamed' });
    off();
    expect(locked.body.board).toMatchObject({ locked: true, title: 'Renamed' });
    expect(changes).toEqual([board.docName]);

    const log = await facilitator.get(`/api/groups/${group.id}/audit`);
    const actions = log.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['board.create', 'board.update']));
  });

  it('versions: facilitators save, members list and read the state as a Yjs update', async () => {
    const { facilitator, participant, group } = await groupWithParticipant(t);
    const board = (await facilitator.post(`/api/groups/${group.id}/boards`, { title: 'Values' })).body.board;

    // Put content in the log directly, as the relay would.
    const doc = new Y.Doc();
    doc.getMap('shapes').set('a', 'circle');
    await t.store.documents.appendUpdates([{ documentId: board.id, update: Y.encodeStateAsUpdate(doc) }], new Date());

    expect((await participant.post(`/api/boards/${board.id}/versions`, { label: 'x' })).status).toBe(403);
    const made = await facilitator.post(`/api/boards/${board.id}/versions`, { label: 'After session 3' });
    expect(made.status).toBe(201);
    expect(made.body.version).toMatchObject({ label: 'After session 3', sessionId: null });

    const list = await participant.get(`/api/boards/${board.id}/versions`);
    expect(list.body.versions.map((v: { id: string }) => v.id)).toEqual([made.body.version.id]);

    const res = await t.app.request(`/api/boards/${board.id}/versions/${made.body.version.id}/state`, {
      headers: { cookie: participant.cookie! }
    });
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, new Uint8Array(await res.arrayBuffer()));
    expect(copy.getMap('shapes').get('a')).toBe('circle');

    expect((await participant.get(`/api/boards/${board.id}/versions/00000000-0000-4000-8000-000000000000/state`)).status).toBe(404);
  });
});
