import { describe, expect, it } from 'vitest';
import { check } from '../validation';
import { allFields, findField, type Template } from './template';
import { templateSchema } from './template-schema';
import { everyKind } from './testing';

const withField = (field: unknown): unknown => ({
  ...everyKind,
  sections: [{ id: 's', title: 'S', fields: [field] }]
});
const messages = (value: unknown): string[] => {
  const result = templateSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe('template schema', () => {
  it('accepts a template with every field kind', () => {
    expect(messages(everyKind)).toEqual([]);
    expect(new Set(allFields(everyKind).map((f) => f.kind)).size).toBe(10);
  });

  it('refuses a rating whose lowest value is not below its highest', () => {
    const field = { id: 'r', kind: 'rating', label: 'Mood', required: false, min: 10, max: 10, anchors: [] };
    expect(messages(withField(field))).toEqual(['The highest rating of "Mood" must be above its lowest rating.']);
  });

  it('refuses anchors outside the range or twice at one value, and non-integer bounds', () => {
    const field = {
      id: 'r', kind: 'rating', label: 'Mood', required: false, min: 0, max: 10,
      anchors: [{ value: 11, label: 'Top' }, { value: 5, label: 'Mid' }, { value: 5, label: 'Also mid' }]
    };
    expect(messages(withField(field))).toEqual([
      'The label "Top" of "Mood" sits at 11, outside 0 to 10.',
      '"Mood" has two labels at 5.'
    ]);
    expect(messages(withField({ ...field, anchors: [], max: 7.5 }))).toEqual(['The highest rating must be a whole number.']);
  });

  it('refuses repeated field, section and option ids', () => {
    const twice: Template = { ...everyKind, sections: [everyKind.sections[0], { ...everyKind.sections[0] }] };
    const found = messages(twice);
    expect(found).toContain('Each section needs its own id; "words" is used twice.');
    expect(found).toContain('Each field needs its own id; "name_it" is used twice.');
    const choice = { id: 'c', kind: 'single_choice', label: 'Pick', required: false, options: [{ id: 'a', label: 'A' }, { id: 'a', label: 'B' }] };
    expect(messages(withField(choice))).toEqual(['"Pick" uses the id "a" twice.']);
  });

  it('refuses a table sorted by a column it does not have, and an unknown kind', () => {
    const tableField = {
      id: 't', kind: 'table', label: 'Ladder', required: false, maxRows: 5,
      columns: [{ id: 'a', kind: 'short_text', label: 'A', maxLength: 10 }],
      sortBy: { columnId: 'b', direction: 'desc' }
    };
    expect(messages(withField(tableField))).toEqual(['"Ladder" is sorted by a column it does not have.']);
    expect(messages(withField({ id: 'x', kind: 'slider', label: 'X', required: false }))).toHaveLength(1);
  });

  it('refuses empty sections, bad ids and a missing title, with form-ready keys', () => {
    const bad = { ...everyKind, id: 'Not An Id', title: ' ', sections: [{ id: 's', title: 'S', fields: [] }] };
    const result = check(templateSchema, bad);
    expect(result).toEqual({
      ok: false,
      fields: {
        id: 'Template ids use lowercase letters, digits and dashes.',
        title: 'Give the template a title.',
        'sections.0.fields': 'A section needs at least 1 field.'
      }
    });
  });

  it('findField finds across sections', () => {
    expect(findField(everyKind, 'steps')?.kind).toBe('table');
    expect(findField(everyKind, 'nope')).toBeUndefined();
  });
});
