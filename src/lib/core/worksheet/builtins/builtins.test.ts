import { describe, expect, it } from 'vitest';
import { allFields } from '../template';
import { templateSchema } from '../template-schema';
import { checkValues, worksheetProgress } from '../values';
import { BUILTIN_EXAMPLES } from './examples';
import { BUILTIN_TEMPLATE_IDS, BUILTIN_TEMPLATES, builtinTemplate, SCALES, THINKING_TRAPS } from './index';

describe('built-in templates', () => {
  it('there are at least fourteen, with distinct ids', () => {
    expect(BUILTIN_TEMPLATES.length).toBeGreaterThanOrEqual(14);
    expect(new Set(BUILTIN_TEMPLATE_IDS).size).toBe(BUILTIN_TEMPLATES.length);
  });

  it.each(BUILTIN_TEMPLATES.map((t) => [t.id, t] as const))('%s passes the template schema', (_id, template) => {
    const result = templateSchema.safeParse(template);
    expect(result.success ? [] : result.error.issues).toEqual([]);
    expect(template.ownerId).toBeNull();
    expect(template.version).toBe(1);
  });

  it.each(BUILTIN_TEMPLATES.map((t) => [t.id, t] as const))('%s accepts its own example and it answers every required field', (id, template) => {
    const example = BUILTIN_EXAMPLES[id];
    expect(example).toBeDefined();
    const { values, problems } = checkValues(template, example);
    expect(problems).toEqual([]);
    expect(values).toEqual(example);
    const progress = worksheetProgress(template, values);
    expect(progress.total).toBeGreaterThan(0);
    expect(progress.answered).toBe(progress.total);
  });

  it('has an example for built-ins only', () => {
    expect(Object.keys(BUILTIN_EXAMPLES).sort()).toEqual([...BUILTIN_TEMPLATE_IDS].sort());
  });

  it('covers every modality and the rating ranges the issue names', () => {
    expect(new Set(BUILTIN_TEMPLATES.map((t) => t.modality))).toEqual(new Set(['cbt', 'dbt', 'general']));
    const ranges = new Set(
      BUILTIN_TEMPLATES.flatMap((t) => allFields(t)).flatMap((f) =>
        f.kind === 'rating' ? [`${f.min}-${f.max}`] : f.kind === 'table' ? f.columns.flatMap((c) => (c.kind === 'rating' ? [`${c.min}-${c.max}`] : [])) : []
      )
    );
    for (const range of ['0-100', '0-10', '0-5', '0-7']) expect(ranges).toContain(range);
  });

  it('the thought record marks one hot thought and the ladder sorts by distress, highest first', () => {
    const thoughts = allFields(builtinTemplate('thought-record')!).find((f) => f.id === 'automatic_thoughts');
    expect(thoughts).toMatchObject({ kind: 'list', mark: { max: 1 } });
    const steps = allFields(builtinTemplate('exposure-ladder')!).find((f) => f.id === 'steps');
    expect(steps).toMatchObject({ kind: 'table', sortBy: { columnId: 'distress', direction: 'desc' } });
  });

  it('lists ten thinking traps and labels every step of the 0-7 skills scale', () => {
    expect(THINKING_TRAPS).toHaveLength(10);
    expect(THINKING_TRAPS.every((t) => t.description && t.description.length > 20)).toBe(true);
    expect(SCALES.skills7.anchors.map((a) => a.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('the safety plan has its six steps in order', () => {
    const plan = builtinTemplate('safety-plan')!;
    expect(plan.sections.slice(0, 6).map((s) => s.id)).toEqual([
      'warning_signs',
      'coping_alone',
      'distraction',
      'help_people',
      'professionals',
      'safe_space'
    ]);
  });

  it('builtinTemplate finds by id and answers undefined for others', () => {
    expect(builtinTemplate('dear-man')?.title).toBe('DEAR MAN script');
    expect(builtinTemplate('no-such-template')).toBeUndefined();
  });
});
