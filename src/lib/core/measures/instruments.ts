/**
 * The two symptom measures the toolkit offers, with the wording of the public instruments (Spitzer, Williams, Kroenke
 * and colleagues, with an educational grant from Pfizer; no permission is required to reproduce, translate, display
 * or distribute them). ORS/SRS are deliberately absent: they are not free for digital use.
 */

export const MEASURE_IDS = ['phq9', 'gad7'] as const;
export type MeasureId = (typeof MEASURE_IDS)[number];

/** The four standard answers of every symptom item, scored 0 to 3. */
export const FREQUENCY_OPTIONS = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' }
] as const;

/** The unscored last question of both instruments. */
export const DIFFICULTY_OPTIONS = [
  { value: 0, label: 'Not difficult at all' },
  { value: 1, label: 'Somewhat difficult' },
  { value: 2, label: 'Very difficult' },
  { value: 3, label: 'Extremely difficult' }
] as const;

export interface Band {
  /** Lowest total in the band (inclusive); the band runs up to the next band's `from` minus one. */
  from: number;
  label: string;
}

export interface MeasureItem {
  /** 1-based, as printed on the instrument. */
  number: number;
  text: string;
}

export interface Instrument {
  id: MeasureId;
  /** Short name, as clinicians say it. */
  name: string;
  title: string;
  /** The stem every item answers. */
  instructions: string;
  items: readonly MeasureItem[];
  difficultyQuestion: string;
  maxTotal: number;
  bands: readonly Band[];
  /**
   * The smallest change in total, either way, that counts as reliable: 6 for PHQ-9 and 4 for GAD-7, the thresholds of
   * the NHS Talking Therapies (IAPT) manual, derived from each instrument's reliability and spread.
   */
  reliableChange: number;
  /** The item whose answer above 0 needs a facilitator's follow-up at once (PHQ-9 item 9), if any. */
  riskItem: number | null;
}

export const PHQ9: Instrument = {
  id: 'phq9',
  name: 'PHQ-9',
  title: 'Patient Health Questionnaire (PHQ-9)',
  instructions: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  items: [
    { number: 1, text: 'Little interest or pleasure in doing things' },
    { number: 2, text: 'Feeling down, depressed, or hopeless' },
    { number: 3, text: 'Trouble falling or staying asleep, or sleeping too much' },
    { number: 4, text: 'Feeling tired or having little energy' },
    { number: 5, text: 'Poor appetite or overeating' },
    { number: 6, text: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down' },
    { number: 7, text: 'Trouble concentrating on things, such as reading the newspaper or watching television' },
    {
      number: 8,
      text: 'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual'
    },
    { number: 9, text: 'Thoughts that you would be better off dead or of hurting yourself in some way' }
  ],
  difficultyQuestion:
    'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
  maxTotal: 27,
  bands: [
    { from: 0, label: 'Minimal' },
    { from: 5, label: 'Mild' },
    { from: 10, label: 'Moderate' },
    { from: 15, label: 'Moderately severe' },
    { from: 20, label: 'Severe' }
  ],
  reliableChange: 6,
  riskItem: 9
};

export const GAD7: Instrument = {
  id: 'gad7',
  name: 'GAD-7',
  title: 'Generalized Anxiety Disorder scale (GAD-7)',
  instructions: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  items: [
    { number: 1, text: 'Feeling nervous, anxious or on edge' },
    { number: 2, text: 'Not being able to stop or control worrying' },
    { number: 3, text: 'Worrying too much about different things' },
    { number: 4, text: 'Trouble relaxing' },
    { number: 5, text: 'Being so restless that it is hard to sit still' },
    { number: 6, text: 'Becoming easily annoyed or irritable' },
    { number: 7, text: 'Feeling afraid as if something awful might happen' }
  ],
  difficultyQuestion:
    'If you checked off any problems, how difficult have these made it for you to do your work, take care of things at home, or get along with other people?',
  maxTotal: 21,
  bands: [
    { from: 0, label: 'Minimal' },
    { from: 5, label: 'Mild' },
    { from: 10, label: 'Moderate' },
    { from: 15, label: 'Severe' }
  ],
  reliableChange: 4,
  riskItem: null
};

export const INSTRUMENTS: Record<MeasureId, Instrument> = { phq9: PHQ9, gad7: GAD7 };

export function instrument(id: MeasureId): Instrument {
  return INSTRUMENTS[id];
}

/** The upper end of band `index` (inclusive). */
export function bandUpperBound(measure: Instrument, index: number): number {
  const next = measure.bands[index + 1];
  return next ? next.from - 1 : measure.maxTotal;
}
