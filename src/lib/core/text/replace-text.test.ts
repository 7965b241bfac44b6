import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replaceText } from './replace-text';

function observed(initial: string) {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, initial);
  const changes: unknown[] = [];
  text.observe((event) => changes.push(event.delta));
  return { text, changes };
}

describe('replaceText', () => {
  it('edits only the changed middle', () => {
    const { text, changes } = observed('I always fail tests');
    replaceText(text, 'I sometimes fail tests');
    expect(text.toString()).toBe('I sometimes fail tests');
    // Common start "I " and end "s fail tests" stay; only "alway" becomes "sometime".
    expect(changes).toEqual([[{ retain: 2 }, { delete: 5 }, { insert: 'sometime' }]]);
  });

  it('never splits an emoji, and empties the text', () => {
    const { text, changes } = observed('calm 😀 now');
    replaceText(text, 'calm 😃 now');
    expect(text.toString()).toBe('calm 😃 now');
    expect(changes).toEqual([[{ retain: 5 }, { delete: 2 }, { insert: '😃' }]]);
    replaceText(text, '');
    expect(text.toString()).toBe('');
  });

  it('changes nothing when the text is the same', () => {
    const { text, changes } = observed('steady');
    replaceText(text, 'steady');
    expect(changes).toEqual([]);
  });
});
