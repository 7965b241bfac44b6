import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { movePosition } from './text-binding';

/** The delta a remote change produces, taken from a real Y.Text. */
function deltaOf(initial: string, change: (text: Y.Text) => void) {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, initial);
  let delta: unknown[] = [];
  text.observe((event) => (delta = event.delta));
  change(text);
  return delta as Parameters<typeof movePosition>[1];
}

describe('movePosition keeps a caret on the same character after remote edits', () => {
  it('moves right by what was inserted before it, not by what was inserted after it', () => {
    const delta = deltaOf('I felt anxious', (t) => t.insert(2, 'really '));
    expect(movePosition(7, delta)).toBe(14);
    expect(movePosition(1, delta)).toBe(1);
    expect(movePosition(2, delta)).toBe(2);
  });

  it('moves left by what was deleted before it, and to the cut when its character was deleted', () => {
    const delta = deltaOf('I felt very anxious', (t) => t.delete(7, 5));
    expect(movePosition(19, delta)).toBe(14);
    expect(movePosition(9, delta)).toBe(7);
    expect(movePosition(3, delta)).toBe(3);
  });
});
