import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { shiftCaret, type TextDelta } from './text-caret';

describe('shiftCaret', () => {
  it('moves the caret past text inserted before it, not after it', () => {
    expect(shiftCaret(5, [{ insert: 'ab' }])).toBe(7);
    expect(shiftCaret(5, [{ retain: 2 }, { insert: 'ab' }])).toBe(7);
    expect(shiftCaret(2, [{ retain: 4 }, { insert: 'ab' }])).toBe(2);
  });

  it('pulls the caret back over deleted text, and into a deleted range to its start', () => {
    expect(shiftCaret(5, [{ delete: 2 }])).toBe(3);
    expect(shiftCaret(3, [{ retain: 2 }, { delete: 5 }])).toBe(2);
    expect(shiftCaret(1, [{ retain: 2 }, { delete: 5 }])).toBe(1);
  });

  it('agrees with a real Y.Text edit', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'walk outside');
    let delta: TextDelta = [];
    text.observe((event) => (delta = event.delta as TextDelta));
    const caret = 'walk outside'.indexOf('outside');
    doc.transact(() => {
      text.insert(0, 'go for a ');
      text.delete('go for a walk '.length, 1);
    });
    expect(text.toString().slice(shiftCaret(caret, delta))).toBe('utside');
  });
});
