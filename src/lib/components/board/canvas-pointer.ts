/**
 * DOM pointer events on the board's canvas as the plain facts input.ts works on (canvas-relative CSS pixels, pen
 * pressure, the merged moves). Browser only; input.ts itself stays DOM-free.
 */
import type { Point } from '$lib/core/board/elements';
import type { PointerInput } from './input';

/** Where the event happened, from the canvas's top left corner. */
export function canvasPoint(canvas: HTMLCanvasElement, event: MouseEvent): Point {
  const rect = canvas.getBoundingClientRect();
  return { x: event.clientX - rect.left, y: event.clientY - rect.top };
}

/** Pen pressure; a mouse or a finger presses at 0.5. */
const pressureOf = (event: PointerEvent) => (event.pointerType === 'pen' ? event.pressure : 0.5);

export function pointerInput(canvas: HTMLCanvasElement, event: PointerEvent): PointerInput {
  return {
    pointerId: event.pointerId,
    button: event.button,
    shiftKey: event.shiftKey,
    at: canvasPoint(canvas, event),
    pressure: pressureOf(event),
    coalesced: () => (event.getCoalescedEvents?.() ?? []).map((each) => ({ at: canvasPoint(canvas, each), pressure: pressureOf(each) }))
  };
}
