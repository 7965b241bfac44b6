import { describe, expect, it } from 'vitest';
import { thoughtRecord } from './builtins/cbt';
import { addField, addSection, duplicateTemplate, moveField, moveSection, nextVersion, removeField, removeSection, setRatingRange, updateField, updateTemplateInfo, type Edited } from './edit';
import { allFields, findField, type Template } from './template';
import { templateSchema } from './template-schema';

const ok = (edited: Edited): Template => {
  if (!edited.ok) throw new Error(edited.message);
  expect(templateSchema.safeParse(edited.template).success).toBe(true);
  return edited.template;
};
const refusal = (edited: Edited): string => (edited.ok ? 'accepted' : edited.message);
const copy = ok(duplicateTemplate(thoughtRecord, { id: '6f1c2a3b-0000-4000-8000-000000000001', ownerId: 'fac-1' }));

describe('custom templates', () => {
  it('a duplicate is the facilitator\'s own, version 1, titled "Copy of", and remembers its source', () => {
    expect(copy).toMatchObject({
      id: '6f1c2a3b-0000-4000-8000-000000000001',
      ownerId: 'fac-1',
      version: 1,
      title: 'Copy of Thought record',
      basedOn: { id: 'thought-record', version: 1 }
    });
    expect(copy.sections).toEqual(thoughtRecord.sections);
    expect(thoughtRecord.ownerId).toBeNull();
    expect(nextVersion(copy)).toBe(2);
  });

  it('adds, moves and removes fields without touching the original', () => {
    const before = structuredClone(copy);
    const added = ok(addField(copy, 'situation', { id: 'where', kind: 'short_text', label: 'Where', required: false, maxLength: 80 }, 0));
    expect(added.sections[0].fields.map((f) => f.id)).toEqual(['where', 'situation', 'when']);
    const moved = ok(moveField(added, 'where', { sectionId: 'evidence', index: 2 }));
    expect(moved.sections[0].fields.map((f) => f.id)).toEqual(['situation', 'when']);
    expect(moved.sections[3].fields.map((f) => f.id)).toEqual(['evidence_for', 'evidence_against', 'where']);
    const removed = ok(removeField(moved, 'when'));
    expect(findField(removed, 'when')).toBeUndefined();
    expect(copy).toEqual(before);
  });

  it('adds, moves and removes sections', () => {
    const added = ok(addSection(copy, { id: 'notes', title: 'Notes', fields: [{ id: 'notes', kind: 'long_text', label: 'Notes', required: false, maxLength: 500 }] }, 1));
    expect(added.sections.map((s) => s.id).slice(0, 3)).toEqual(['situation', 'notes', 'moods']);
    const moved = ok(moveSection(added, 'notes', 0));
    expect(moved.sections[0].id).toBe('notes');
    expect(ok(removeSection(moved, 'notes')).sections.map((s) => s.id)).toEqual(copy.sections.map((s) => s.id));
  });

  it('changes labels and rating ranges', () => {
    const relabelled = ok(updateField(copy, 'situation', { label: 'What was going on?', required: false }));
    expect(findField(relabelled, 'situation')).toMatchObject({ label: 'What was going on?', required: false, kind: 'long_text' });
    const ranged = ok(setRatingRange(copy, 'balanced_belief', { min: 0, max: 10, anchors: [{ value: 0, label: 'Not at all' }, { value: 10, label: 'Fully' }] }));
    expect(findField(ranged, 'balanced_belief')).toMatchObject({ min: 0, max: 10 });
    const column = ok(setRatingRange(copy, 'moods', { min: 0, max: 10, anchors: [] }, 'intensity'));
    expect(findField(column, 'moods')).toMatchObject({ columns: [{ id: 'mood' }, { id: 'intensity', min: 0, max: 10 }] });
    expect(ok(updateTemplateInfo(copy, { title: 'My thought record' })).title).toBe('My thought record');
  });

  it('refuses edits that would break the template, with a plain message', () => {
    expect(refusal(setRatingRange(copy, 'balanced_belief', { min: 10, max: 10 }))).toBe(
      'The highest rating of "How much I believe the balanced thought" must be above its lowest rating.'
    );
    expect(refusal(setRatingRange(copy, 'balanced_belief', { min: 0, max: 10 }))).toBe(
      'The label "Half believe it" of "How much I believe the balanced thought" sits at 50, outside 0 to 10.'
    );
    expect(refusal(setRatingRange(copy, 'situation', { min: 0, max: 10 }))).toBe('"What was happening?" has no rating scale.');
    expect(refusal(addField(copy, 'moods', { ...allFields(copy)[0] }))).toBe('Each field needs its own id; "situation" is used twice.');
    expect(refusal(updateField(copy, 'situation', { kind: 'short_text' }))).toBe('A field keeps its id and kind; add a new field instead.');
    expect(refusal(updateField(copy, 'situation', { label: '' }))).toBe('Give it a label.');
    expect(refusal(removeField(copy, 'moods'))).toBe('"Moods" needs at least 1 field; remove the section instead.');
    expect(refusal(moveSection(copy, 'moods', 42))).toBe('A section cannot move there.');
    expect(refusal(removeSection(copy, 'nope'))).toBe('There is no section "nope".');
    const edited = updateTemplateInfo(copy, { title: '' });
    expect(edited).toMatchObject({ ok: false, fields: { title: 'Give the template a title.' } });
  });
});
