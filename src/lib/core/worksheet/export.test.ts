import { describe, expect, it } from 'vitest';
import { exposureLadder } from './builtins/cbt';
import { BUILTIN_EXAMPLES } from './builtins/examples';
import { BUILTIN_TEMPLATES } from './builtins';
import { escapeMarkdown, tableToCsv, toCsv, worksheetsToCsv, worksheetToMarkdown, worksheetToText } from './export';
import { everyKind } from './testing';

const values = {
  name_it: 'Tense',
  thoughts: [
    { id: 'a', text: 'They think I am *odd*', authorId: 'u1', marked: true },
    { id: 'b', text: 'I will freeze', authorId: 'u2', marked: false }
  ],
  belief: 50,
  traps: ['labelling', 'mind_reading'],
  steps: [
    { id: 'r1', authorId: null, cells: { situation: 'Shop', distress: 20, done: true } },
    { id: 'r2', authorId: null, cells: { situation: 'Bus, at rush hour', distress: 80, kind: 'alone' } }
  ]
};
const names: Record<string, string> = { u1: 'Ana', u2: 'Ben' };

describe('Markdown and text export', () => {
  it('renders every section and answer, marks, authors, anchors and sorted tables', () => {
    const { text, problems } = worksheetToMarkdown(everyKind, values, { authorName: (id) => names[id] });
    expect(problems).toEqual([]);
    expect(text).toContain('# Every kind\n\n## Words\n\n### One word\n\nTense');
    expect(text).toContain('- They think I am \\*odd\\* (Hot thought) (added by Ana)\n- I will freeze (added by Ben)');
    expect(text).toContain('### Belief\n\n50 (0-100, Half)');
    expect(text).toContain('- Mind reading\n- Labelling');
    expect(text).toContain('### What happened\n\n_(not answered)_');
    expect(text).toContain(
      '| Situation | Distress | Kind | Done | On |\n| --- | --- | --- | --- | --- |\n| Bus, at rush hour | 80 | Alone |  |  |\n| Shop | 20 |  | Yes |  |'
    );
    expect(text).not.toContain('Problems found');
  });

  it('lists values that do not fit as problems instead of exporting them', () => {
    const { text, problems } = worksheetToText(everyKind, { ...values, belief: 150, fits: 'maybe', ghost: 'boo' });
    expect(problems.map((p) => p.fieldId)).toEqual(['belief', 'fits', 'ghost']);
    expect(text).toContain('Belief:\n\n(not answered)');
    expect(text).not.toContain('150 (');
    expect(text).toContain(
      'Problems found\n--------------\n\nThese answers did not fit the worksheet and were left out:\n\n' +
        '* "Belief" must be from 0 to 100; 150 is too high.\n* "Fits the facts" has no option "maybe".\n' +
        '* An answer for a field this worksheet does not have ("ghost") was left out.'
    );
    expect(text).toContain('Row 1: Situation: Bus, at rush hour; Distress: 80; Kind: Alone; Done: -; On: -');
  });

  it('exports every built-in example without problems', () => {
    for (const template of BUILTIN_TEMPLATES) {
      const { text, problems } = worksheetToMarkdown(template, BUILTIN_EXAMPLES[template.id]);
      expect(problems, template.id).toEqual([]);
      expect(text.startsWith(`# ${escapeMarkdown(template.title)}\n`), template.id).toBe(true);
    }
  });

  it('escapes Markdown and HTML that people typed', () => {
    expect(escapeMarkdown('<script> # 1. [x](y) | a_b')).toBe('\\<script\\> \\# 1. \\[x\\](y) \\| a\\_b');
    expect(escapeMarkdown('- not a bullet\n2. not a number')).toBe('\\- not a bullet\n2\\. not a number');
  });
});

describe('CSV export', () => {
  it('exports a table of several worksheets in the template order, with choices by label', () => {
    const { csv, problems } = tableToCsv(everyKind, 'steps', [
      { label: 'Ana', values },
      { label: 'Ben', values: { steps: [{ id: 'x', authorId: null, cells: { situation: '=HYPERLINK("x")', distress: 101 } }] } }
    ]);
    expect(csv).toBe(
      'Worksheet,Situation,Distress,Kind,Done,On\r\n' +
        'Ana,"Bus, at rush hour",80,Alone,,\r\n' +
        'Ana,Shop,20,,Yes,\r\n' +
        `Ben,"'=HYPERLINK(""x"")",,,,\r\n`
    );
    expect(problems).toEqual([
      { sheet: 'Ben', fieldId: 'steps', path: [0, 'distress'], message: '"Distress" in row 1 of "Steps" must be from 0 to 100; 101 is too high.' }
    ]);
  });

  it('sorts the exposure ladder by distress, highest first', () => {
    const { csv } = tableToCsv(exposureLadder, 'steps', [{ label: 'Me', values: BUILTIN_EXAMPLES['exposure-ladder'] }]);
    expect(csv.split('\r\n').slice(1, 4).map((line) => line.split(',').at(-1))).toEqual(['90', '55', '30']);
  });

  it('exports the other answers one worksheet per row, lists joined', () => {
    const { csv, problems } = worksheetsToCsv(everyKind, [{ label: 'Ana', values }, { label: 'Ben', values: 'garbage' }]);
    const [header, ana, ben] = csv.split('\r\n');
    expect(header).toBe('Worksheet,One word,What happened,Thoughts,Belief,Fits the facts,Feelings,Traps,Day,Time');
    expect(ana).toBe('Ana,Tense,,They think I am *odd*; I will freeze,50,,,Mind reading; Labelling,,');
    expect(ben).toBe('Ben,,,,,,,,,');
    expect(problems).toEqual([{ sheet: 'Ben', fieldId: '', path: [], message: 'The answers could not be read.' }]);
  });

  it('refuses a field that is not a table, and quotes what needs quoting', () => {
    expect(() => tableToCsv(everyKind, 'belief', [])).toThrow('This worksheet has no table "belief".');
    expect(toCsv([['a"b', 'line\nbreak', -3, '-3', '@x']])).toBe(`"a""b","line\nbreak",-3,'-3,'@x\r\n`);
  });
});
