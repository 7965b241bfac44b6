import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { thoughtRecord } from './builtins/cbt';
import {
  addListEntry, addTableRow, entryText, fieldText, initWorksheetDoc, markListEntry, observeWorksheet, readWorksheet,
  readWorksheetMeta, removeListEntry, removeTableRow, setFieldValue, setListEntryText, setTableCell, toggleOption, valuesMap
} from './doc';
import { everyKind } from './testing';
import { worksheetProgress } from './values';

const meta = { templateId: everyKind.id, templateVersion: 1, mode: 'shared' as const };
function fresh(template = everyKind): Y.Doc {
  const doc = new Y.Doc();
  initWorksheetDoc(doc, template, { ...meta, templateId: template.id });
  return doc;
}
/** Two replicas of the same worksheet, as two browsers would hold after the first sync. */
function pair(template = everyKind): [Y.Doc, Y.Doc] {
  const a = fresh(template);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return [a, b];
}
function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

describe('worksheet documents', () => {
  it('start empty, with their meta', () => {
    const doc = fresh();
    expect(readWorksheetMeta(doc)).toEqual(meta);
    expect(readWorksheet(doc, everyKind).problems).toEqual([]);
    expect(worksheetProgress(everyKind, readWorksheet(doc, everyKind).values)).toMatchObject({ answered: 0, total: 3 });
  });

  it('round-trip every kind through validated writes', () => {
    const doc = fresh();
    const values = {
      name_it: 'Calm',
      story: 'It rained.',
      thoughts: [{ id: 't1', text: 'Nobody came', authorId: 'u1', marked: true }],
      belief: 40,
      fits: 'no',
      feelings: ['sad', 'calm'],
      traps: ['labelling'],
      day: '2025-01-31',
      at: '07:05',
      steps: [{ id: 'r1', authorId: 'u2', cells: { situation: 'Shop', distress: 30, kind: 'alone', done: true, on: '2025-02-01' } }]
    };
    for (const [fieldId, value] of Object.entries(values)) expect(setFieldValue(doc, everyKind, fieldId, value)).toEqual({ ok: true });
    expect(readWorksheet(doc, everyKind)).toEqual({ values, problems: [] });
    expect(setFieldValue(doc, everyKind, 'belief', null)).toEqual({ ok: true });
    expect(readWorksheet(doc, everyKind).values.belief).toBeUndefined();
  });

  it('refuse writes that do not fit, naming the field, and change nothing', () => {
    const doc = fresh();
    expect(setFieldValue(doc, everyKind, 'belief', 101)).toEqual({ ok: false, message: '"Belief" must be from 0 to 100; 101 is too high.' });
    expect(setFieldValue(doc, everyKind, 'name_it', 'far too long here')).toMatchObject({ ok: false });
    expect(setFieldValue(doc, everyKind, 'fits', 'maybe')).toEqual({ ok: false, message: '"Fits the facts" has no option "maybe".' });
    expect(setFieldValue(doc, everyKind, 'nope', 1)).toEqual({ ok: false, message: 'This worksheet has no field "nope".' });
    expect(toggleOption(doc, everyKind, 'feelings', 'sad', true)).toEqual({ ok: true });
    expect(toggleOption(doc, everyKind, 'feelings', 'angry', true)).toEqual({ ok: true });
    expect(toggleOption(doc, everyKind, 'feelings', 'calm', true)).toEqual({ ok: false, message: '"Feelings" allows at most 2 choices; untick one first.' });
    expect(setTableCell(doc, everyKind, 'steps', 'missing', 'distress', 5)).toEqual({ ok: false, message: 'That row is no longer there.' });
    expect(readWorksheet(doc, everyKind).values).toEqual({ name_it: '', story: '', thoughts: [], feelings: ['sad', 'angry'], traps: [], steps: [] });
  });

  it('merge concurrent edits from two people, and list entries keep their authors', () => {
    const [a, b] = pair();
    fieldText(a, everyKind, 'story')!.insert(0, 'It rained.');
    exchange(a, b);
    // Both type into the same text at once, and both add a thought and tick an option.
    fieldText(a, everyKind, 'story')!.insert(0, 'Monday. ');
    fieldText(b, everyKind, 'story')!.insert(10, ' Then sun.');
    expect(addListEntry(a, everyKind, 'thoughts', { id: 'from-ana', text: 'I will fail', authorId: 'ana' })).toEqual({ ok: true });
    expect(addListEntry(b, everyKind, 'thoughts', { id: 'from-ben', text: 'Nobody cares', authorId: 'ben' })).toEqual({ ok: true });
    toggleOption(a, everyKind, 'traps', 'labelling', true);
    toggleOption(b, everyKind, 'traps', 'mind_reading', true);
    addTableRow(a, everyKind, 'steps', { id: 'row-ana', authorId: 'ana', cells: { situation: 'Bus', distress: 60 } });
    addTableRow(b, everyKind, 'steps', { id: 'row-ben', authorId: 'ben', cells: { situation: 'Shop', distress: 20 } });
    exchange(a, b);

    const fromA = readWorksheet(a, everyKind);
    expect(fromA).toEqual(readWorksheet(b, everyKind));
    expect(fromA.problems).toEqual([]);
    expect(fromA.values.story).toBe('Monday. It rained. Then sun.');
    const thoughts = fromA.values.thoughts as { id: string; authorId: string }[];
    expect(thoughts.map((t) => [t.id, t.authorId]).sort()).toEqual([['from-ana', 'ana'], ['from-ben', 'ben']]);
    expect(fromA.values.traps).toEqual(['mind_reading', 'labelling']);
    expect((fromA.values.steps as { authorId: string }[]).map((r) => r.authorId).sort()).toEqual(['ana', 'ben']);
  });

  it('edit list entries and cells in place, so concurrent edits to one entry merge', () => {
    const [a, b] = pair();
    addListEntry(a, everyKind, 'thoughts', { id: 'e1', text: 'I am useless', authorId: 'ana' });
    addTableRow(a, everyKind, 'steps', { id: 'r1', authorId: 'ana', cells: { situation: 'Bus' } });
    exchange(a, b);
    entryText(a, everyKind, 'thoughts', 'e1')!.insert(0, 'Sometimes ');
    expect(setListEntryText(b, everyKind, 'thoughts', 'e1', 'I am useless at this')).toEqual({ ok: true });
    expect(setTableCell(a, everyKind, 'steps', 'r1', 'situation', 'Big bus')).toEqual({ ok: true });
    expect(setTableCell(b, everyKind, 'steps', 'r1', 'distress', 45)).toEqual({ ok: true });
    exchange(a, b);
    const { values } = readWorksheet(b, everyKind);
    expect(values.thoughts).toEqual([{ id: 'e1', text: 'Sometimes I am useless at this', authorId: 'ana', marked: false }]);
    expect(values.steps).toEqual([{ id: 'r1', authorId: 'ana', cells: { situation: 'Big bus', distress: 45 } }]);
  });

  it('marking a hot thought unmarks the previous one; entries and rows can be removed', () => {
    const doc = fresh();
    addListEntry(doc, everyKind, 'thoughts', { id: 'e1', text: 'One', authorId: null });
    addListEntry(doc, everyKind, 'thoughts', { id: 'e2', text: 'Two', authorId: null });
    markListEntry(doc, everyKind, 'thoughts', 'e1', true);
    markListEntry(doc, everyKind, 'thoughts', 'e2', true);
    const marks = () => (readWorksheet(doc, everyKind).values.thoughts as { id: string; marked: boolean }[]).map((e) => [e.id, e.marked]);
    expect(marks()).toEqual([['e1', false], ['e2', true]]);
    expect(removeListEntry(doc, everyKind, 'thoughts', 'e1')).toEqual({ ok: true });
    expect(marks()).toEqual([['e2', true]]);
    expect(removeListEntry(doc, everyKind, 'thoughts', 'e1')).toEqual({ ok: false, message: 'That is no longer there.' });
    addTableRow(doc, everyKind, 'steps', { id: 'r1', authorId: null });
    expect(removeTableRow(doc, everyKind, 'steps', 'r1')).toEqual({ ok: true });
  });

  it('refuse entries beyond the limit and text that is too long', () => {
    const doc = fresh();
    for (const id of ['a', 'b', 'c']) addListEntry(doc, everyKind, 'thoughts', { id, text: id, authorId: null });
    expect(addListEntry(doc, everyKind, 'thoughts', { text: 'd', authorId: null })).toEqual({ ok: false, message: '"Thoughts" holds at most 3 entries.' });
    expect(setListEntryText(doc, everyKind, 'thoughts', 'a', 'x'.repeat(501))).toMatchObject({ ok: false });
    expect(addTableRow(doc, everyKind, 'steps', { authorId: null, cells: { distress: -5 } })).toEqual({
      ok: false,
      message: '"Distress" in the new row of "Steps" must be from 0 to 100; -5 is too low.'
    });
  });

  it('tolerate malformed and unknown content: skip it, report it, never throw', () => {
    const doc = fresh();
    setFieldValue(doc, everyKind, 'belief', 70);
    doc.transact(() => {
      const values = valuesMap(doc);
      values.set('name_it', 'plain string instead of Y.Text');
      values.set('fits', new Y.Map());
      values.set('day', 12345);
      values.set('intruder', 'hello');
      const list = values.get('thoughts') as Y.Array<unknown>;
      list.push(['not a map', new Y.Map([['id', 'no-text']])]);
      list.push([new Y.Map<unknown>([['id', 'good'], ['text', new Y.Text('Fine')], ['authorId', 'u1'], ['marked', false]])]);
      const rows = values.get('steps') as Y.Array<unknown>;
      rows.push([new Y.Map<unknown>([['id', 'r1'], ['authorId', null], ['cells', new Y.Map<unknown>([['distress', 'high'], ['situation', new Y.Text('Bus')]])]])]);
    });
    const { values, problems } = readWorksheet(doc, everyKind);
    expect(values.belief).toBe(70);
    expect(values.thoughts).toEqual([{ id: 'good', text: 'Fine', authorId: 'u1', marked: false }]);
    expect(values.steps).toEqual([{ id: 'r1', authorId: null, cells: { situation: 'Bus' } }]);
    expect(values.name_it).toBeUndefined();
    expect(problems.map((p) => p.message)).toEqual([
      'The answer to "One word" could not be read and was skipped.',
      'Entry 1 of "Thoughts" could not be read.',
      'Entry 2 of "Thoughts" must be text.',
      '"Distress" in row 1 of "Steps" must be a number from 0 to 100.',
      'The answer to "Fits the facts" could not be read and was skipped.',
      '"Day" must be a date (year-month-day).',
      'Content for a field this worksheet does not have ("intruder") was skipped.'
    ]);
    // A validated write repairs a malformed container.
    expect(setFieldValue(doc, everyKind, 'name_it', 'Calm')).toEqual({ ok: true });
    expect(readWorksheet(doc, everyKind).values.name_it).toBe('Calm');
  });

  it('read a document with no meta or a foreign shape without throwing', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('mode', 'sideways');
    expect(readWorksheetMeta(doc)).toBeUndefined();
    expect(readWorksheet(doc, thoughtRecord)).toEqual({ values: {}, problems: [] });
  });

  it('observeWorksheet reports changes until unsubscribed', () => {
    const doc = fresh();
    let calls = 0;
    const stop = observeWorksheet(doc, () => (calls += 1));
    setFieldValue(doc, everyKind, 'belief', 5);
    addListEntry(doc, everyKind, 'thoughts', { text: 'x', authorId: null });
    stop();
    setFieldValue(doc, everyKind, 'belief', 6);
    expect(calls).toBe(2);
  });
});
