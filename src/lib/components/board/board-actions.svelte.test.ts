import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Camera, HOME_CAMERA } from '$lib/core/board/camera';
import { addElement } from '$lib/core/board/document';
import { readBoard } from '$lib/core/board/read';
import { BoardActions, type BoardActionsHost } from './board-actions.svelte';
import { BoardDocument } from './board-document.svelte';

const SCREEN = { width: 800, height: 600 };

/** A host over a real Y.Doc and the board's own document reader, as Board.svelte gives it. */
function setUp(options: { readOnly?: boolean; isFacilitator?: boolean } = {}) {
  const doc = new Y.Doc();
  const origin = { board: 'test' };
  const board = new BoardDocument();
  board.connect(doc, origin, () => {});
  const sticky = (x: number, colour = '#fff59d') =>
    addElement(doc, { kind: 'sticky', author: 'user-ana', colour, x, y: 10, w: 100, h: 100, text: 'note' }, origin);
  const host: BoardActionsHost & { camera: Camera } = {
    doc,
    origin,
    board,
    readOnly: options.readOnly ?? false,
    isFacilitator: options.isFacilitator ?? false,
    userId: 'user-ana',
    title: 'Values',
    colour: '#c62828',
    selection: new Set<string>(),
    camera: HOME_CAMERA,
    screen: SCREEN,
    moveCamera(next) {
      host.camera = next;
    }
  };
  return { doc, host, sticky, actions: new BoardActions(host), items: () => readBoard(doc).items };
}

describe('BoardActions', () => {
  it('deletes the selection and empties it; undo brings it back', () => {
    const { host, sticky, actions, items } = setUp();
    const first = sticky(0);
    sticky(200);
    host.board.stopCapturing(); // the delete is an undo step of its own, as after a pointer gesture
    host.selection = new Set([first]);
    actions.deleteSelection();
    expect(items().map((item) => item.id)).not.toContain(first);
    expect(host.selection.size).toBe(0);
    actions.undo();
    expect(items()).toHaveLength(2);
  });

  it('changes nothing on a locked board', () => {
    const { host, sticky, actions, items } = setUp({ readOnly: true, isFacilitator: true });
    const only = sticky(0);
    host.selection = new Set([only]);
    actions.deleteSelection();
    actions.clear();
    actions.applyLayout();
    expect(items()).toHaveLength(1);
    expect(host.selection.size).toBe(1);
    expect(actions.status).toBe('');
  });

  it('gives the selection the chosen colour, and one note a colour of its own', () => {
    const { host, sticky, actions, items } = setUp();
    const [a, b] = [sticky(0), sticky(200)];
    host.selection = new Set([a]);
    actions.colourSelection();
    actions.colourNote(b, '#a5d6a7');
    const colours = Object.fromEntries(items().map((item) => [item.id, item.colour]));
    expect(colours).toEqual({ [a]: '#c62828', [b]: '#a5d6a7' });
  });

  it('lets only a facilitator clear the board or apply a layout, and says what happened', () => {
    const participant = setUp();
    participant.sticky(0);
    participant.actions.clear();
    participant.actions.applyLayout();
    expect(participant.items()).toHaveLength(1);

    const facilitator = setUp({ isFacilitator: true });
    facilitator.sticky(0);
    facilitator.host.selection = new Set(facilitator.items().map((item) => item.id));
    facilitator.actions.clear();
    expect(facilitator.items()).toHaveLength(0);
    expect(facilitator.host.selection.size).toBe(0);
    expect(facilitator.actions.status).toBe('The board was cleared. Undo brings everything back.');
    facilitator.actions.applyLayout();
    expect(facilitator.items().length).toBeGreaterThan(0);
    expect(facilitator.actions.status).toMatch(/^Layout applied: Pros and cons/);
  });

  it('zooms about the middle of the drawing area and shows everything there is', () => {
    const { host, sticky, actions } = setUp();
    actions.zoomBy(2);
    expect(host.camera.zoom).toBe(2 * HOME_CAMERA.zoom);
    actions.showEverything();
    expect(host.camera).toEqual(HOME_CAMERA);
    sticky(5_000);
    actions.showEverything();
    expect(host.camera).not.toEqual(HOME_CAMERA);
  });
});
