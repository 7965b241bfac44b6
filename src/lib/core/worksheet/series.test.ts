import { describe, expect, it } from 'vitest';
import { builtinTemplate } from './builtins';
import { ratingAnswers, ratingSeries, type RatedCopy } from './series';
import type { WorksheetValues } from './values';

const checkIn = builtinTemplate('session-check-in')!;

function copy(at: string, mood: unknown, templateId = 'session-check-in'): RatedCopy {
  return { at, templateId, title: 'Session check-in', ratings: ratingAnswers(checkIn, { mood, one_word: 'ok' } as WorksheetValues) };
}

describe('ratingAnswers', () => {
  it('keeps in-range whole ratings with their label and range, and drops the rest', () => {
    const [mood] = ratingAnswers(checkIn, { mood: 6 });
    expect(mood).toMatchObject({ fieldId: 'mood', value: 6, min: 0, max: 10 });
    expect(mood.label.length).toBeGreaterThan(0);
    for (const bad of [11, -1, 2.5, '6', null, undefined]) expect(ratingAnswers(checkIn, { mood: bad } as WorksheetValues)).toEqual([]);
  });
});

describe('ratingSeries', () => {
  it('puts the check-in mood across sessions in time order', () => {
    const series = ratingSeries([copy('2026-03-16T18:00:00Z', 7), copy('2026-03-02T18:00:00Z', 4), copy('2026-03-09T18:00:00Z', 5)]);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ templateId: 'session-check-in', fieldId: 'mood', min: 0, max: 10 });
    expect(series[0].points).toEqual([
      { at: '2026-03-02T18:00:00Z', value: 4 },
      { at: '2026-03-09T18:00:00Z', value: 5 },
      { at: '2026-03-16T18:00:00Z', value: 7 }
    ]);
  });

  it('needs two answers for a trend, skips unanswered copies and keeps templates apart', () => {
    expect(ratingSeries([copy('2026-03-02T18:00:00Z', 4)])).toEqual([]);
    expect(ratingSeries([copy('2026-03-02T18:00:00Z', 4), copy('2026-03-09T18:00:00Z', undefined)])).toEqual([]);
    expect(ratingSeries([copy('2026-03-02T18:00:00Z', 4), copy('2026-03-09T18:00:00Z', 5, 'other-template')])).toEqual([]);
  });

  it('leaves out a point whose range differs from the newest one', () => {
    const old: RatedCopy = { at: '2026-03-01T18:00:00Z', templateId: 'mine', title: 'Mood', ratings: [{ fieldId: 'mood', label: 'Mood', min: 0, max: 100, value: 80 }] };
    const a: RatedCopy = { at: '2026-03-08T18:00:00Z', templateId: 'mine', title: 'Mood', ratings: [{ fieldId: 'mood', label: 'Mood', min: 0, max: 10, value: 3 }] };
    const b: RatedCopy = { ...a, at: '2026-03-15T18:00:00Z', ratings: [{ ...a.ratings[0], value: 6 }] };
    expect(ratingSeries([old, a, b])[0].points.map((p) => p.value)).toEqual([3, 6]);
  });
});
