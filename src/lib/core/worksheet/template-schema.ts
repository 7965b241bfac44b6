/**
 * The zod schema of a worksheet template (template.ts has the types, inferred from here, and the plain helpers). Used
 * by the server (custom templates), the template editor and the tests; the room never imports it.
 */
import { z } from 'zod';
import { LIMITS, MODALITIES, TEMPLATE_ID, type Field, type FieldKind, type RatingSpec, type TableColumn, type Template } from './template';

const idPattern = /^[a-z][a-z0-9_]{0,39}$/;
const partId = z
  .string({ error: 'Give it an id.' })
  .regex(idPattern, 'Ids use lowercase letters, digits and _ (up to 40), starting with a letter.');
const label = z
  .string({ error: 'Give it a label.' })
  .trim()
  .min(1, 'Give it a label.')
  .max(200, 'Use at most 200 characters for a label.');
const help = z.string().trim().max(500, 'Use at most 500 characters for help text.').optional();
const whole = (what: string) => z.number({ error: `${what} must be a number.` }).int(`${what} must be a whole number.`);

export const choiceOption = z.object({
  id: partId,
  label: z.string().trim().min(1, 'Give each option a label.').max(120, 'Use at most 120 characters for an option.'),
  description: z.string().trim().max(300, 'Use at most 300 characters for a description.').optional()
});
const options = z.array(choiceOption).max(LIMITS.optionsMax, `Use at most ${LIMITS.optionsMax} options.`);

const ratingBound = (what: string) =>
  whole(what).min(-LIMITS.ratingBound, `${what} is too small.`).max(LIMITS.ratingBound, `${what} is too large.`);
export const anchor = z.object({
  value: whole('An anchor'),
  label: z.string().trim().min(1, 'Give each anchor a label.').max(80, 'Use at most 80 characters for an anchor.')
});

/** Kind-specific parts, shared by fields and table columns so both are checked (and answered) the same way. */
const kindShapes = {
  short_text: { kind: z.literal('short_text'), maxLength: whole('The length limit').min(1).max(LIMITS.shortTextMax) },
  long_text: { kind: z.literal('long_text'), maxLength: whole('The length limit').min(1).max(LIMITS.longTextMax) },
  rating: {
    kind: z.literal('rating'),
    min: ratingBound('The lowest rating'),
    max: ratingBound('The highest rating'),
    anchors: z.array(anchor).max(LIMITS.anchorsMax, `Use at most ${LIMITS.anchorsMax} anchor labels.`)
  },
  single_choice: { kind: z.literal('single_choice'), options: options.min(2, 'Give at least 2 options.') },
  date: { kind: z.literal('date') },
  time: { kind: z.literal('time') }
} as const;

const base = { id: partId, label, help };

export const columnSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, ...kindShapes.short_text }),
  z.object({ ...base, ...kindShapes.long_text }),
  z.object({ ...base, ...kindShapes.rating }),
  z.object({ ...base, ...kindShapes.single_choice }),
  z.object({ ...base, kind: z.literal('checkbox') }),
  z.object({ ...base, ...kindShapes.date }),
  z.object({ ...base, ...kindShapes.time })
]);

const fieldBase = { ...base, required: z.boolean({ error: 'Say whether an answer is required.' }) };

export const fieldSchema = z.discriminatedUnion('kind', [
  z.object({ ...fieldBase, ...kindShapes.short_text }),
  z.object({ ...fieldBase, ...kindShapes.long_text }),
  z.object({
    ...fieldBase,
    kind: z.literal('list'),
    maxItems: whole('The number of entries').min(1).max(LIMITS.listItemsMax),
    maxLength: whole('The length limit').min(1).max(LIMITS.listEntryMax),
    /** Entries can be marked (e.g. the hot thought); at most `max` at a time. */
    mark: z.object({ label: label, max: whole('The number of marked entries').min(1) }).optional()
  }),
  z.object({ ...fieldBase, ...kindShapes.rating }),
  z.object({ ...fieldBase, ...kindShapes.single_choice }),
  z.object({
    ...fieldBase,
    kind: z.literal('multiple_choice'),
    options: options.min(2, 'Give at least 2 options.'),
    maxSelected: whole('The number of choices').min(1).optional()
  }),
  z.object({ ...fieldBase, kind: z.literal('checklist'), items: options.min(1, 'Give at least 1 item.') }),
  z.object({
    ...fieldBase,
    kind: z.literal('table'),
    columns: z
      .array(columnSchema)
      .min(1, 'A table needs at least 1 column.')
      .max(LIMITS.tableColumnsMax, `A table can have at most ${LIMITS.tableColumnsMax} columns.`),
    maxRows: whole('The number of rows').min(1).max(LIMITS.tableRowsMax),
    /** Rows are shown (and exported) in this order, e.g. an exposure ladder by distress, highest first. */
    sortBy: z.object({ columnId: partId, direction: z.enum(['asc', 'desc']) }).optional()
  }),
  z.object({ ...fieldBase, ...kindShapes.date }),
  z.object({ ...fieldBase, ...kindShapes.time })
]);

export const sectionSchema = z.object({
  id: partId,
  title: z.string().trim().min(1, 'Give the section a title.').max(120, 'Use at most 120 characters for a title.'),
  description: z.string().trim().max(1000, 'Use at most 1,000 characters for a description.').optional(),
  fields: z.array(fieldSchema).min(1, 'A section needs at least 1 field.')
});


export const templateShape = z.object({
    id: z.string().regex(TEMPLATE_ID, 'Template ids use lowercase letters, digits and dashes.'),
    version: whole('The version').min(1, 'The version starts at 1.'),
    title: z.string().trim().min(1, 'Give the template a title.').max(120, 'Use at most 120 characters for a title.'),
    modality: z.enum(MODALITIES, { error: 'Choose CBT, DBT or general.' }),
    instructions: z.string().trim().max(2000, 'Use at most 2,000 characters for instructions.'),
    /** null for built-ins; the facilitator who owns a custom template. */
    ownerId: z.string().min(1).nullable(),
    /** The template (and version) a custom one was copied from. */
    basedOn: z.object({ id: z.string().regex(TEMPLATE_ID), version: whole('The version').min(1) }).optional(),
    sections: z
      .array(sectionSchema)
      .min(1, 'A template needs at least 1 section.')
      .max(LIMITS.sectionsMax, `A template can have at most ${LIMITS.sectionsMax} sections.`)
});

export const templateSchema = templateShape.superRefine((template, ctx) => checkTemplateRules(template, ctx));

type Ctx = z.core.$RefinementCtx;
type Path = (string | number)[];

function checkTemplateRules(template: Template, ctx: Ctx): void {
  const fieldIds = new Set<string>();
  const sectionIds = new Set<string>();
  let fieldCount = 0;
  template.sections.forEach((section, s) => {
    if (sectionIds.has(section.id)) issue(ctx, ['sections', s, 'id'], `Each section needs its own id; "${section.id}" is used twice.`);
    sectionIds.add(section.id);
    section.fields.forEach((field, f) => {
      const path = ['sections', s, 'fields', f];
      fieldCount += 1;
      if (fieldIds.has(field.id)) issue(ctx, [...path, 'id'], `Each field needs its own id; "${field.id}" is used twice.`);
      fieldIds.add(field.id);
      checkFieldRules(field, ctx, path);
    });
  });
  if (fieldCount > LIMITS.fieldsMax) issue(ctx, ['sections'], `A template can have at most ${LIMITS.fieldsMax} fields.`);
}

function checkFieldRules(field: Field | TableColumn, ctx: Ctx, path: Path): void {
  switch (field.kind) {
    case 'rating':
      return checkRatingRules(field, ctx, path, field.label);
    case 'single_choice':
    case 'multiple_choice':
      uniqueIds(field.options, ctx, [...path, 'options'], `"${field.label}"`);
      if (field.kind === 'multiple_choice' && field.maxSelected !== undefined && field.maxSelected > field.options.length)
        issue(ctx, [...path, 'maxSelected'], `"${field.label}" allows more choices than it has options.`);
      return;
    case 'checklist':
      return uniqueIds(field.items, ctx, [...path, 'items'], `"${field.label}"`);
    case 'list':
      if (field.mark && field.mark.max > field.maxItems)
        issue(ctx, [...path, 'mark', 'max'], `"${field.label}" allows more marked entries than entries.`);
      return;
    case 'table': {
      uniqueIds(field.columns, ctx, [...path, 'columns'], `"${field.label}"`);
      field.columns.forEach((column, c) => checkFieldRules(column, ctx, [...path, 'columns', c]));
      if (field.sortBy && !field.columns.some((column) => column.id === field.sortBy?.columnId))
        issue(ctx, [...path, 'sortBy', 'columnId'], `"${field.label}" is sorted by a column it does not have.`);
      return;
    }
  }
}

function checkRatingRules(rating: RatingSpec, ctx: Ctx, path: Path, name: string): void {
  if (rating.min >= rating.max) {
    issue(ctx, [...path, 'max'], `The highest rating of "${name}" must be above its lowest rating.`);
    return;
  }
  const seen = new Set<number>();
  rating.anchors.forEach((a, i) => {
    if (a.value < rating.min || a.value > rating.max)
      issue(ctx, [...path, 'anchors', i, 'value'], `The label "${a.label}" of "${name}" sits at ${a.value}, outside ${rating.min} to ${rating.max}.`);
    if (seen.has(a.value)) issue(ctx, [...path, 'anchors', i, 'value'], `"${name}" has two labels at ${a.value}.`);
    seen.add(a.value);
  });
}

function uniqueIds(parts: { id: string }[], ctx: Ctx, path: Path, owner: string): void {
  const seen = new Set<string>();
  parts.forEach((part, i) => {
    if (seen.has(part.id)) issue(ctx, [...path, i, 'id'], `${owner} uses the id "${part.id}" twice.`);
    seen.add(part.id);
  });
}

function issue(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

