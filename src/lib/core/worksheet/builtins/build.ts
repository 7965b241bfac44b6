/**
 * Short builders for the built-in templates, so each template reads as its structure. Defaults: optional answer,
 * 200 characters for short text, 4,000 for long text, 20 list entries of 500 characters, 30 table rows.
 */
import type { ChoiceOption, Field, FieldOf, RatingAnchor, Section, TableColumn, Template } from '../template';

interface Common {
  help?: string;
  required?: boolean;
}

const common = (id: string, label: string, opts: Common) => ({
  id,
  label,
  required: opts.required ?? false,
  ...(opts.help ? { help: opts.help } : {})
});

export const shortText = (id: string, label: string, opts: Common & { maxLength?: number } = {}): Field => ({
  ...common(id, label, opts),
  kind: 'short_text',
  maxLength: opts.maxLength ?? 200
});

export const longText = (id: string, label: string, opts: Common & { maxLength?: number } = {}): Field => ({
  ...common(id, label, opts),
  kind: 'long_text',
  maxLength: opts.maxLength ?? 4000
});

export const list = (
  id: string,
  label: string,
  opts: Common & { maxItems?: number; mark?: FieldOf<'list'>['mark'] } = {}
): Field => ({
  ...common(id, label, opts),
  kind: 'list',
  maxItems: opts.maxItems ?? 20,
  maxLength: 500,
  ...(opts.mark ? { mark: opts.mark } : {})
});

/** A rating scale: its range and the words at its anchors. */
export interface Scale {
  min: number;
  max: number;
  anchors: RatingAnchor[];
}

const anchors = (entries: [number, string][]): RatingAnchor[] => entries.map(([value, label]) => ({ value, label }));

export const SCALES = {
  intensity100: { min: 0, max: 100, anchors: anchors([[0, 'Not at all'], [50, 'Moderate'], [100, 'As strong as it gets']]) },
  belief100: { min: 0, max: 100, anchors: anchors([[0, "Don't believe it at all"], [50, 'Half believe it'], [100, 'Completely sure it is true']]) },
  distress100: { min: 0, max: 100, anchors: anchors([[0, 'Calm'], [50, 'Uncomfortable but manageable'], [100, 'The most distress I can imagine']]) },
  mood10: { min: 0, max: 10, anchors: anchors([[0, 'Very low'], [5, 'Okay'], [10, 'Very good']]) },
  amount10: { min: 0, max: 10, anchors: anchors([[0, 'None'], [5, 'Some'], [10, 'A great deal']]) },
  urge5: { min: 0, max: 5, anchors: anchors([[0, 'No urge'], [1, 'Slight'], [2, 'Mild'], [3, 'Moderate'], [4, 'Strong'], [5, 'Extreme']]) },
  emotion5: { min: 0, max: 5, anchors: anchors([[0, 'Not felt'], [1, 'Slight'], [2, 'Mild'], [3, 'Moderate'], [4, 'Strong'], [5, 'Overwhelming']]) },
  /** How skills were used that day, in our own words for the usual eight steps of a DBT diary card. */
  skills7: {
    min: 0,
    max: 7,
    anchors: anchors([
      [0, "Didn't think about skills or use them"],
      [1, "Thought about them, didn't use them, didn't want to"],
      [2, "Thought about them, didn't use them, wanted to"],
      [3, "Tried to use them but couldn't"],
      [4, "Tried and used them, but they didn't help"],
      [5, 'Tried and used them, and they helped'],
      [6, "Used them without having to try, didn't help"],
      [7, 'Used them without having to try, and they helped']
    ])
  }
} satisfies Record<string, Scale>;

export const rating = (id: string, label: string, scale: Scale, opts: Common = {}): Field => ({
  ...common(id, label, opts),
  kind: 'rating',
  min: scale.min,
  max: scale.max,
  anchors: scale.anchors
});

/** Options from [id, label] or [id, label, description]. */
export const choices = (entries: ([string, string] | [string, string, string])[]): ChoiceOption[] =>
  entries.map(([id, label, description]) => ({ id, label, ...(description ? { description } : {}) }));

export const singleChoice = (id: string, label: string, options: ChoiceOption[], opts: Common = {}): Field => ({
  ...common(id, label, opts),
  kind: 'single_choice',
  options
});

export const multipleChoice = (
  id: string,
  label: string,
  options: ChoiceOption[],
  opts: Common & { maxSelected?: number } = {}
): Field => ({
  ...common(id, label, opts),
  kind: 'multiple_choice',
  options,
  ...(opts.maxSelected ? { maxSelected: opts.maxSelected } : {})
});

export const checklist = (id: string, label: string, items: ChoiceOption[], opts: Common = {}): Field => ({
  ...common(id, label, opts),
  kind: 'checklist',
  items
});

export const table = (
  id: string,
  label: string,
  columns: TableColumn[],
  opts: Common & { maxRows?: number; sortBy?: FieldOf<'table'>['sortBy'] } = {}
): Field => ({
  ...common(id, label, opts),
  kind: 'table',
  columns,
  maxRows: opts.maxRows ?? 30,
  ...(opts.sortBy ? { sortBy: opts.sortBy } : {})
});

export const date = (id: string, label: string, opts: Common = {}): Field => ({ ...common(id, label, opts), kind: 'date' });
export const time = (id: string, label: string, opts: Common = {}): Field => ({ ...common(id, label, opts), kind: 'time' });

/** Table columns: the same kinds as fields (without "required"), plus a yes/no checkbox. */
export const column = {
  shortText: (id: string, label: string, maxLength = 200): TableColumn => ({ id, label, kind: 'short_text', maxLength }),
  longText: (id: string, label: string, maxLength = 1000): TableColumn => ({ id, label, kind: 'long_text', maxLength }),
  rating: (id: string, label: string, scale: Scale): TableColumn => ({ id, label, kind: 'rating', ...scale }),
  choice: (id: string, label: string, options: ChoiceOption[]): TableColumn => ({ id, label, kind: 'single_choice', options }),
  checkbox: (id: string, label: string): TableColumn => ({ id, label, kind: 'checkbox' }),
  date: (id: string, label: string): TableColumn => ({ id, label, kind: 'date' }),
  time: (id: string, label: string): TableColumn => ({ id, label, kind: 'time' })
};

export const section = (id: string, title: string, fields: Field[], description?: string): Section => ({
  id,
  title,
  ...(description ? { description } : {}),
  fields
});

/** A built-in template: version 1, owned by nobody. */
export const builtin = (t: Pick<Template, 'id' | 'title' | 'modality' | 'instructions' | 'sections'>): Template => ({
  ...t,
  version: 1,
  ownerId: null
});
