import { describe, expect, it } from 'vitest';
import { claimsKey, shortcutFor } from './shortcuts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods
});

describe('board shortcuts', () => {
  it('Ctrl or Cmd Z undoes; with Shift, or Ctrl Y, redoes; the browser’s own undo is held back', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }), false)).toEqual({ type: 'undo' });
    expect(shortcutFor(key('Z', { metaKey: true, shiftKey: true }), false)).toEqual({ type: 'redo' });
    expect(shortcutFor(key('y', { ctrlKey: true }), false)).toEqual({ type: 'redo' });
    expect(claimsKey({ type: 'undo' })).toBe(true);
  });

  it('Delete and Backspace remove the selection, and do nothing without one', () => {
    expect(shortcutFor(key('Delete'), true)).toEqual({ type: 'delete' });
    expect(shortcutFor(key('Backspace'), true)).toEqual({ type: 'delete' });
    expect(shortcutFor(key('Backspace'), false)).toBeNull();
  });

  it('Escape deselects, space is held for panning, + and − zoom', () => {
    expect(shortcutFor(key('Escape'), true)).toEqual({ type: 'deselect' });
    expect(shortcutFor(key(' '), false)).toEqual({ type: 'hold-space' });
    expect(shortcutFor(key('+'), false)).toEqual({ type: 'zoom', factor: 1.25 });
    expect(shortcutFor(key('='), false)).toEqual({ type: 'zoom', factor: 1.25 });
    expect(shortcutFor(key('-'), false)).toEqual({ type: 'zoom', factor: 0.8 });
    expect(claimsKey({ type: 'zoom', factor: 1.25 })).toBe(false);
  });

  it('letters pick tools, but not with Ctrl, Cmd or Alt held (those are the browser’s)', () => {
    expect(shortcutFor(key('p'), false)).toEqual({ type: 'tool', tool: 'pen' });
    expect(shortcutFor(key('N'), false)).toEqual({ type: 'tool', tool: 'sticky' });
    expect(shortcutFor(key('p', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(key('-', { altKey: true }), false)).toBeNull();
    expect(shortcutFor(key('q'), false)).toBeNull();
  });
});
