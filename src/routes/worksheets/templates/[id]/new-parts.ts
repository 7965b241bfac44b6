/** New fields and sections for the form builder, with ids that are not used in the template yet. */
import { SCALES, choices, checklist, list, longText, rating, section, shortText, singleChoice } from '$lib/core/worksheet/builtins/build';
import type { Field, Section, Template } from '$lib/core/worksheet/template';

export const NEW_FIELD_KINDS = {
  short_text: 'Short answer',
  long_text: 'Long answer',
  list: 'List of entries',
  rating: 'Rating 0 to 10',
  single_choice: 'One choice',
  checklist: 'Checklist'
} as const;
export type NewFieldKind = keyof typeof NEW_FIELD_KINDS;

function unusedId(prefix: string, used: Set<string>): string {
  for (let n = 1; ; n++) if (!used.has(`${prefix}_${n}`)) return `${prefix}_${n}`;
}

export function newField(template: Template, kind: NewFieldKind, label: string): Field {
  const id = unusedId('question', new Set(template.sections.flatMap((s) => s.fields.map((f) => f.id))));
  const twoOptions = choices([['option_1', 'Yes'], ['option_2', 'No']]);
  switch (kind) {
    case 'short_text':
      return shortText(id, label);
    case 'long_text':
      return longText(id, label);
    case 'list':
      return list(id, label);
    case 'rating':
      return rating(id, label, SCALES.mood10);
    case 'single_choice':
      return singleChoice(id, label, twoOptions);
    case 'checklist':
      return checklist(id, label, twoOptions);
  }
}

export function newSection(template: Template, title: string): Section {
  const id = unusedId('section', new Set(template.sections.map((s) => s.id)));
  return section(id, title, [shortText(unusedId('question', new Set(template.sections.flatMap((s) => s.fields.map((f) => f.id)))), 'A first question')]);
}
