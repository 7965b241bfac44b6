/**
 * Exports of worksheets: Markdown and plain text for reading and printing, CSV for spreadsheets. Answers are checked
 * against the template first: what does not fit is never exported silently, it is listed under "Problems found".
 */
import { AppError } from '../errors';
import { allFields, type Field, type FieldOf, type TableColumn, type Template } from './template';
import { checkValues, isAnswered, type CellValue, type FieldValue, type ListEntry, type TableRow, type ValueProblem, type WorksheetValues } from './values';

export interface ExportOptions {
  /** Shows "added by …" after list entries and table rows whose author it can name (shared worksheets). */
  authorName?: (userId: string) => string | undefined;
}

export interface TextExport {
  text: string;
  problems: ValueProblem[];
}

/** One worksheet among several, e.g. every participant's copy of a template in a session. */
export interface SheetToExport {
  /** Names the worksheet in the first CSV column, e.g. the participant's display name. */
  label: string;
  values: unknown;
}

export interface CsvExport {
  csv: string;
  problems: (ValueProblem & { sheet: string })[];
}

const NOT_ANSWERED = '(not answered)';

/** Rows in the order the template asks for (e.g. the exposure ladder by distress, highest first); empty cells last. */
export function orderedRows(field: FieldOf<'table'>, rows: TableRow[]): TableRow[] {
  const sortBy = field.sortBy;
  if (!sortBy) return rows;
  const sign = sortBy.direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a.cells[sortBy.columnId];
    const y = b.cells[sortBy.columnId];
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
  });
}

/* ---------- Markdown and plain text ---------- */

type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] };

export function worksheetToMarkdown(template: Template, raw: unknown, options: ExportOptions = {}): TextExport {
  const { blocks, problems } = worksheetBlocks(template, raw, options);
  return { text: blocks.map(markdownBlock).join('\n\n') + '\n', problems };
}

export function worksheetToText(template: Template, raw: unknown, options: ExportOptions = {}): TextExport {
  const { blocks, problems } = worksheetBlocks(template, raw, options);
  return { text: blocks.map(textBlock).join('\n\n') + '\n', problems };
}

function worksheetBlocks(template: Template, raw: unknown, options: ExportOptions) {
  const { values, problems } = checkValues(template, raw);
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: template.title }];
  for (const section of template.sections) {
    blocks.push({ kind: 'heading', level: 2, text: section.title });
    for (const field of section.fields) {
      blocks.push({ kind: 'heading', level: 3, text: field.label });
      blocks.push(answerBlock(field, values[field.id], options));
    }
  }
  if (problems.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Problems found' });
    blocks.push({ kind: 'paragraph', text: 'These answers did not fit the worksheet and were left out:' });
    blocks.push({ kind: 'bullets', items: problems.map((p) => p.message) });
  }
  return { blocks, problems };
}

function answerBlock(field: Field, value: FieldValue | undefined, options: ExportOptions): Block {
  if (!isAnswered(field, value)) return { kind: 'paragraph', text: NOT_ANSWERED };
  switch (field.kind) {
    case 'list':
      return { kind: 'bullets', items: (value as ListEntry[]).filter((e) => e.text.trim()).map((e) => entryLine(field, e, options)) };
    case 'multiple_choice':
    case 'checklist':
      return { kind: 'bullets', items: choiceLabels(field, value as string[]) };
    case 'table': {
      const withAuthors = options.authorName && (value as TableRow[]).some((r) => r.authorId && options.authorName?.(r.authorId));
      return {
        kind: 'table',
        header: [...field.columns.map((c) => c.label), ...(withAuthors ? ['Added by'] : [])],
        rows: orderedRows(field, value as TableRow[]).map((row) => [
          ...field.columns.map((c) => cellText(c, row.cells[c.id])),
          ...(withAuthors ? [author(row.authorId, options) ?? ''] : [])
        ])
      };
    }
    default:
      return { kind: 'paragraph', text: scalarText(field, value as string | number) };
  }
}

function entryLine(field: FieldOf<'list'>, entry: ListEntry, options: ExportOptions): string {
  const mark = entry.marked && field.mark ? ` (${field.mark.label})` : '';
  const by = author(entry.authorId, options);
  return `${entry.text}${mark}${by ? ` (added by ${by})` : ''}`;
}

function author(authorId: string | null, options: ExportOptions): string | undefined {
  return authorId ? options.authorName?.(authorId) : undefined;
}

function choiceLabels(field: FieldOf<'multiple_choice'> | FieldOf<'checklist'>, ids: string[]): string[] {
  const all = field.kind === 'checklist' ? field.items : field.options;
  return all.filter((o) => ids.includes(o.id)).map((o) => o.label);
}

/** A rating reads "65 (0-100)", with the anchor's words when it sits on one: "50 (0-100, Half believe it)". */
function scalarText(spec: Field | TableColumn, value: CellValue): string {
  switch (spec.kind) {
    case 'rating': {
      const anchor = spec.anchors.find((a) => a.value === value);
      return `${value} (${spec.min}-${spec.max}${anchor ? `, ${anchor.label}` : ''})`;
    }
    case 'single_choice':
      return spec.options.find((o) => o.id === value)?.label ?? String(value);
    case 'checkbox':
      return value ? 'Yes' : 'No';
    default:
      return String(value);
  }
}

function cellText(column: TableColumn, value: CellValue | undefined): string {
  if (value === undefined || value === '') return '';
  return column.kind === 'rating' ? String(value) : scalarText(column, value);
}

function markdownBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`;
    case 'paragraph':
      return block.text === NOT_ANSWERED ? `_${NOT_ANSWERED}_` : escapeMarkdown(block.text).replace(/\n/g, '  \n');
    case 'bullets':
      return block.items.map((item) => `- ${escapeMarkdown(item).replace(/\n/g, ' ')}`).join('\n');
    case 'table': {
      const row = (cells: string[]) => `| ${cells.map((c) => escapeMarkdown(c).replace(/\r?\n/g, ' ')).join(' | ')} |`;
      return [row(block.header), `|${block.header.map(() => ' --- |').join('')}`, ...block.rows.map(row)].join('\n');
    }
  }
}

function textBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return block.level === 1 ? `${block.text}\n${'='.repeat(block.text.length)}` : block.level === 2 ? `${block.text}\n${'-'.repeat(block.text.length)}` : `${block.text}:`;
    case 'paragraph':
      return block.text;
    case 'bullets':
      return block.items.map((item) => `* ${item}`).join('\n');
    case 'table':
      return block.rows
        .map((cells, i) => `Row ${i + 1}: ${cells.map((c, j) => `${block.header[j]}: ${c || '-'}`).join('; ')}`)
        .join('\n');
  }
}

/** Backslash-escapes Markdown syntax (and raw HTML) in what people wrote, so it prints as written. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`*_{}[\]<>#|!~])/g, '\\$1')
    .replace(/^(\s*)([-+])(\s)/gm, '$1\\$2$3')
    .replace(/^(\s*\d+)([.)])(\s)/gm, '$1\\$2$3');
}

/* ---------- CSV ---------- */

/**
 * One table field of one or more worksheets as CSV: a "Worksheet" column naming the sheet, then one column per table
 * column (ratings as numbers, choices by their label), in the template's row order.
 */
export function tableToCsv(template: Template, fieldId: string, sheets: SheetToExport[]): CsvExport {
  const field = allFields(template).find((f): f is FieldOf<'table'> => f.id === fieldId && f.kind === 'table');
  if (!field) throw new AppError('validation_failed', `This worksheet has no table "${fieldId}".`);
  const problems: CsvExport['problems'] = [];
  const lines: (string | number)[][] = [['Worksheet', ...field.columns.map((c) => c.label)]];
  for (const sheet of sheets) {
    const { values, problems: found } = checkValues(template, pick(sheet.values, fieldId));
    problems.push(...found.map((p) => ({ ...p, sheet: sheet.label })));
    const rows = (values[fieldId] as TableRow[] | undefined) ?? [];
    for (const row of orderedRows(field, rows))
      lines.push([sheet.label, ...field.columns.map((c) => csvCell(c, row.cells[c.id]))]);
  }
  return { csv: toCsv(lines), problems };
}

/**
 * Every non-table answer of one or more worksheets as CSV, one row per worksheet: lists and ticked options are joined
 * with "; ". Tables have their own CSV (tableToCsv).
 */
export function worksheetsToCsv(template: Template, sheets: SheetToExport[]): CsvExport {
  const fields = allFields(template).filter((f) => f.kind !== 'table');
  const problems: CsvExport['problems'] = [];
  const lines: (string | number)[][] = [['Worksheet', ...fields.map((f) => f.label)]];
  for (const sheet of sheets) {
    const { values, problems: found } = checkValues(template, sheet.values);
    problems.push(...found.map((p) => ({ ...p, sheet: sheet.label })));
    lines.push([sheet.label, ...fields.map((f) => flatAnswer(f, values))]);
  }
  return { csv: toCsv(lines), problems };
}

function pick(values: unknown, fieldId: string): unknown {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return values;
  const value = (values as Record<string, unknown>)[fieldId];
  return value === undefined ? {} : { [fieldId]: value };
}

function flatAnswer(field: Field, values: WorksheetValues): string | number {
  const value = values[field.id];
  if (!isAnswered(field, value)) return '';
  switch (field.kind) {
    case 'list':
      return (value as ListEntry[]).map((e) => e.text).filter((t) => t.trim()).join('; ');
    case 'multiple_choice':
    case 'checklist':
      return choiceLabels(field, value as string[]).join('; ');
    case 'rating':
      return value as number;
    default:
      return scalarText(field, value as string);
  }
}

function csvCell(column: TableColumn, value: CellValue | undefined): string | number {
  if (value === undefined) return '';
  return typeof value === 'number' ? value : scalarText(column, value);
}

/** RFC 4180 with CRLF; text that a spreadsheet would run as a formula (=, +, -, @) is prefixed with a quote. */
export function toCsv(lines: (string | number)[][]): string {
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
