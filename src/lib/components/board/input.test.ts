import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Camera, HOME_CAMERA } from '$lib/core/board/camera';
import { addElement, startStroke } from '$lib/core/board/document';
import type { BoardItem, Point, ShapeItem, StrokeItem } from '$lib/core/board/elements';
import { frameOf } from '$lib/core/board/geometry';
import { readBoard } from '$lib/core/board/read';
import { BoardInput, type InputHost, type PointerInput, onResizeHandle, pinchOf } from './input';
import type { ToolName } from './tools';

const CAMERA: Camera = { x: 0, y: 0, zoom: 1 };

/** A host over a real Y.Doc that records what the input asked of it. */
function setUp(tool: ToolName, options: { readOnly?: boolean; camera?: Camera } = {}) {
  const doc = new Y.Doc();
  const origin = { board: 'test' };
  const events: string[] = [];
  const host = {
    doc,
    origin,
    tool,
    readOnly: options.readOnly ?? false,
    camera: options.camera ?? CAMERA,
    style: { author: 'user-ana', colour: '#1f2a33', width: 4 },
    selection: new Set<string>() as ReadonlySet<string>,
    editing: false,
    live: [] as string[],
    items: () => readBoard(doc).items,
    item: (id: string) => readBoard(doc).items.find((item) => item.id === id),
    moveCamera(next: Camera) {
      host.camera = next;
      events.push('camera');
    },
    setLive(ids: Iterable<string>) {
      host.live = [...ids];
    },
    redraw: () => events.push('redraw'),
    stopCapturing: () => events.push('stop-capturing'),
    placed: (id: string) => events.push(`placed ${id}`),
    openEditor: (id: string) => events.push(`open ${id}`),
    closeEditor: () => events.push('close-editor'),
    pointerAt: (point: Point | null) => events.push(point ? `pointer ${point.x},${point.y}` : 'pointer gone')
  } satisfies InputHost & { live: string[] };
  return { doc, host, events, input: new BoardInput(host), items: () => readBoard(doc).items };
}

const press = (x: number, y: number, more: Partial<PointerInput> = {}): PointerInput => ({
  pointerId: 1,
  button: 0,
  shiftKey: false,
  at: { x, y },
  pressure: 0.5,
  ...more
});

function drag(input: BoardInput, from: Point, to: Point, more: Partial<PointerInput> = {}) {
  input.pointerDown(press(from.x, from.y, more));
  input.pointerMove(press((from.x + to.x) / 2, (from.y + to.y) / 2, more));
  input.pointerMove(press(to.x, to.y, more));
  input.pointerUp(more.pointerId ?? 1);
}

describe('pure helpers', () => {
  it('a pinch is the midpoint and distance of two touches', () => {
    expect(pinchOf({ x: 0, y: 0 }, { x: 30, y: 40 })).toEqual({ centre: { x: 15, y: 20 }, distance: 50 });
  });

  it('the resize handle sits on the bottom-right corner of the bounds, with a few pixels of slack', () => {
    const doc = new Y.Doc();
    addElement(doc, { kind: 'rectangle', author: 'a', colour: '#1f2a33', x: 0, y: 0, w: 100, h: 50, width: 2, fill: null }, null);
    const [item] = readBoard(doc).items;
    const corner = { x: frameOf(item).w, y: frameOf(item).h };
    expect(onResizeHandle(item, CAMERA, { x: corner.x + 2, y: corner.y + 2 })).toBe(true);
    expect(onResizeHandle(item, CAMERA, { x: 50, y: 25 })).toBe(false);
  });
});

describe('BoardInput', () => {
  it('a pen stroke sends its points once a frame, merged moves included, and is finished when the pen lifts', () => {
    const { input, items } = setUp('pen');
    input.pointerDown(press(10, 10));
    const merged = [{ at: { x: 12, y: 11 }, pressure: 0.5 }, { at: { x: 14, y: 12 }, pressure: 0.5 }];
    input.pointerMove(press(14, 12, { coalesced: () => merged }));
    let [stroke] = items() as StrokeItem[];
    expect(stroke.done).toBe(false);
    expect(stroke.points.length / 3).toBe(1);
    input.flush();
    [stroke] = items() as StrokeItem[];
    expect(stroke.points.length / 3).toBe(3);
    input.pointerMove(press(20, 20));
    input.pointerUp(1);
    [stroke] = items() as StrokeItem[];
    expect(stroke.done).toBe(true);
    expect(stroke.points.length / 3).toBe(4);
  });

  it('a rectangle follows the drag and is drawn live meanwhile', () => {
    const { input, host, items } = setUp('rectangle');
    input.pointerDown(press(10, 10));
    expect(host.live).toHaveLength(1);
    input.pointerMove(press(110, 60));
    input.pointerUp(1);
    expect(host.live).toEqual([]);
    expect(frameOf(items()[0] as ShapeItem)).toMatchObject({ x: 10, y: 10, w: 100, h: 50 });
  });

  it('a line slipped by a few pixels leaves nothing; a longer one stays', () => {
    const { input, items } = setUp('line');
    drag(input, { x: 200, y: 200 }, { x: 202, y: 201 });
    expect(items()).toEqual([]);
    drag(input, { x: 200, y: 200 }, { x: 260, y: 200 });
    expect(items().map((item) => item.kind)).toEqual(['line']);
  });

  it('a sticky note is placed centred on the press and handed to the host to edit', () => {
    const { input, events, items } = setUp('sticky');
    input.pointerDown(press(300, 300));
    const [note] = items() as BoardItem[];
    expect(note.kind).toBe('sticky');
    const frame = frameOf(note);
    expect(frame.x + frame.w / 2).toBeCloseTo(300);
    expect(events).toContain(`placed ${note.id}`);
  });

  it('select: a press on an item selects and drags it; Shift adds; a press on nothing drags out a marquee', () => {
    const { input, host, doc, items } = setUp('select');
    const a = addElement(doc, { kind: 'rectangle', author: 'a', colour: '#1f2a33', x: 0, y: 0, w: 40, h: 40, width: 2, fill: null }, null);
    const b = addElement(doc, { kind: 'rectangle', author: 'a', colour: '#1f2a33', x: 100, y: 0, w: 40, h: 40, width: 2, fill: null }, null);
    drag(input, { x: 20, y: 20 }, { x: 30, y: 25 });
    expect([...host.selection]).toEqual([a]);
    expect(frameOf(host.item(a)!)).toMatchObject({ x: 10, y: 5 });

    input.pointerDown(press(120, 20, { shiftKey: true }));
    input.pointerUp(1);
    expect(new Set(host.selection)).toEqual(new Set([a, b]));

    input.pointerDown(press(300, 300));
    expect(host.selection.size).toBe(0);
    input.pointerMove(press(-10, -10));
    expect(input.marquee).toMatchObject({ x: -10, y: -10, w: 310, h: 310 });
    input.pointerUp(1);
    expect(input.marquee).toBeNull();
    expect(new Set(host.selection)).toEqual(new Set(items().map((item) => item.id)));
  });

  it('select: the handle of the one selected item resizes it from its top-left corner', () => {
    const { input, host, doc } = setUp('select');
    const id = addElement(doc, { kind: 'rectangle', author: 'a', colour: '#1f2a33', x: 0, y: 0, w: 40, h: 40, width: 2, fill: null }, null);
    host.selection = new Set([id]);
    const corner = frameOf(host.item(id)!);
    drag(input, { x: corner.x + corner.w + 2, y: corner.y + corner.h + 2 }, { x: 90, y: 70 });
    expect(frameOf(host.item(id)!)).toMatchObject({ x: corner.x, y: corner.y, w: 90 - corner.x, h: 70 - corner.y });
  });

  it('the eraser removes the strokes it touches, and nothing else', () => {
    const { input, doc, items } = setUp('eraser');
    startStroke(doc, { author: 'a', colour: '#1f2a33', width: 4, points: [{ x: 0, y: 50, pressure: 0.5 }, { x: 100, y: 50, pressure: 0.5 }] }, null);
    addElement(doc, { kind: 'rectangle', author: 'a', colour: '#1f2a33', x: 0, y: 40, w: 100, h: 20, width: 2, fill: null }, null);
    drag(input, { x: 50, y: 0 }, { x: 50, y: 100 });
    expect(items().map((item) => item.kind)).toEqual(['rectangle']);
  });

  it('the hand tool, the middle button and a held space pan the view instead of drawing', () => {
    for (const [tool, more, space] of [['hand', {}, false], ['pen', { button: 1 }, false], ['pen', {}, true]] as const) {
      const { input, host, items } = setUp(tool, { camera: HOME_CAMERA });
      input.spaceHeld = space;
      drag(input, { x: 100, y: 100 }, { x: 150, y: 130 }, more);
      expect(host.camera).toMatchObject({ x: HOME_CAMERA.x - 50, y: HOME_CAMERA.y - 30, zoom: 1 });
      expect(items()).toEqual([]);
    }
  });

  it('on a read-only board a drawing tool pans, and a double click opens no editor', () => {
    const { input, host, events, doc, items } = setUp('pen', { readOnly: true });
    drag(input, { x: 100, y: 100 }, { x: 150, y: 100 });
    expect(host.camera.x).toBe(-50);
    addElement(doc, { kind: 'sticky', author: 'a', colour: '#fde68a', x: 0, y: 0, w: 100, h: 100 }, null);
    input.doubleClick({ x: 20 - 50, y: 20 });
    expect(items()).toHaveLength(1);
    expect(events.some((event) => event.startsWith('open'))).toBe(false);
  });

  it('a double click on a note opens its editor', () => {
    const { input, events, doc } = setUp('select');
    const id = addElement(doc, { kind: 'sticky', author: 'a', colour: '#fde68a', x: 0, y: 0, w: 100, h: 100 }, null);
    input.doubleClick({ x: 50, y: 50 });
    expect(events).toContain(`open ${id}`);
  });

  it('two fingers pinch-zoom about their centre and stop any drawing', () => {
    const { input, host, items } = setUp('pen');
    input.pointerDown(press(100, 100, { pointerId: 1 }));
    input.pointerDown(press(200, 100, { pointerId: 2 }));
    input.pointerMove(press(50, 100, { pointerId: 1 }));
    input.pointerMove(press(250, 100, { pointerId: 2 }));
    expect(host.camera.zoom).toBeCloseTo(2);
    // The centre (150, 100) on screen still shows the same board point.
    expect(host.camera.x + 150 / host.camera.zoom).toBeCloseTo(150);
    input.pointerUp(1);
    input.pointerUp(2);
    expect((items() as StrokeItem[]).every((stroke) => stroke.done)).toBe(true);
  });

  it('a wheel pans; with Ctrl it zooms at the pointer', () => {
    const { input, host } = setUp('pen');
    input.wheel({ x: 0, y: 0 }, 10, 20, false);
    expect(host.camera).toMatchObject({ x: 10, y: 20, zoom: 1 });
    input.wheel({ x: 0, y: 0 }, 0, -100, true);
    expect(host.camera.zoom).toBeGreaterThan(1);
  });

  it('stopDrawing (a lock arrived) ends a drag: later moves write nothing', () => {
    const { input, host, items } = setUp('rectangle');
    input.pointerDown(press(10, 10));
    input.pointerMove(press(60, 60));
    input.stopDrawing();
    expect(host.live).toEqual([]);
    input.pointerMove(press(200, 200));
    input.pointerUp(1);
    expect(frameOf(items()[0] as ShapeItem)).toMatchObject({ w: 50, h: 50 });
  });

  it('reports the pointer over the board for cursors, and when it leaves', () => {
    const { input, events } = setUp('pen', { camera: { x: 10, y: 0, zoom: 2 } });
    input.pointerMove(press(20, 40));
    input.pointerLeave();
    expect(events).toEqual(['pointer 20,20', 'pointer gone']);
  });
});
