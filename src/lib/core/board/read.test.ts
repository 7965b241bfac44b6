import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addElement, addStroke, appendStrokePoints, boardElements, editText, startStroke } from './document';
import { BoardReader, readBoard } from './read';
import { ANA, line } from './testing';

const ink = '#1f2a33';

function rawElement(doc: Y.Doc, id: string, fields: Record<string, unknown>) {
  doc.transact(() => {
    const element = new Y.Map<unknown>();
    boardElements(doc).set(id, element);
    for (const [key, value] of Object.entries(fields)) element.set(key, value);
  });
}

describe('readBoard with malformed or unknown elements', () => {
  it('skips and reports each bad element, and still draws the good ones', () => {
    const doc = new Y.Doc();
    const good = addStroke(doc, { author: ANA.id, colour: ink, width: 2, points: line }, ANA.origin);
    rawElement(doc, 'future', { kind: 'hologram', colour: ink, z: 1 });
    rawElement(doc, 'bad-colour', { kind: 'rectangle', colour: 'url(javascript:x)', x: 0, y: 0, w: 1, h: 1, width: 1 });
    rawElement(doc, 'nan', { kind: 'line', colour: ink, x1: 0, y1: 'zero', x2: 1, y2: 1, width: 1 });
    rawElement(doc, 'no-points', { kind: 'stroke', colour: ink, width: 2 });
    rawElement(doc, 'no-text', { kind: 'sticky', colour: ink, x: 0, y: 0, w: 10, h: 10 });
    rawElement(doc, 'huge', { kind: 'ellipse', colour: ink, x: 0, y: 0, w: 1e12, h: 1, width: 1 });
    doc.transact(() => boardElements(doc).set('scalar', 'not a map' as unknown as Y.Map<unknown>));

    const { items, problems } = readBoard(doc);
    expect(items.map((item) => item.id)).toEqual([good]);
    expect(Object.fromEntries(problems.map((problem) => [problem.id, problem.reason]))).toEqual({
      future: 'unknown kind "hologram"',
      'bad-colour': 'colour is not a colour',
      nan: 'y1 is not a number',
      'no-points': 'points are missing',
      'no-text': 'text is missing',
      huge: 'w is not a number',
      scalar: 'not a map'
    });
  });

  it('drops a trailing partial point or a non-number inside a stroke, keeping the rest', () => {
    const doc = new Y.Doc();
    const id = startStroke(doc, { author: ANA.id, colour: ink, width: 2, points: line }, ANA.origin);
    const points = boardElements(doc).get(id)!.get('points') as Y.Array<unknown>;
    points.push(['oops', 5, 50, 70]);
    const { items, problems } = readBoard(doc);
    expect(problems).toEqual([]);
    expect(items[0]).toMatchObject({ points: [0, 0, 0.5, 10, 0, 0.6, 20, 5, 0.7] });
  });

  it('treats missing optional fields with defaults (no author, no z, no fill)', () => {
    const doc = new Y.Doc();
    rawElement(doc, 'plain', { kind: 'rectangle', colour: ink, x: 0, y: 0, w: 5, h: 5, width: 1 });
    expect(readBoard(doc).items).toEqual([
      { id: 'plain', kind: 'rectangle', author: '', z: 0, colour: ink, layout: false, x: 0, y: 0, w: 5, h: 5, width: 1, fill: null }
    ]);
  });
});

describe('BoardReader', () => {
  it('re-reads only what changed and keeps unchanged items as the same objects', () => {
    const doc = new Y.Doc();
    const stroke = startStroke(doc, { author: ANA.id, colour: ink, width: 2, points: line }, ANA.origin);
    const note = addElement(doc, { kind: 'sticky', author: ANA.id, colour: '#fff1a8', x: 0, y: 0, w: 200, h: 200 }, ANA.origin);
    const reader = new BoardReader(doc);
    const noteBefore = reader.get(note);
    const touched: string[][] = [];
    boardElements(doc).observeDeep((events) => touched.push([...reader.applyEvents(events)]));

    appendStrokePoints(doc, stroke, [{ x: 30, y: 30 }], ANA.origin);
    editText(doc, note, 'hello', ANA.origin);
    doc.transact(() => boardElements(doc).delete(stroke));

    expect(touched).toEqual([[stroke], [note], [stroke]]);
    expect(reader.get(stroke)).toBeUndefined();
    expect(reader.get(note)).not.toBe(noteBefore);
    expect(reader.items().map((item) => item.id)).toEqual([note]);
    expect(reader.get(note)).toMatchObject({ text: 'hello' });
  });
});
