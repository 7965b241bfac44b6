import { describe, expect, it } from 'vitest';
import { scoresToCsv, trendsOf, type ScorePoint } from './trends';

const point = (n: number, total: number | null, measure: 'phq9' | 'gad7' = 'phq9'): ScorePoint => ({
  responseId: `r${n}-${measure}`,
  measure,
  sessionId: `s${n}`,
  sessionTitle: n === 2 ? '=Week, "two"' : `Week ${n}`,
  sessionAt: `2026-01-0${n}T18:00:00.000Z`,
  answeredAt: `2026-01-0${n}T18:01:00.000Z`,
  total,
  band: total === null ? null : 'Mild',
  answers: measure === 'phq9' ? [1, 1, 1, 1, 1, 1, 0, 0, total === null ? null : 0] : [1, 1, 1, 1, 1, 1, 1],
  difficulty: 1,
  urgent: false,
  riskItemSkipped: total === null
});

describe('trends', () => {
  it('groups points by measure with change since baseline and since the previous score', () => {
    const [phq, gad] = trendsOf([point(1, 18), point(1, 9, 'gad7'), point(2, null), point(3, 11), point(3, 8, 'gad7')]);
    expect(phq.measure).toBe('phq9');
    expect(phq.points).toHaveLength(3);
    expect(phq.latest?.total).toBe(11);
    expect(phq.sincePrevious).toBe(-7);
    expect(phq.sinceBaseline).toMatchObject({ baseline: 18, latest: 11, change: -7, direction: 'improved' });
    expect(gad).toMatchObject({ measure: 'gad7', sincePrevious: -1, sinceBaseline: { direction: 'no_reliable_change' } });
  });

  it('has no change with a single score', () => {
    const [only] = trendsOf([point(1, 12)]);
    expect(only).toMatchObject({ sincePrevious: null, sinceBaseline: null });
  });
});

describe('the CSV of one member', () => {
  it('has a row per response, items as scores, skipped items named, and formula-like text defused', () => {
    const csv = scoresToCsv('Ana', [point(1, 6), point(2, null)]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Member,Session,Session date,Measure,Total,Band,Item 1,Item 2,Item 3,Item 4,Item 5,Item 6,Item 7,Item 8,Item 9,Difficulty,Answered at');
    expect(lines[1]).toBe('Ana,Week 1,2026-01-01,PHQ-9,6,Mild,1,1,1,1,1,1,0,0,0,Somewhat difficult,2026-01-01T18:01:00.000Z');
    expect(lines[2]).toBe(`Ana,"'=Week, ""two""",2026-01-02,PHQ-9,,Not scored (items skipped),1,1,1,1,1,1,0,0,skipped,Somewhat difficult,2026-01-02T18:01:00.000Z`);
  });
});
