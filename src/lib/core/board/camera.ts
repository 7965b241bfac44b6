/**
 * The camera over the board: where the screen's top-left corner is in board units, and the zoom (screen pixels per
 * board unit). Pure arithmetic for pan, zoom around a point, and converting between screen and board.
 */
import type { Point, Rect } from './elements';
import { type BoardViewport, MAX_ZOOM, MIN_ZOOM } from './presence';

export interface Camera {
  x: number;
  y: number;
  zoom: number;
}

export interface ScreenSize {
  width: number;
  height: number;
}

export const HOME_CAMERA: Camera = { x: -40, y: -40, zoom: 1 };

export const clampZoom = (zoom: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

export function screenToBoard(camera: Camera, point: Point): Point {
  return { x: camera.x + point.x / camera.zoom, y: camera.y + point.y / camera.zoom };
}

export function boardToScreen(camera: Camera, point: Point): Point {
  return { x: (point.x - camera.x) * camera.zoom, y: (point.y - camera.y) * camera.zoom };
}

/** Moves the view by a screen-pixel drag. */
export function panBy(camera: Camera, dx: number, dy: number): Camera {
  return { ...camera, x: camera.x - dx / camera.zoom, y: camera.y - dy / camera.zoom };
}

/** Zooms by `factor` keeping the board point under `screenPoint` still. */
export function zoomAt(camera: Camera, factor: number, screenPoint: Point): Camera {
  const zoom = clampZoom(camera.zoom * factor);
  const anchor = screenToBoard(camera, screenPoint);
  return { zoom, x: anchor.x - screenPoint.x / zoom, y: anchor.y - screenPoint.y / zoom };
}

/** The part of the board the screen shows. */
export function visibleRect(camera: Camera, screen: ScreenSize): Rect {
  return { x: camera.x, y: camera.y, w: screen.width / camera.zoom, h: screen.height / camera.zoom };
}

/** The shareable viewport (centre and zoom), independent of screen size. */
export function cameraToViewport(camera: Camera, screen: ScreenSize): BoardViewport {
  return { x: camera.x + screen.width / 2 / camera.zoom, y: camera.y + screen.height / 2 / camera.zoom, zoom: camera.zoom };
}

export function viewportToCamera(viewport: BoardViewport, screen: ScreenSize): Camera {
  const zoom = clampZoom(viewport.zoom);
  return { zoom, x: viewport.x - screen.width / 2 / zoom, y: viewport.y - screen.height / 2 / zoom };
}

/** A camera that shows `rect` whole, centred, with a margin in screen pixels. */
export function cameraToFit(rect: Rect, screen: ScreenSize, margin = 40): Camera {
  const zoom = clampZoom(
    Math.min((screen.width - 2 * margin) / Math.max(rect.w, 1), (screen.height - 2 * margin) / Math.max(rect.h, 1), 1)
  );
  return viewportToCamera({ x: rect.x + rect.w / 2, y: rect.y + rect.h / 2, zoom }, screen);
}
