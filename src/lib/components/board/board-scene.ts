/**
 * Rendering frames of the board: at most one a browser frame, on request; the cached scene of settled items
 * (BoardCanvas) with live items over it, the selection and the marquee; and one more frame once the scene can be
 * redrawn crisp. Destroyed with the component, so no frame runs after it is gone.
 */
import type { Camera, ScreenSize } from '$lib/core/board/camera';
import type { BoardItem, Rect } from '$lib/core/board/elements';
import { boundsOf, unionRects } from '$lib/core/board/geometry';
import { BoardCanvas, SETTLE_MS } from './board-canvas';
import { drawMarquee, drawSelection } from './renderer';

/**
 * Settled items go to the cached scene; strokes still being drawn (by anyone) and items being changed here are drawn
 * every frame. Both keep the board's stacking order.
 */
export function splitLive(items: readonly BoardItem[], liveIds: ReadonlySet<string>): { settled: BoardItem[]; live: BoardItem[] } {
  const settled: BoardItem[] = [];
  const live: BoardItem[] = [];
  for (const item of items) {
    if (liveIds.has(item.id) || (item.kind === 'stroke' && !item.done)) live.push(item);
    else settled.push(item);
  }
  return { settled, live };
}

/** Calls `frame` in the next animation frame, once however often it is requested, until destroyed. */
export class FrameLoop {
  #requested = false;
  #handle = 0;
  #settleTimer: ReturnType<typeof setTimeout> | undefined;
  #destroyed = false;

  /** `frame` answers whether the scene waits to be redrawn crisp (another frame follows), or null if nothing drew. */
  constructor(private readonly frame: () => boolean | null) {}

  request(): void {
    if (this.#requested || this.#destroyed || typeof requestAnimationFrame === 'undefined') return;
    this.#requested = true;
    this.#handle = requestAnimationFrame(() => this.#run());
  }

  #run(): void {
    this.#requested = false;
    const waiting = this.frame();
    if (waiting === null) return;
    clearTimeout(this.#settleTimer);
    if (waiting) this.#settleTimer = setTimeout(() => this.request(), SETTLE_MS + 10);
  }

  destroy(): void {
    this.#destroyed = true;
    if (this.#requested) cancelAnimationFrame(this.#handle);
    this.#requested = false;
    clearTimeout(this.#settleTimer);
  }
}

export interface SceneFrame {
  camera: Camera;
  items: readonly BoardItem[];
  selection: ReadonlySet<string>;
  editingId: string | null;
  marquee: Rect | null;
  /** Show the resize handle on a single selected item. */
  handles: boolean;
  /** The device pixel ratio now. */
  dpr: number;
}

/** The canvas of one board on screen. */
export class BoardScene {
  readonly #view: BoardCanvas;
  readonly #ctx: CanvasRenderingContext2D;
  #liveIds = new Set<string>();
  #split: { settled: BoardItem[]; live: BoardItem[] } | null = null;

  constructor(ctx: CanvasRenderingContext2D) {
    this.#ctx = ctx;
    this.#view = new BoardCanvas(ctx);
  }

  resize(screen: ScreenSize, dpr: number): void {
    this.#view.resize(screen, dpr);
  }

  /** The document changed: items are split again at the next frame. */
  contentChanged(): void {
    this.#split = null;
  }

  /** Items changing here (being dragged or drawn out), drawn every frame until set back to none. */
  setLive(ids: Iterable<string>): void {
    this.#liveIds = new Set(ids);
    this.#split = null;
  }

  /** Draws one frame; answers whether the scene waits to be redrawn crisp. */
  draw(frame: SceneFrame, now: number): boolean {
    this.#split ??= splitLive(frame.items, this.#liveIds);
    const { settled, live } = this.#split;
    const waiting = this.#view.render(frame.camera, settled, live, now, { editingId: frame.editingId });
    const selected = frame.items.filter((item) => frame.selection.has(item.id));
    const box = unionRects(selected.map(boundsOf));
    if (box) drawSelection(this.#ctx, box, frame.camera, frame.dpr, selected.length === 1 && frame.handles);
    if (frame.marquee) drawMarquee(this.#ctx, frame.marquee, frame.camera, frame.dpr);
    return waiting;
  }
}
