import { describe, expect, it } from 'vitest';
import { STICKY_FONT_SIZE, type StickyItem, type TextItem } from '$lib/core/board/elements';
import { LINE_HEIGHT } from '$lib/core/board/text-layout';
import { editorBox, fittedTextHeight } from './editor-layout';

const base = { id: 'x', author: 'a', colour: '#1f2a33', z: 'a0', x: 100, y: 50, w: 200, h: 40, text: '' };
const text = { ...base, kind: 'text', fontSize: 20 } as unknown as TextItem;
const sticky = { ...base, kind: 'sticky', w: 200, h: 200 } as unknown as StickyItem;

describe('editor layout', () => {
  it('puts the editor over the element on screen, scaled by the zoom', () => {
    expect(editorBox(text, { x: 50, y: 0, zoom: 2 })).toEqual({ left: 100, top: 100, width: 400, height: 80, inset: 0, fontSize: 40 });
  });

  it('a sticky note’s editor has the note’s padding and font size', () => {
    const box = editorBox(sticky, { x: 0, y: 0, zoom: 1 });
    expect(box.inset).toBe(12);
    expect(box.fontSize).toBe(STICKY_FONT_SIZE);
  });

  it('a text element is one line tall at least, and grows a line for each wrapped line', () => {
    const line = 20 * LINE_HEIGHT;
    expect(fittedTextHeight('', text)).toBe(line);
    expect(fittedTextHeight('short', text)).toBe(line);
    expect(fittedTextHeight('a\nb\nc', text)).toBe(3 * line);
    expect(fittedTextHeight('word '.repeat(40), text)).toBeGreaterThan(3 * line);
  });
});
