import { describe, expect, it } from 'vitest';
import { checkFieldValue, checkValues, problemsToFieldErrors, unansweredRequired, worksheetProgress } from './values';
import { findField } from './template';
import { everyKind } from './testing';

const field = (id: string) => findField(everyKind, id)!;
const messageFor = (id: string, value: unknown) => checkFieldValue(field(id), value).problems.map((p) => p.message);
const entry = (id: string, text: string, marked = false) => ({ id, text, authorId: 'u1', marked });

describe('ratings', () => {
  it('accepts the bounds and refuses just outside them, non-integers and non-numbers', () => {
    expect(messageFor('belief', 0)).toEqual([]);
    expect(messageFor('belief', 100)).toEqual([]);
    expect(messageFor('belief', -1)).toEqual(['"Belief" must be from 0 to 100; -1 is too low.']);
    expect(messageFor('belief', 101)).toEqual(['"Belief" must be from 0 to 100; 101 is too high.']);
    expect(messageFor('belief', 50.5)).toEqual(['"Belief" must be a whole number from 0 to 100; 50.5 is not.']);
    expect(messageFor('belief', '50')).toEqual(['"Belief" must be a number from 0 to 100.']);
    expect(messageFor('belief', Number.NaN)).toEqual(['"Belief" must be a number from 0 to 100.']);
  });
});

describe('text', () => {
  it('accepts text up to the limit and refuses longer text or other types', () => {
    expect(messageFor('name_it', 'x'.repeat(10))).toEqual([]);
    expect(messageFor('name_it', 'x'.repeat(11))).toEqual(['"One word" is too long: 11 characters, at most 10.']);
    expect(messageFor('story', 42)).toEqual(['"What happened" must be text.']);
  });
});

describe('choices', () => {
  it('single choice: known option only', () => {
    expect(messageFor('fits', 'yes')).toEqual([]);
    expect(messageFor('fits', 'perhaps')).toEqual(['"Fits the facts" has no option "perhaps".']);
  });

  it('multiple choice keeps known options, drops unknown ones and refuses too many', () => {
    expect(checkFieldValue(field('feelings'), ['sad', 'bored', 'sad'])).toEqual({
      value: ['sad'],
      problems: [{ fieldId: 'feelings', path: [1], message: '"Feelings" has no option "bored".' }]
    });
    expect(messageFor('feelings', ['sad', 'angry', 'calm'])).toEqual(['"Feelings" allows at most 2 choices; 3 were ticked.']);
    expect(messageFor('traps', 'labelling')).toEqual(['"Traps" must be a list of ticked options.']);
  });
});

describe('dates and times', () => {
  it('accepts real calendar dates and 24-hour times only', () => {
    expect(messageFor('day', '2024-02-29')).toEqual([]);
    expect(messageFor('day', '2023-02-29')).toEqual(['"Day" must be a date (year-month-day).']);
    expect(messageFor('day', '29/02/2024')).toEqual(['"Day" must be a date (year-month-day).']);
    expect(messageFor('at', '23:59')).toEqual([]);
    expect(messageFor('at', '24:00')).toEqual(['"Time" must be a time of day (hours:minutes).']);
  });
});

describe('lists', () => {
  it('keeps sound entries and reports the others by position', () => {
    const result = checkFieldValue(field('thoughts'), [entry('a', 'One'), { id: 'b' }, entry('c', 'x'.repeat(501))]);
    expect(result.value).toEqual([entry('a', 'One')]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Entry 2 of "Thoughts" must be text.',
      'Entry 3 of "Thoughts" is too long: 501 characters, at most 500.'
    ]);
  });

  it('refuses more than one hot thought, keeps at most maxItems and skips repeated ids', () => {
    expect(messageFor('thoughts', [entry('a', 'One', true), entry('b', 'Two', true)])).toEqual([
      '"Thoughts" can have at most 1 marked as "Hot thought"; 2 were.'
    ]);
    const long = checkFieldValue(field('thoughts'), ['a', 'b', 'a', 'c', 'd'].map((id) => entry(id, id)));
    expect((long.value as { id: string }[]).map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(long.problems.map((p) => p.message)).toEqual([
      'Entry 3 of "Thoughts" repeats an earlier entry.',
      '"Thoughts" holds at most 3 entries; entry 5 was left out.'
    ]);
  });
});

describe('tables', () => {
  it('checks every cell by its column and drops only the bad cells', () => {
    const rows = [{ id: 'r1', authorId: null, cells: { situation: 'Bus', distress: 120, kind: 'alone', done: 'yes', extra: 1 } }];
    const result = checkFieldValue(field('steps'), rows);
    expect(result.value).toEqual([{ id: 'r1', authorId: null, cells: { situation: 'Bus', kind: 'alone' } }]);
    expect(result.problems.map((p) => p.message)).toEqual([
      '"Distress" in row 1 of "Steps" must be from 0 to 100; 120 is too high.',
      '"Done" in row 1 of "Steps" must be ticked or not.',
      'Row 1 of "Steps" has a value for a column the table does not have ("extra").'
    ]);
    expect(problemsToFieldErrors(result.problems)).toMatchObject({ 'steps.0.distress': expect.stringContaining('too high') });
  });
});

describe('checkValues and progress', () => {
  it('reports unknown fields and unreadable input without throwing', () => {
    expect(checkValues(everyKind, { mystery: 1, belief: 5 })).toEqual({
      values: { belief: 5 },
      problems: [{ fieldId: 'mystery', path: [], message: 'An answer for a field this worksheet does not have ("mystery") was left out.' }]
    });
    expect(checkValues(everyKind, 'nonsense').problems).toHaveLength(1);
  });

  it('counts answered required fields per section; blank text and empty lists do not count', () => {
    const values = { name_it: '  ', thoughts: [entry('a', 'One')], belief: 0 };
    expect(worksheetProgress(everyKind, values)).toEqual({
      answered: 2,
      total: 3,
      sections: [
        { sectionId: 'words', answered: 1, total: 2 },
        { sectionId: 'numbers', answered: 1, total: 1 },
        { sectionId: 'when', answered: 0, total: 0 },
        { sectionId: 'ladder', answered: 0, total: 0 }
      ]
    });
    expect(unansweredRequired(everyKind, values).map((f) => f.id)).toEqual(['name_it']);
  });

  it('counts every field when a template requires none', () => {
    const relaxed = { ...everyKind, sections: everyKind.sections.map((s) => ({ ...s, fields: s.fields.map((f) => ({ ...f, required: false })) })) };
    expect(worksheetProgress(relaxed, { day: '2024-01-01' })).toMatchObject({ answered: 1, total: 10 });
  });
});
