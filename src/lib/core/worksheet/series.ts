/**
 * A person's repeated ratings over time, for the small chart on "My worksheets": e.g. the session check-in's mood
 * 0-10 across sessions. Each filled-in copy gives its rating answers; a series is one rating field of one template,
 * in time order. Only ratings that fit their declared range count.
 */
import type { Template } from './template';
import type { WorksheetValues } from './values';

export interface RatingAnswer {
  fieldId: string;
  label: string;
  min: number;
  max: number;
  value: number;
}

/** The rating fields of a template answered with an in-range whole number, in template order. */
export function ratingAnswers(template: Template, values: WorksheetValues): RatingAnswer[] {
  const answers: RatingAnswer[] = [];
  for (const section of template.sections) {
    for (const field of section.fields) {
      if (field.kind !== 'rating') continue;
      const value = values[field.id];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < field.min || value > field.max) continue;
      answers.push({ fieldId: field.id, label: field.label, min: field.min, max: field.max, value });
    }
  }
  return answers;
}

/** One filled-in copy: when (the session's or the worksheet's date), which template, its rating answers. */
export interface RatedCopy {
  at: string;
  templateId: string;
  title: string;
  ratings: RatingAnswer[];
}

export interface RatingSeries {
  templateId: string;
  title: string;
  fieldId: string;
  label: string;
  min: number;
  max: number;
  points: { at: string; value: number }[];
}

/**
 * Every rating answered in at least `minPoints` copies of the same template (default 2: a single point is not a
 * trend), oldest point first; series in order of their most recent point, newest first. A copy whose range for the
 * field differs from the newest copy's (an edited custom template) is left out of that series, so a 0-10 mood
 * never mixes with a 0-100 one.
 */
export function ratingSeries(copies: readonly RatedCopy[], minPoints = 2): RatingSeries[] {
  const ordered = [...copies].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const byKey = new Map<string, RatingSeries>();
  for (const copy of ordered) {
    for (const rating of copy.ratings) {
      const key = `${copy.templateId}\u0000${rating.fieldId}`;
      let series = byKey.get(key);
      if (!series) {
        series = { templateId: copy.templateId, title: copy.title, fieldId: rating.fieldId, label: rating.label, min: rating.min, max: rating.max, points: [] };
        byKey.set(key, series);
      }
      if (series.min !== rating.min || series.max !== rating.max) continue;
      series.points.unshift({ at: copy.at, value: rating.value });
    }
  }
  return [...byKey.values()].filter((series) => series.points.length >= minPoints);
}
