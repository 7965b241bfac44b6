import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addElement, addStroke, appendStrokePoints, clearBoard, editText, elementText, finishStroke, moveElements, startStroke } from './document';
import { readBoard } from './read';
import { ANA, BEN, itemIds, line, sync } from './testing';
import { createBoardUndoManager } from './undo';

const ink = '#1f2a33';

describe('createBoardUndoManager', () => {
  it("undoes and redoes one's own changes only, never a peer's", () => {
    const ana = new Y.Doc();
    const ben = new Y.Doc();
    const anaUndo = createBoardUndoManager(ana, ANA.origin);
    const anaStroke = addStroke(ana, { author: ANA.id, colour: ink, width: 2, points: line }, ANA.origin);
    anaUndo.stopCapturing();
    const benStroke = addStroke(ben, { author: BEN.id, colour: ink, width: 2, points: line }, BEN.origin);
    sync(ana, ben);
    expect(new Set(itemIds(ana))).toEqual(new Set([anaStroke, benStroke]));

    anaUndo.undo();
    expect(itemIds(ana)).toEqual([benStroke]);
    expect(anaUndo.undoStack).toHaveLength(0);
    anaUndo.undo();
    expect(itemIds(ana)).toEqual([benStroke]);

    anaUndo.redo();
    sync(ana, ben);
    expect(new Set(itemIds(ben))).toEqual(new Set([anaStroke, benStroke]));
  });

  it('takes back a whole stroke drawn point by point as one step', () => {
    const doc = new Y.Doc();
    const undo = createBoardUndoManager(doc, ANA.origin);
    const id = startStroke(doc, { author: ANA.id, colour: ink, width: 2, points: [line[0]] }, ANA.origin);
    appendStrokePoints(doc, id, [line[1]], ANA.origin);
    appendStrokePoints(doc, id, [line[2]], ANA.origin);
    finishStroke(doc, id, ANA.origin);
    undo.undo();
    expect(itemIds(doc)).toEqual([]);
  });

  it('undoes a move without undoing a peer edit made since', () => {
    const ana = new Y.Doc();
    const ben = new Y.Doc();
    const undo = createBoardUndoManager(ana, ANA.origin);
    const note = addElement(ana, { kind: 'sticky', author: ANA.id, colour: '#fff1a8', x: 0, y: 0, w: 200, h: 200 }, ANA.origin);
    undo.stopCapturing();
    sync(ana, ben);
    moveElements(ana, [note], 50, 50, ANA.origin);
    editText(ben, note, 'from Ben', BEN.origin);
    sync(ana, ben);
    undo.undo();
    expect(readBoard(ana).items[0]).toMatchObject({ x: 0, y: 0, text: 'from Ben' });
  });

  it('makes clearing the board undoable, bringing back everyone’s elements', () => {
    const ana = new Y.Doc();
    const ben = new Y.Doc();
    addStroke(ben, { author: BEN.id, colour: ink, width: 2, points: line }, BEN.origin);
    const note = addElement(ben, { kind: 'sticky', author: BEN.id, colour: '#fff1a8', x: 0, y: 0, w: 200, h: 200, text: 'keep me' }, BEN.origin);
    sync(ana, ben);
    const before = itemIds(ana);
    const undo = createBoardUndoManager(ana, ANA.origin);
    clearBoard(ana, ANA.origin);
    sync(ana, ben);
    expect(itemIds(ben)).toEqual([]);
    undo.undo();
    sync(ana, ben);
    expect(itemIds(ben)).toEqual(before);
    expect(elementText(ben, note)?.toString()).toBe('keep me');
  });
});
