/**
 * Pointer input on the board: presses, drags, pinches and wheel turns become gestures (draw a stroke, erase, drag out
 * a line or shape, move or resize the selection, select with a marquee, pan, pinch-zoom), and gestures become
 * document edits. DOM-free: the component hands in plain pointer facts in canvas-relative CSS pixels, and the host
 * gives the board's state and effects, so input.test.ts drives it with a real Y.Doc.
 */
import type * as Y from 'yjs';
import { type Camera, boardToScreen, panBy, screenToBoard, zoomAt } from '$lib/core/board/camera';
import {
  type InputPoint,
  addElement,
  appendStrokePoints,
  deleteElements,
  finishStroke,
  moveElements,
  resizeElement,
  setLineEnds,
  startStroke
} from '$lib/core/board/document';
import { type BoardItem, type Point, type Rect, DEFAULT_FONT_SIZE, STICKY_SIZE, hasText } from '$lib/core/board/elements';
import { boundsOf, frameOf, itemsInside, pointInRect, rectFromCorners, strokesTouching, topItemAt } from '$lib/core/board/geometry';
import { LINE_HEIGHT } from '$lib/core/board/text-layout';
import { HANDLE_SIZE } from './renderer';
import { type ToolName, toolDraws } from './tools';

/** One pointer event, as the input needs it. */
export interface PointerInput {
  pointerId: number;
  /** 0 main, 1 middle, 2 secondary. */
  button: number;
  shiftKey: boolean;
  /** Canvas-relative CSS pixels. */
  at: Point;
  /** Pen pressure; 0.5 for mouse and touch. */
  pressure: number;
  /** The moves the browser merged into this one (getCoalescedEvents), oldest first; read only while drawing. */
  coalesced?: () => readonly { at: Point; pressure: number }[];
}

/** What the input reads from and does to the board around it. */
export interface InputHost {
  readonly doc: Y.Doc;
  /** The transaction origin of this person's edits (what their undo tracks). */
  readonly origin: object;
  readonly tool: ToolName;
  readonly readOnly: boolean;
  readonly camera: Camera;
  /** Who draws new elements, and how. */
  readonly style: { author: string; colour: string; width: number };
  selection: ReadonlySet<string>;
  readonly editing: boolean;
  items(): readonly BoardItem[];
  item(id: string): BoardItem | undefined;
  /** The person moved the view (pan, pinch, wheel). */
  moveCamera(next: Camera): void;
  /** Items drawn every frame, outside the cached scene, while they change. */
  setLive(ids: Iterable<string>): void;
  redraw(): void;
  /** Starts a new undo step. */
  stopCapturing(): void;
  /** A sticky note or text was placed: the host switches to Select, selects it and opens its editor. */
  placed(id: string): void;
  openEditor(id: string): void;
  closeEditor(): void;
  /** Where the pointer is on the board (board units), or null when it left: the cursor others see. */
  pointerAt(point: Point | null): void;
}

type Gesture =
  | { type: 'stroke'; id: string; pending: InputPoint[] }
  | { type: 'erase' }
  | { type: 'line'; id: string; start: Point }
  | { type: 'shape'; id: string; start: Point }
  | { type: 'move'; last: Point; moved: boolean }
  | { type: 'resize'; id: string; anchor: Point }
  | { type: 'marquee'; start: Point; rect: Rect }
  | { type: 'pan'; last: Point }
  | { type: 'pinch'; centre: Point; distance: number };

/** Width of a new text element, in board units. */
const TEXT_WIDTH = 320;
/** Lines and shapes smaller than this on screen (CSS pixels) when let go were a slip: they are removed. */
const MIN_SHAPE_PX = 4;

/** The centre of two touches and the distance between them. */
export function pinchOf(a: Point, b: Point): { centre: Point; distance: number } {
  return { centre: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, distance: Math.hypot(a.x - b.x, a.y - b.y) };
}

/** Whether a board point lands on the resize handle drawn at the bottom-right corner of `item`'s bounds. */
export function onResizeHandle(item: BoardItem, camera: Camera, point: Point): boolean {
  const box = boundsOf(item);
  const corner = boardToScreen(camera, { x: box.x + box.w, y: box.y + box.h });
  const hit = { x: corner.x - 6, y: corner.y - 6, w: HANDLE_SIZE + 12, h: HANDLE_SIZE + 12 };
  return pointInRect(boardToScreen(camera, point), hit);
}

export class BoardInput {
  /** Space held down: any drag pans. */
  spaceHeld = false;
  #gesture: Gesture | null = null;
  readonly #pointers = new Map<number, Point>();

  constructor(private readonly host: InputHost) {}

  /** The selection rectangle being dragged out, in board units. */
  get marquee(): Rect | null {
    return this.#gesture?.type === 'marquee' ? this.#gesture.rect : null;
  }

  #boardPoint(at: Point, pressure: number): InputPoint {
    return { ...screenToBoard(this.host.camera, at), pressure };
  }

  #reach(): number {
    return 8 / this.host.camera.zoom;
  }

  #pinch() {
    const [a, b] = [...this.#pointers.values()];
    return pinchOf(a, b);
  }

  pointerDown(input: PointerInput): void {
    const { host } = this;
    if (host.editing) host.closeEditor();
    this.#pointers.set(input.pointerId, input.at);
    if (this.#pointers.size === 2) {
      this.#end();
      this.#gesture = { type: 'pinch', ...this.#pinch() };
      return;
    }
    if (this.#pointers.size > 2) return;
    const point = this.#boardPoint(input.at, input.pressure);
    if (input.button === 1 || this.spaceHeld || host.tool === 'hand' || (host.readOnly && toolDraws(host.tool))) {
      this.#gesture = { type: 'pan', last: input.at };
      return;
    }
    if (input.button !== 0) return;
    host.stopCapturing();
    this.#start(point, input.shiftKey);
  }

  #start(point: InputPoint, shiftKey: boolean): void {
    const { host } = this;
    const { doc, origin, tool } = host;
    const { author, colour, width } = host.style;
    const style = { author, colour };
    switch (tool) {
      case 'pen':
      case 'highlighter': {
        const id = startStroke(doc, { ...style, width, highlighter: tool === 'highlighter', points: [point] }, origin);
        this.#gesture = { type: 'stroke', id, pending: [] };
        return;
      }
      case 'eraser':
        this.#gesture = { type: 'erase' };
        this.#erase(point);
        return;
      case 'line':
      case 'arrow': {
        const id = addElement(doc, { ...style, kind: tool, x1: point.x, y1: point.y, x2: point.x, y2: point.y, width }, origin);
        this.#gesture = { type: 'line', id, start: point };
        host.setLive([id]);
        return;
      }
      case 'rectangle':
      case 'ellipse': {
        const id = addElement(doc, { ...style, kind: tool, x: point.x, y: point.y, w: 1, h: 1, width, fill: null }, origin);
        this.#gesture = { type: 'shape', id, start: point };
        host.setLive([id]);
        return;
      }
      case 'sticky': {
        const size = STICKY_SIZE;
        host.placed(addElement(doc, { ...style, kind: 'sticky', x: point.x - size / 2, y: point.y - size / 2, w: size, h: size }, origin));
        return;
      }
      case 'text': {
        const h = DEFAULT_FONT_SIZE * LINE_HEIGHT;
        host.placed(addElement(doc, { ...style, kind: 'text', x: point.x, y: point.y - h / 2, w: TEXT_WIDTH, h, fontSize: DEFAULT_FONT_SIZE }, origin));
        return;
      }
      default:
        this.#startSelecting(point, shiftKey);
    }
  }

  #handleItem(point: Point): BoardItem | undefined {
    const { host } = this;
    if (host.selection.size !== 1 || host.readOnly) return undefined;
    const item = host.item([...host.selection][0]);
    return item && onResizeHandle(item, host.camera, point) ? item : undefined;
  }

  #startSelecting(point: Point, shiftKey: boolean): void {
    const { host } = this;
    const handleItem = this.#handleItem(point);
    if (handleItem) {
      const frame = frameOf(handleItem);
      this.#gesture = { type: 'resize', id: handleItem.id, anchor: { x: frame.x, y: frame.y } };
      host.setLive([handleItem.id]);
      return;
    }
    const hit = topItemAt(host.items(), point, this.#reach());
    if (!hit) {
      if (!shiftKey) host.selection = new Set();
      this.#gesture = { type: 'marquee', start: point, rect: rectFromCorners(point, point) };
      host.redraw();
      return;
    }
    if (shiftKey) {
      const next = new Set(host.selection);
      if (next.has(hit.id)) next.delete(hit.id);
      else next.add(hit.id);
      host.selection = next;
    } else if (!host.selection.has(hit.id)) {
      host.selection = new Set([hit.id]);
    }
    if (!host.readOnly && host.selection.has(hit.id)) {
      this.#gesture = { type: 'move', last: point, moved: false };
      host.setLive(host.selection);
    }
    host.redraw();
  }

  pointerMove(input: PointerInput): void {
    const { host } = this;
    host.pointerAt(screenToBoard(host.camera, input.at));
    if (!this.#pointers.has(input.pointerId)) return;
    this.#pointers.set(input.pointerId, input.at);
    const gesture = this.#gesture;
    if (!gesture) return;
    if (gesture.type === 'pinch') {
      if (this.#pointers.size < 2) return;
      const next = this.#pinch();
      let moved = panBy(host.camera, next.centre.x - gesture.centre.x, next.centre.y - gesture.centre.y);
      if (gesture.distance > 0) moved = zoomAt(moved, next.distance / gesture.distance, next.centre);
      this.#gesture = { type: 'pinch', ...next };
      host.moveCamera(moved);
      return;
    }
    if (gesture.type === 'pan') {
      host.moveCamera(panBy(host.camera, input.at.x - gesture.last.x, input.at.y - gesture.last.y));
      gesture.last = input.at;
      return;
    }
    this.#continue(gesture, input);
  }

  #continue(gesture: Gesture, input: PointerInput): void {
    const { doc, origin } = this.host;
    const point = this.#boardPoint(input.at, input.pressure);
    switch (gesture.type) {
      case 'stroke': {
        const coalesced = input.coalesced?.() ?? [];
        const points = coalesced.length > 0 ? coalesced.map((each) => this.#boardPoint(each.at, each.pressure)) : [point];
        gesture.pending.push(...points);
        return;
      }
      case 'erase':
        this.#erase(point);
        return;
      case 'line':
        setLineEnds(doc, gesture.id, { x1: gesture.start.x, y1: gesture.start.y, x2: point.x, y2: point.y }, origin);
        return;
      case 'shape':
        resizeElement(doc, gesture.id, rectFromCorners(gesture.start, point), origin);
        return;
      case 'resize':
        resizeElement(doc, gesture.id, rectFromCorners(gesture.anchor, point), origin);
        return;
      case 'move':
        moveElements(doc, this.host.selection, point.x - gesture.last.x, point.y - gesture.last.y, origin);
        gesture.last = point;
        gesture.moved = true;
        return;
      case 'marquee':
        gesture.rect = rectFromCorners(gesture.start, point);
        this.host.redraw();
        return;
    }
  }

  /** Sends the points gathered since the last frame (called once a frame): others see the stroke grow. */
  flush(): void {
    const gesture = this.#gesture;
    if (gesture?.type !== 'stroke' || gesture.pending.length === 0) return;
    const points = gesture.pending;
    gesture.pending = [];
    if (!appendStrokePoints(this.host.doc, gesture.id, points, this.host.origin)) this.#gesture = null;
  }

  #erase(point: Point): void {
    const touched = strokesTouching(this.host.items(), point, this.#reach());
    if (touched.length > 0) deleteElements(this.host.doc, touched.map((item) => item.id), this.host.origin);
  }

  #end(): void {
    const { host } = this;
    const { doc, origin } = host;
    const gesture = this.#gesture;
    this.#gesture = null;
    if (!gesture) return;
    if (gesture.type === 'stroke') {
      if (gesture.pending.length > 0) appendStrokePoints(doc, gesture.id, gesture.pending, origin);
      finishStroke(doc, gesture.id, origin);
    }
    if (gesture.type === 'line' || gesture.type === 'shape') {
      const created = host.item(gesture.id);
      const frame = created ? frameOf(created) : null;
      if (frame && Math.max(frame.w, frame.h) * host.camera.zoom < MIN_SHAPE_PX) deleteElements(doc, [gesture.id], origin);
    }
    if (gesture.type === 'marquee') {
      const inside = itemsInside(host.items(), gesture.rect).map((item) => item.id);
      host.selection = new Set([...host.selection, ...inside]);
    }
    host.stopCapturing();
    host.setLive([]);
  }

  pointerUp(pointerId: number): void {
    this.#pointers.delete(pointerId);
    if (this.#gesture?.type === 'pinch') {
      if (this.#pointers.size < 2) this.#gesture = null;
      return;
    }
    this.#end();
  }

  pointerLeave(): void {
    this.host.pointerAt(null);
  }

  /** A wheel turn (or trackpad swipe) pans; with Ctrl or Cmd (and trackpad pinches) it zooms at the pointer. */
  wheel(at: Point, deltaX: number, deltaY: number, zoom: boolean): void {
    const { camera } = this.host;
    this.host.moveCamera(zoom ? zoomAt(camera, Math.exp(-deltaY * 0.01), at) : panBy(camera, -deltaX, -deltaY));
  }

  doubleClick(at: Point): void {
    const { host } = this;
    if (host.readOnly) return;
    const hit = topItemAt(host.items(), this.#boardPoint(at, 0.5), this.#reach());
    if (hit && hasText(hit)) host.openEditor(hit.id);
  }

  /**
   * The board became read only mid-gesture: stop there, writing nothing more (moving the view may go on).
   */
  stopDrawing(): void {
    if (this.#gesture && this.#gesture.type !== 'pan' && this.#gesture.type !== 'pinch') {
      this.#gesture = null;
      this.host.setLive([]);
    }
  }
}
