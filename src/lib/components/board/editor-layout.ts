/** Where the in-place text editor sits over a sticky note or text element, and how tall a text element grows. */
import { type Camera, boardToScreen } from '$lib/core/board/camera';
import { type StickyItem, type TextItem, STICKY_FONT_SIZE } from '$lib/core/board/elements';
import { LINE_HEIGHT, estimateMeasure, wrapText } from '$lib/core/board/text-layout';

/** Inner padding of a sticky note's text, in board units. */
const STICKY_INSET = 12;

export interface EditorBox {
  left: number;
  top: number;
  width: number;
  height: number;
  inset: number;
  fontSize: number;
}

/** The editor's box on screen (CSS pixels), exactly over the element's text. */
export function editorBox(item: StickyItem | TextItem, camera: Camera): EditorBox {
  const corner = boardToScreen(camera, item);
  const inset = item.kind === 'sticky' ? STICKY_INSET : 0;
  const fontSize = (item.kind === 'sticky' ? STICKY_FONT_SIZE : item.fontSize) * camera.zoom;
  return { left: corner.x, top: corner.y, width: item.w * camera.zoom, height: item.h * camera.zoom, inset: inset * camera.zoom, fontSize };
}

/** The height a text element needs for `text` at its width: one line at least. */
export function fittedTextHeight(text: string, item: TextItem): number {
  const lines = wrapText(text, item.w, estimateMeasure(item.fontSize)).length;
  return Math.max(1, lines) * item.fontSize * LINE_HEIGHT;
}
