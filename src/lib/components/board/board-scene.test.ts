import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addElement, startStroke } from '$lib/core/board/document';
import { readBoard } from '$lib/core/board/read';
import { FrameLoop, splitLive } from './board-scene';
import { SETTLE_MS } from './board-canvas';

describe('splitLive', () => {
  it('puts unfinished strokes and the items changing here on top, each side in stacking order', () => {
    const doc = new Y.Doc();
    const a = addElement(doc, { kind: 'rectangle', author: 'a', colour: '#1f2a33', x: 0, y: 0, w: 10, h: 10, width: 2, fill: null }, null);
    const drawing = startStroke(doc, { author: 'b', colour: '#1f2a33', width: 4, points: [{ x: 0, y: 0, pressure: 0.5 }] }, null);
    const b = addElement(doc, { kind: 'rectangle', author: 'a', colour: '#1f2a33', x: 0, y: 0, w: 10, h: 10, width: 2, fill: null }, null);
    const c = addElement(doc, { kind: 'rectangle', author: 'a', colour: '#1f2a33', x: 0, y: 0, w: 10, h: 10, width: 2, fill: null }, null);
    const { settled, live } = splitLive(readBoard(doc).items, new Set([b]));
    expect(settled.map((item) => item.id)).toEqual([a, c]);
    expect(live.map((item) => item.id)).toEqual([drawing, b]);
  });
});

describe('FrameLoop', () => {
  const frames: Array<() => void> = [];
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
    frames.length = 0;
  });

  function stubAnimationFrames() {
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
    vi.stubGlobal('cancelAnimationFrame', (handle: number) => (frames[handle - 1] = () => {}));
  }

  it('runs one frame however often it is asked, and one more once the scene can settle', () => {
    vi.useFakeTimers();
    stubAnimationFrames();
    const answers = [true, false];
    const frame = vi.fn(() => answers.shift() ?? false);
    const loop = new FrameLoop(frame);
    loop.request();
    loop.request();
    expect(frames).toHaveLength(1);
    frames[0]();
    expect(frame).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(SETTLE_MS + 10);
    expect(frames).toHaveLength(2);
    frames[1]();
    vi.advanceTimersByTime(SETTLE_MS * 4);
    expect(frames).toHaveLength(2);
  });

  it('once destroyed it cancels the pending frame and the settle timer, and takes no new requests', () => {
    vi.useFakeTimers();
    stubAnimationFrames();
    const frame = vi.fn(() => true);
    const loop = new FrameLoop(frame);
    loop.request();
    frames[0]();
    loop.request();
    loop.destroy();
    frames[1]();
    vi.advanceTimersByTime(SETTLE_MS * 4);
    loop.request();
    expect(frame).toHaveBeenCalledTimes(1);
    expect(frames).toHaveLength(2);
  });
});
