/**
 * Restoring a board version as a new board (POST /api/boards/:id/versions/:versionId/restore): the new board opens
 * through the relay with the version's drawing, the original board is untouched, and only facilitators may do it.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addElement, editText } from '../../src/lib/core/board/document';
import { readBoard } from '../../src/lib/core/board/read';
import { useRelayServer } from '../helpers/relay-server';
import { boardFixture, synced } from './server';

const { server, provider } = useRelayServer();

const stickyTexts = (doc: Y.Doc) => readBoard(doc).items.flatMap((item) => (item.kind === 'sticky' ? [item.text] : []));

describe('restoring a board version as a new board', () => {
  it('creates a board holding the version’s state; later edits of the original stay out of it', async () => {
    const { facilitator, participant, group, board } = await boardFixture(server);
    const origin = { test: true };
    const drawing = provider(board.docName, facilitator.cookie);
    await synced(drawing);
    const note = addElement(drawing.doc, { kind: 'sticky', author: 'fran', colour: '#fde68a', x: 0, y: 0, w: 200, h: 200, text: 'Breathe' }, origin);
    // The version is read from storage: wait until the relay has stored the note.
    await expect.poll(async () => (await server.store.documents.load(board.id)).updates.length).toBeGreaterThan(0);

    const version = (await facilitator.post(`/api/boards/${board.id}/versions`, { label: 'After session 3' })).body.version;
    editText(drawing.doc, note, 'Breathe slowly', origin);
    await expect.poll(async () => (await server.store.documents.load(board.id)).updates.length).toBeGreaterThan(1);

    expect((await participant.post(`/api/boards/${board.id}/versions/${version.id}/restore`, {})).status).toBe(403);
    const missing = await facilitator.post(`/api/boards/${board.id}/versions/00000000-0000-4000-8000-000000000000/restore`, {});
    expect(missing.status).toBe(404);

    const restored = await facilitator.post(`/api/boards/${board.id}/versions/${version.id}/restore`, {});
    expect(restored.status).toBe(201);
    expect(restored.body.board).toMatchObject({ title: 'Thought record (After session 3)', locked: false, archived: false, groupId: group.id });
    expect(restored.body.board.id).not.toBe(board.id);
    expect(restored.body.board.lastEditedAt).not.toBeNull();

    const listed = (await participant.get(`/api/groups/${group.id}/boards`)).body.boards.map((b: { id: string }) => b.id);
    expect(listed).toEqual(expect.arrayContaining([board.id, restored.body.board.id]));

    // A member opening the new board through the relay sees the note as it was in the version.
    const reader = provider(restored.body.board.docName, participant.cookie);
    await synced(reader);
    expect(stickyTexts(reader.doc)).toEqual(['Breathe']);
    // The original keeps its later edit.
    expect(stickyTexts(drawing.doc)).toEqual(['Breathe slowly']);

    const log = (await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries.map((e: { action: string }) => e.action);
    expect(log).toContain('board.version.restore');
  });
});
