/**
 * Answers of a worksheet as plain JSON, checked against its template. One checker serves every use:
 * - writes (doc.ts) accept a value only when it has no problem at all;
 * - reads and exports keep what is sound and list the rest as problems, in plain words naming the field.
 */
import type { FieldErrors } from '../validation';
import { allFields, findField, type Field, type FieldOf, type TableColumn, type Template } from './template';

export interface ListEntry {
  id: string;
  text: string;
  /** Who added the entry (shared mode shows it); null when unknown. */
  authorId: string | null;
  marked: boolean;
}
export type CellValue = string | number | boolean;
export interface TableRow {
  id: string;
  authorId: string | null;
  /** Column id -> value; an empty cell is absent. */
  cells: Record<string, CellValue>;
}
/**
 * short_text, long_text, single_choice, date (YYYY-MM-DD), time (HH:MM): string; rating: number;
 * multiple_choice, checklist: option ids; list: entries; table: rows.
 */
export type FieldValue = string | number | string[] | ListEntry[] | TableRow[];
export type WorksheetValues = Record<string, FieldValue>;

export interface ValueProblem {
  fieldId: string;
  /** Inside the field: e.g. [2] for the third entry, [0, 'distress'] for a cell. Empty for the field itself. */
  path: (string | number)[];
  message: string;
}

export interface CheckedValues {
  /** The sound answers only. */
  values: WorksheetValues;
  problems: ValueProblem[];
}

const ENTRY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Checks all answers of a worksheet; unknown fields and unsound answers become problems. Never throws. */
export function checkValues(template: Template, input: unknown): CheckedValues {
  const values: WorksheetValues = {};
  const problems: ValueProblem[] = [];
  if (!isRecord(input)) {
    return { values, problems: [{ fieldId: '', path: [], message: 'The answers could not be read.' }] };
  }
  for (const [fieldId, raw] of Object.entries(input)) {
    const field = findField(template, fieldId);
    if (!field) {
      problems.push({ fieldId, path: [], message: `An answer for a field this worksheet does not have ("${fieldId}") was left out.` });
      continue;
    }
    const checked = checkFieldValue(field, raw);
    problems.push(...checked.problems);
    if (checked.value !== undefined) values[fieldId] = checked.value;
  }
  return { values, problems };
}

/**
 * Checks one answer. `value` is what can be kept: whole for scalar kinds (or nothing when unsound), and for lists,
 * tables and choices the sound parts, so one bad entry does not lose the others. null/undefined is "no answer".
 */
export function checkFieldValue(field: Field, raw: unknown): { value?: FieldValue; problems: ValueProblem[] } {
  if (raw === undefined || raw === null) return { problems: [] };
  const problem = (message: string, path: (string | number)[] = []): ValueProblem => ({ fieldId: field.id, path, message });
  switch (field.kind) {
    case 'list':
      return checkList(field, raw, problem);
    case 'table':
      return checkTable(field, raw, problem);
    case 'multiple_choice':
    case 'checklist':
      return checkChoices(field, raw, problem);
    default: {
      const message = checkScalar(field, raw, `"${field.label}"`);
      return message ? { problems: [problem(message)] } : { value: raw as FieldValue, problems: [] };
    }
  }
}

type Problem = (message: string, path?: (string | number)[]) => ValueProblem;
type ScalarSpec = Exclude<Field, { kind: 'list' | 'table' | 'multiple_choice' | 'checklist' }> | TableColumn;

/** The message for an unsound scalar answer (field or table cell), or undefined when it is sound. */
export function checkScalar(spec: ScalarSpec, raw: unknown, name: string): string | undefined {
  switch (spec.kind) {
    case 'short_text':
    case 'long_text':
      if (typeof raw !== 'string') return `${name} must be text.`;
      if (raw.length > spec.maxLength)
        return `${name} is too long: ${raw.length} characters, at most ${spec.maxLength}.`;
      return undefined;
    case 'rating': {
      const range = `${spec.min} to ${spec.max}`;
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return `${name} must be a number from ${range}.`;
      if (!Number.isInteger(raw)) return `${name} must be a whole number from ${range}; ${raw} is not.`;
      if (raw < spec.min) return `${name} must be from ${range}; ${raw} is too low.`;
      if (raw > spec.max) return `${name} must be from ${range}; ${raw} is too high.`;
      return undefined;
    }
    case 'single_choice':
      if (typeof raw !== 'string') return `${name} must be one of its options.`;
      return spec.options.some((o) => o.id === raw) ? undefined : `${name} has no option "${raw}".`;
    case 'checkbox':
      return typeof raw === 'boolean' ? undefined : `${name} must be ticked or not.`;
    case 'date':
      return typeof raw === 'string' && isCalendarDate(raw) ? undefined : `${name} must be a date (year-month-day).`;
    case 'time':
      return typeof raw === 'string' && TIME.test(raw) ? undefined : `${name} must be a time of day (hours:minutes).`;
  }
}

function checkChoices(field: FieldOf<'multiple_choice'> | FieldOf<'checklist'>, raw: unknown, problem: Problem) {
  const name = `"${field.label}"`;
  if (!Array.isArray(raw)) return { problems: [problem(`${name} must be a list of ticked options.`)] };
  const known = new Set((field.kind === 'checklist' ? field.items : field.options).map((o) => o.id));
  const problems: ValueProblem[] = [];
  const chosen: string[] = [];
  raw.forEach((id, i) => {
    if (typeof id !== 'string' || !known.has(id)) problems.push(problem(`${name} has no option "${String(id)}".`, [i]));
    else if (!chosen.includes(id)) chosen.push(id);
  });
  if (field.kind === 'multiple_choice' && field.maxSelected !== undefined && chosen.length > field.maxSelected) {
    problems.push(problem(`${name} allows at most ${field.maxSelected} choices; ${chosen.length} were ticked.`));
    return { problems };
  }
  // In the template's order, so every replica of a document reads the same answer.
  return { value: [...known].filter((id) => chosen.includes(id)), problems };
}

function checkList(field: FieldOf<'list'>, raw: unknown, problem: Problem) {
  const name = `"${field.label}"`;
  if (!Array.isArray(raw)) return { problems: [problem(`${name} must be a list of entries.`)] };
  const problems: ValueProblem[] = [];
  const entries: ListEntry[] = [];
  raw.forEach((item, i) => {
    const where = `Entry ${i + 1} of ${name}`;
    const message = entryProblem(item, where, field.maxLength);
    if (message) return void problems.push(problem(message, [i]));
    const entry = item as ListEntry;
    if (entries.some((e) => e.id === entry.id)) return void problems.push(problem(`${where} repeats an earlier entry.`, [i]));
    if (entries.length >= field.maxItems)
      return void problems.push(problem(`${name} holds at most ${field.maxItems} entries; entry ${i + 1} was left out.`, [i]));
    entries.push({ id: entry.id, text: entry.text, authorId: entry.authorId, marked: entry.marked === true });
  });
  const marked = entries.filter((e) => e.marked);
  const allowed = field.mark?.max ?? 0;
  if (marked.length > allowed) {
    problems.push(
      problem(
        field.mark
          ? `${name} can have at most ${allowed} marked as "${field.mark.label}"; ${marked.length} were.`
          : `Entries of ${name} cannot be marked.`
      )
    );
    return { problems };
  }
  return { value: entries, problems };
}

function entryProblem(item: unknown, where: string, maxLength: number): string | undefined {
  if (!isRecord(item) || typeof item.id !== 'string' || !ENTRY_ID.test(item.id)) return `${where} could not be read.`;
  if (typeof item.text !== 'string') return `${where} must be text.`;
  if (item.text.length > maxLength) return `${where} is too long: ${item.text.length} characters, at most ${maxLength}.`;
  if (item.authorId !== null && typeof item.authorId !== 'string') return `${where} has an unreadable author.`;
  if (item.marked !== undefined && typeof item.marked !== 'boolean') return `${where} has an unreadable mark.`;
  return undefined;
}

function checkTable(field: FieldOf<'table'>, raw: unknown, problem: Problem) {
  const name = `"${field.label}"`;
  if (!Array.isArray(raw)) return { problems: [problem(`${name} must be a table of rows.`)] };
  const problems: ValueProblem[] = [];
  const rows: TableRow[] = [];
  raw.forEach((item, i) => {
    const where = `Row ${i + 1} of ${name}`;
    if (!isRecord(item) || typeof item.id !== 'string' || !ENTRY_ID.test(item.id) || !isRecord(item.cells))
      return void problems.push(problem(`${where} could not be read.`, [i]));
    if (item.authorId !== null && typeof item.authorId !== 'string')
      return void problems.push(problem(`${where} has an unreadable author.`, [i]));
    if (rows.some((r) => r.id === item.id)) return void problems.push(problem(`${where} repeats an earlier row.`, [i]));
    if (rows.length >= field.maxRows)
      return void problems.push(problem(`${name} holds at most ${field.maxRows} rows; row ${i + 1} was left out.`, [i]));
    const cells: Record<string, CellValue> = {};
    for (const [columnId, value] of Object.entries(item.cells)) {
      const column = field.columns.find((c) => c.id === columnId);
      if (!column) {
        problems.push(problem(`${where} has a value for a column the table does not have ("${columnId}").`, [i, columnId]));
        continue;
      }
      if (value === null || value === undefined) continue;
      const message = checkScalar(column, value, `"${column.label}" in row ${i + 1} of ${name}`);
      if (message) problems.push(problem(message, [i, columnId]));
      else cells[columnId] = value as CellValue;
    }
    rows.push({ id: item.id, authorId: item.authorId as string | null, cells });
  });
  return { value: rows, problems };
}

function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a field counts as answered: text with something in it, a rating, a tick, an entry, a filled row. */
export function isAnswered(field: Field, value: FieldValue | undefined): boolean {
  if (value === undefined) return false;
  switch (field.kind) {
    case 'short_text':
    case 'long_text':
      return typeof value === 'string' && value.trim().length > 0;
    case 'list':
      return Array.isArray(value) && (value as ListEntry[]).some((e) => e.text.trim().length > 0);
    case 'table':
      return Array.isArray(value) && (value as TableRow[]).some((row) => Object.values(row.cells).some(cellAnswered));
    case 'multiple_choice':
    case 'checklist':
      return Array.isArray(value) && value.length > 0;
    default:
      return value !== '';
  }
}

function cellAnswered(value: CellValue): boolean {
  return typeof value === 'string' ? value.trim().length > 0 : true;
}

export interface SectionProgress {
  sectionId: string;
  answered: number;
  total: number;
}
export interface Progress {
  answered: number;
  total: number;
  sections: SectionProgress[];
}

/**
 * Progress for the facilitator's live grid: answered required fields / required fields, per section and overall.
 * A template with no required field at all counts every field instead, so its progress still moves.
 */
export function worksheetProgress(template: Template, values: WorksheetValues): Progress {
  const anyRequired = allFields(template).some((f) => f.required);
  const sections = template.sections.map((section) => {
    const counted = section.fields.filter((f) => f.required || !anyRequired);
    return {
      sectionId: section.id,
      answered: counted.filter((f) => isAnswered(f, values[f.id])).length,
      total: counted.length
    };
  });
  return {
    answered: sections.reduce((sum, s) => sum + s.answered, 0),
    total: sections.reduce((sum, s) => sum + s.total, 0),
    sections
  };
}

/** The required fields not answered yet, e.g. to say "3 questions left" before handing in homework. */
export function unansweredRequired(template: Template, values: WorksheetValues): Field[] {
  return allFields(template).filter((f) => f.required && !isAnswered(f, values[f.id]));
}

/** Problems keyed like form errors ("automatic_thoughts.2"), first message per key. */
export function problemsToFieldErrors(problems: ValueProblem[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const p of problems) fields[[p.fieldId || '_', ...p.path].join('.')] ??= p.message;
  return fields;
}
