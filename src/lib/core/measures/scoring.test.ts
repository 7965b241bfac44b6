import { describe, expect, it } from 'vitest';
import { GAD7, PHQ9, bandRanges, bandFor, changeSinceBaseline, needsUrgentFollowUp, score, type ItemAnswer } from './index';

/** Answers that add up to `total`, filled from the first item (3 each) so the risk item stays 0 where it can. */
function answersFor(items: number, total: number): ItemAnswer[] {
  const answers: ItemAnswer[] = [];
  let left = total;
  for (let i = 0; i < items; i++) {
    const answer = Math.min(3, left) as 0 | 1 | 2 | 3;
    answers.push(answer);
    left -= answer;
  }
  return answers;
}

describe('PHQ-9 bands: 0–4, 5–9, 10–14, 15–19, 20–27', () => {
  it.each([
    [0, 'Minimal'],
    [4, 'Minimal'],
    [5, 'Mild'],
    [9, 'Mild'],
    [10, 'Moderate'],
    [14, 'Moderate'],
    [15, 'Moderately severe'],
    [19, 'Moderately severe'],
    [20, 'Severe'],
    [27, 'Severe']
  ])('a total of %i is %s', (total, band) => {
    expect(bandFor(PHQ9, total)).toBe(band);
    const scored = score('phq9', answersFor(9, total));
    expect(scored.total).toBe(total);
    expect(scored.band).toBe(band);
  });

  it('refuses totals outside 0–27', () => {
    expect(() => bandFor(PHQ9, 28)).toThrow(RangeError);
    expect(() => bandFor(PHQ9, -1)).toThrow(RangeError);
    expect(() => bandFor(PHQ9, 4.5)).toThrow(RangeError);
  });

  it('lists the bands as closed ranges covering 0–27 without gaps', () => {
    expect(bandRanges('phq9')).toEqual([
      { label: 'Minimal', from: 0, to: 4 },
      { label: 'Mild', from: 5, to: 9 },
      { label: 'Moderate', from: 10, to: 14 },
      { label: 'Moderately severe', from: 15, to: 19 },
      { label: 'Severe', from: 20, to: 27 }
    ]);
  });
});

describe('GAD-7 bands: 0–4, 5–9, 10–14, 15–21', () => {
  it.each([
    [0, 'Minimal'],
    [4, 'Minimal'],
    [5, 'Mild'],
    [9, 'Mild'],
    [10, 'Moderate'],
    [14, 'Moderate'],
    [15, 'Severe'],
    [21, 'Severe']
  ])('a total of %i is %s', (total, band) => {
    expect(bandFor(GAD7, total)).toBe(band);
    expect(score('gad7', answersFor(7, total))).toMatchObject({ total, band });
  });

  it('refuses totals above 21 and has no risk item', () => {
    expect(() => bandFor(GAD7, 22)).toThrow(RangeError);
    expect(score('gad7', [3, 3, 3, 3, 3, 3, 3])).toMatchObject({ total: 21, urgent: false, riskItemSkipped: false });
  });
});

describe('the item 9 rule', () => {
  const withItem9 = (answer: ItemAnswer): ItemAnswer[] => [0, 0, 0, 0, 0, 0, 0, 0, answer];

  it('is urgent for any answer above 0, whatever the total', () => {
    expect(score('phq9', withItem9(0)).urgent).toBe(false);
    for (const answer of [1, 2, 3] as const) {
      expect(needsUrgentFollowUp(PHQ9, withItem9(answer))).toBe(true);
      expect(score('phq9', withItem9(answer))).toMatchObject({ urgent: true, total: answer, band: 'Minimal' });
    }
  });

  it('does not look at other items', () => {
    expect(score('phq9', [3, 3, 3, 3, 3, 3, 3, 3, 0])).toMatchObject({ urgent: false, total: 24 });
  });

  it('marks a skipped item 9 for facilitators without raising an alert', () => {
    expect(score('phq9', withItem9(null))).toMatchObject({ urgent: false, riskItemSkipped: true });
  });
});

describe('prefer not to answer', () => {
  it('leaves the total and band empty but counts what was answered', () => {
    expect(score('phq9', [1, null, 2, 0, 0, 0, 0, 0, 0])).toEqual({
      total: null,
      bandIndex: null,
      band: null,
      answered: 8,
      skipped: 1,
      urgent: false,
      riskItemSkipped: false
    });
  });

  it('refuses a wrong number of answers or an answer outside 0–3', () => {
    expect(() => score('phq9', [0, 0, 0])).toThrow(RangeError);
    expect(() => score('gad7', [0, 0, 0, 0, 0, 0, 4 as ItemAnswer])).toThrow(RangeError);
  });
});

describe('change since baseline', () => {
  it('needs two scored totals', () => {
    expect(changeSinceBaseline('phq9', [12])).toBeNull();
    expect(changeSinceBaseline('phq9', [12, null])).toBeNull();
  });

  it('counts a PHQ-9 change as reliable from 6 points either way', () => {
    expect(changeSinceBaseline('phq9', [18, 13])).toMatchObject({ change: -5, direction: 'no_reliable_change', threshold: 6 });
    expect(changeSinceBaseline('phq9', [18, null, 12])).toMatchObject({ baseline: 18, latest: 12, change: -6, direction: 'improved' });
    expect(changeSinceBaseline('phq9', [8, 14])).toMatchObject({ change: 6, direction: 'worsened' });
  });

  it('counts a GAD-7 change as reliable from 4 points either way', () => {
    expect(changeSinceBaseline('gad7', [10, 7])).toMatchObject({ direction: 'no_reliable_change', threshold: 4 });
    expect(changeSinceBaseline('gad7', [10, 6])).toMatchObject({ direction: 'improved' });
    expect(changeSinceBaseline('gad7', [6, 10])).toMatchObject({ direction: 'worsened' });
  });
});

describe('the instruments', () => {
  it('have the published item counts, maxima and answer scale', () => {
    expect(PHQ9.items).toHaveLength(9);
    expect(GAD7.items).toHaveLength(7);
    expect(PHQ9.maxTotal).toBe(PHQ9.items.length * 3);
    expect(GAD7.maxTotal).toBe(GAD7.items.length * 3);
    expect(PHQ9.items[8].text).toBe('Thoughts that you would be better off dead or of hurting yourself in some way');
  });
});
