/**
 * The board on screen, in two layers so that pan and zoom stay cheap with thousands of strokes:
 * - the scene: every settled item drawn once with the vector renderer into an offscreen canvas a little larger than
 *   the view; while the camera moves it is only copied with a transform (one drawImage per frame), and it is redrawn
 *   crisp once the camera has been still for a moment;
 * - live items (strokes being drawn by anyone, things being dragged) drawn as vectors on top every frame.
 * New items landing on top (the usual case: a stroke finished) are painted onto the scene without redrawing it.
 */
import type { BoardItem } from '$lib/core/board/elements';
import { type Camera, type ScreenSize, visibleRect } from '$lib/core/board/camera';
import { rectContains } from '$lib/core/board/geometry';
import { BoardRenderer, type DrawOptions } from './renderer';

/** Extra scene around the view on each side, as a share of the view: panning this far shows no blank edge. */
const MARGIN = 0.2;
/** Redraw the scene crisp once the camera has not moved for this long (ms). */
export const SETTLE_MS = 150;

export class BoardCanvas {
  readonly renderer: BoardRenderer;
  private readonly scene: HTMLCanvasElement | OffscreenCanvas;
  private readonly sceneCtx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  private sceneCamera: Camera | null = null;
  private sceneItems: readonly BoardItem[] = [];
  private sceneIds = new Set<string>();
  private sceneEditing: string | null = null;
  private screen: ScreenSize = { width: 1, height: 1 };
  private dpr = 1;
  private lastCameraChange = 0;
  private lastCamera: Camera | null = null;

  constructor(
    private readonly ctx: CanvasRenderingContext2D,
    renderer = new BoardRenderer()
  ) {
    this.renderer = renderer;
    this.scene = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
    this.sceneCtx = this.scene.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  }

  resize(screen: ScreenSize, dpr: number): void {
    this.screen = screen;
    this.dpr = dpr;
    this.ctx.canvas.width = Math.max(1, Math.round(screen.width * dpr));
    this.ctx.canvas.height = Math.max(1, Math.round(screen.height * dpr));
    const sceneSize = this.sceneSize();
    this.scene.width = Math.max(1, Math.round(sceneSize.width * dpr));
    this.scene.height = Math.max(1, Math.round(sceneSize.height * dpr));
    this.sceneCamera = null;
  }

  private sceneSize(): ScreenSize {
    return { width: this.screen.width * (1 + 2 * MARGIN), height: this.screen.height * (1 + 2 * MARGIN) };
  }

  /** Whether the scene, drawn for its camera, still serves `camera` crisply. */
  private sceneServes(camera: Camera): boolean {
    const scene = this.sceneCamera;
    if (!scene || scene.zoom !== camera.zoom) return false;
    return rectContains(visibleRect(scene, this.sceneSize()), visibleRect(camera, this.screen));
  }

  private redrawScene(camera: Camera, items: readonly BoardItem[], editingId: string | null): void {
    const scene = { x: camera.x - (this.screen.width * MARGIN) / camera.zoom, y: camera.y - (this.screen.height * MARGIN) / camera.zoom, zoom: camera.zoom };
    this.renderer.draw(this.sceneCtx as CanvasRenderingContext2D, items, scene, this.sceneSize(), this.dpr, { editingId });
    this.sceneCamera = scene;
    this.sceneItems = items;
    this.sceneIds = new Set(items.map((item) => item.id));
    this.sceneEditing = editingId;
  }

  /**
   * Brings the scene up to date with `items` (settled items, in stacking order). Items appended at the top are
   * painted on; any other change redraws the scene.
   */
  private updateScene(camera: Camera, items: readonly BoardItem[], editingId: string | null): void {
    if (!this.sceneCamera || editingId !== this.sceneEditing) return this.redrawScene(camera, items, editingId);
    if (items === this.sceneItems) return;
    const previous = this.sceneItems;
    const unchangedPrefix = previous.length <= items.length && previous.every((item, index) => items[index] === item);
    if (!unchangedPrefix) return this.redrawScene(camera, items, editingId);
    const added = items.slice(previous.length);
    if (added.some((item) => this.sceneIds.has(item.id))) return this.redrawScene(camera, items, editingId);
    const scene = this.sceneCamera;
    const scale = scene.zoom * this.dpr;
    this.sceneCtx.setTransform(scale, 0, 0, scale, -scene.x * scale, -scene.y * scale);
    this.renderer.drawAll(this.sceneCtx as CanvasRenderingContext2D, added);
    for (const item of added) this.sceneIds.add(item.id);
    this.sceneItems = items;
  }

  /**
   * Draws one frame. Returns true when the scene is still waiting to be redrawn crisp (call again after SETTLE_MS).
   */
  render(camera: Camera, settled: readonly BoardItem[], live: readonly BoardItem[], now: number, options: DrawOptions = {}): boolean {
    if (!this.lastCamera || this.lastCamera.x !== camera.x || this.lastCamera.y !== camera.y || this.lastCamera.zoom !== camera.zoom) {
      this.lastCamera = camera;
      this.lastCameraChange = now;
    }
    const editingId = options.editingId ?? null;
    const settledCamera = now - this.lastCameraChange >= SETTLE_MS;
    if (!this.sceneCamera || (settledCamera && !this.sceneServes(camera))) this.redrawScene(camera, settled, editingId);
    else this.updateScene(camera, settled, editingId);
    this.compose(camera);
    if (live.length > 0) {
      const scale = camera.zoom * this.dpr;
      this.ctx.setTransform(scale, 0, 0, scale, -camera.x * scale, -camera.y * scale);
      this.renderer.drawAll(this.ctx, live);
    }
    return !this.sceneServes(camera);
  }

  private compose(camera: Camera): void {
    const { ctx } = this;
    const scene = this.sceneCamera!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    const k = camera.zoom / scene.zoom;
    const size = this.sceneSize();
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    // Nearest-neighbour while zooming: cheaper, and the scene is redrawn crisp as soon as the zoom stops.
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.scene, (scene.x - camera.x) * camera.zoom, (scene.y - camera.y) * camera.zoom, size.width * k, size.height * k);
    ctx.imageSmoothingEnabled = true;
  }
}
