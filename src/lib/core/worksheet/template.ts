/**
 * Worksheet templates: the typed fields a worksheet is made of. ONE zod schema checks a template itself (built-ins in
 * tests, custom templates from the form builder on the server): template-schema.ts, where these types are inferred
 * from. Pure and zod-free at run time, so the room's worksheet carries no validator.
 *
 * Values are not here: see values.ts (checking answers against a template) and doc.ts (their Yjs shape).
 */
import type { z } from 'zod';
import type { anchor, choiceOption, columnSchema, fieldSchema, sectionSchema, templateShape } from './template-schema';

export const MODALITIES = ['cbt', 'dbt', 'general'] as const;
export type Modality = (typeof MODALITIES)[number];
export const MODALITY_LABELS: Record<Modality, string> = { cbt: 'CBT', dbt: 'DBT', general: 'General' };

export const FIELD_KINDS = [
  'short_text',
  'long_text',
  'list',
  'rating',
  'single_choice',
  'multiple_choice',
  'checklist',
  'table',
  'date',
  'time'
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Kinds a table column can have: the scalar ones, plus a yes/no checkbox. */
export const COLUMN_KINDS = ['short_text', 'long_text', 'rating', 'single_choice', 'checkbox', 'date', 'time'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export const LIMITS = {
  shortTextMax: 500,
  longTextMax: 20_000,
  listItemsMax: 100,
  listEntryMax: 2_000,
  tableRowsMax: 100,
  tableColumnsMax: 10,
  optionsMax: 30,
  anchorsMax: 11,
  ratingBound: 1_000,
  sectionsMax: 20,
  fieldsMax: 80
} as const;

/** Built-in ids are slugs (`thought-record`); custom templates use UUIDs. Both fit this pattern. */
export const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export type ChoiceOption = z.infer<typeof choiceOption>;
export type RatingAnchor = z.infer<typeof anchor>;
export type TableColumn = z.infer<typeof columnSchema>;
export type Field = z.infer<typeof fieldSchema>;
export type FieldOf<K extends FieldKind> = Extract<Field, { kind: K }>;
export type RatingSpec = Pick<FieldOf<'rating'>, 'min' | 'max' | 'anchors'>;
export type Section = z.infer<typeof sectionSchema>;
export type Template = z.infer<typeof templateShape>;

/** All fields of a template in reading order. */
export function allFields(template: Template): Field[] {
  return template.sections.flatMap((section) => section.fields);
}

export function findField(template: Template, fieldId: string): Field | undefined {
  for (const section of template.sections) {
    const field = section.fields.find((f) => f.id === fieldId);
    if (field) return field;
  }
  return undefined;
}
