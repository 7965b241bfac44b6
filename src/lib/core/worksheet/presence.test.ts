import { describe, expect, it } from 'vitest';
import { editorsByField, presenceColour, presenceState } from './presence';

describe('worksheet presence', () => {
  it('publishes the person with a stable colour and the field they focused', () => {
    const state = presenceState({ id: 'pat', name: 'Pat' }, 'situation');
    expect(state).toEqual({ user: { id: 'pat', name: 'Pat', colour: presenceColour('pat') }, field: 'situation' });
    expect(presenceColour('pat')).toMatch(/^#[0-9a-f]{6}$/);
    expect(presenceColour('pat')).toBe(presenceColour('pat'));
  });

  it('groups other people by the field they edit, once each, leaving me and idle people out', () => {
    const states = new Map<number, unknown>([
      [1, presenceState({ id: 'me', name: 'Me' }, 'situation')],
      [2, presenceState({ id: 'pat', name: 'Pat' }, 'situation')],
      [3, presenceState({ id: 'pat', name: 'Pat' }, 'situation')],
      [4, presenceState({ id: 'sam', name: 'Sam' }, 'evidence_for')],
      [5, presenceState({ id: 'ana', name: 'Ana' }, null)],
      [6, presenceState({ id: 'kim', name: 'Kim' }, 'situation')]
    ]);
    const byField = editorsByField(states, 'me');
    expect(Object.keys(byField).sort()).toEqual(['evidence_for', 'situation']);
    expect(byField.situation.map((editor) => editor.name)).toEqual(['Pat', 'Kim']);
    expect(byField.evidence_for).toEqual([{ userId: 'sam', name: 'Sam', colour: presenceColour('sam') }]);
  });

  it('ignores malformed states and replaces a colour that is not a plain hex colour', () => {
    const states = new Map<number, unknown>([
      [1, null],
      [2, { field: 'situation' }],
      [3, { user: { id: 7, name: 'X' }, field: 'situation' }],
      [4, { user: { id: 'eve', name: 'Eve', colour: 'red; background:url(x)' }, field: 'situation' }]
    ]);
    expect(editorsByField(states, 'me')).toEqual({ situation: [{ userId: 'eve', name: 'Eve', colour: presenceColour('eve') }] });
  });
});
