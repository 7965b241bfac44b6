/**
 * The Yjs shape of a filled-in worksheet, and the only code that reads or writes it.
 *
 *   doc.getMap('meta')    templateId, templateVersion, mode
 *   doc.getMap('values')  field id ->
 *     short_text, long_text          Y.Text (live typing merges)
 *     rating                         number
 *     single_choice, date, time      string
 *     multiple_choice, checklist     Y.Map<true> keyed by option id (two people ticking at once both count)
 *     list                           Y.Array<Y.Map{ id, text: Y.Text, authorId, marked }>
 *     table                          Y.Array<Y.Map{ id, authorId, cells: Y.Map<column id -> Y.Text | number | string | boolean> }>
 *
 * Reads never throw: content that does not fit the template is skipped and reported. Writes are checked against the
 * template first and refused with a plain message. The template itself is not stored in the document (anyone who can
 * write the document could change it); readers bring the template named in `meta`.
 */
import * as Y from 'yjs';
import { replaceText } from '../text/replace-text';
import { findField, type Field, type FieldOf, type TableColumn, type Template } from './template';
import { checkFieldValue, checkScalar, type CellValue, type CheckedValues, type FieldValue, type ListEntry, type TableRow, type ValueProblem } from './values';
import type { WorksheetMode } from './modes';

export interface WorksheetMeta {
  templateId: string;
  templateVersion: number;
  mode: WorksheetMode;
}

export type WriteResult = { ok: true } | { ok: false; message: string };

const META = 'meta';
const VALUES = 'values';
const OK: WriteResult = { ok: true };
const refuse = (message: string): WriteResult => ({ ok: false, message });

export const valuesMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(VALUES);

/**
 * Writes the meta and the empty containers of every field. Run it once, where the document is created (the server),
 * so that clients never race to create the same Y.Text. Containers that exist already are kept.
 */
export function initWorksheetDoc(doc: Y.Doc, template: Template, meta: WorksheetMeta): void {
  doc.transact(() => {
    const metaMap = doc.getMap(META);
    metaMap.set('templateId', meta.templateId);
    metaMap.set('templateVersion', meta.templateVersion);
    metaMap.set('mode', meta.mode);
    for (const section of template.sections) for (const field of section.fields) containerFor(doc, field);
  });
}

export function readWorksheetMeta(doc: Y.Doc): WorksheetMeta | undefined {
  const meta = doc.getMap(META);
  const templateId = meta.get('templateId');
  const templateVersion = meta.get('templateVersion');
  const mode = meta.get('mode');
  if (typeof templateId !== 'string' || typeof templateVersion !== 'number' || (mode !== 'shared' && mode !== 'individual'))
    return undefined;
  return { templateId, templateVersion, mode };
}

/** The answers as plain JSON, checked against the template. Never throws. */
export function readWorksheet(doc: Y.Doc, template: Template): CheckedValues {
  const values: Record<string, FieldValue> = {};
  const problems: ValueProblem[] = [];
  valuesMap(doc).forEach((content, fieldId) => {
    const field = findField(template, fieldId);
    if (!field) {
      problems.push({ fieldId, path: [], message: `Content for a field this worksheet does not have ("${fieldId}") was skipped.` });
      return;
    }
    const plain = toPlain(field, content);
    if (plain === UNREADABLE) {
      problems.push({ fieldId, path: [], message: `The answer to "${field.label}" could not be read and was skipped.` });
      return;
    }
    const checked = checkFieldValue(field, plain);
    problems.push(...checked.problems);
    if (checked.value !== undefined) values[fieldId] = checked.value;
  });
  return { values, problems };
}

/** Calls `onChange` after every change to the answers (local or remote); returns the unsubscribe function. */
export function observeWorksheet(doc: Y.Doc, onChange: () => void): () => void {
  const map = valuesMap(doc);
  const handler = () => onChange();
  map.observeDeep(handler);
  return () => map.unobserveDeep(handler);
}

const UNREADABLE = Symbol('unreadable');
/** Stands in for content of the wrong shape inside a list or table, so the value checker names where it is. */
const NOT_A_VALUE = Object.freeze({ unreadable: true });

function toPlain(field: Field, content: unknown): unknown {
  switch (field.kind) {
    case 'short_text':
    case 'long_text':
      return content instanceof Y.Text ? content.toString() : UNREADABLE;
    case 'multiple_choice':
    case 'checklist':
      return content instanceof Y.Map ? [...content.entries()].filter(([, on]) => on === true).map(([id]) => id) : UNREADABLE;
    case 'list':
      return content instanceof Y.Array ? content.toArray().map(entryToPlain) : UNREADABLE;
    case 'table':
      return content instanceof Y.Array ? content.toArray().map(rowToPlain) : UNREADABLE;
    default:
      return content instanceof Y.AbstractType ? UNREADABLE : content;
  }
}

function entryToPlain(item: unknown): unknown {
  if (!(item instanceof Y.Map)) return NOT_A_VALUE;
  const text = item.get('text');
  return {
    id: item.get('id'),
    text: text instanceof Y.Text ? text.toString() : NOT_A_VALUE,
    authorId: item.get('authorId') ?? null,
    marked: item.get('marked') ?? false
  };
}

function rowToPlain(item: unknown): unknown {
  if (!(item instanceof Y.Map)) return NOT_A_VALUE;
  const cells = item.get('cells');
  if (!(cells instanceof Y.Map)) return NOT_A_VALUE;
  const plainCells: Record<string, unknown> = {};
  cells.forEach((value, columnId) => {
    plainCells[columnId] = value instanceof Y.Text ? value.toString() : value instanceof Y.AbstractType ? NOT_A_VALUE : value;
  });
  return { id: item.get('id'), authorId: item.get('authorId') ?? null, cells: plainCells };
}

/* ---------- writes ---------- */

/**
 * Sets a whole answer (null clears it). Text is edited in place (only the changed middle is replaced, so other
 * people's carets stay put); lists and tables are replaced entry by entry.
 */
export function setFieldValue(doc: Y.Doc, template: Template, fieldId: string, value: unknown): WriteResult {
  const field = findField(template, fieldId);
  if (!field) return refuse(`This worksheet has no field "${fieldId}".`);
  if (value === null || value === undefined) {
    doc.transact(() => clear(doc, field));
    return OK;
  }
  const checked = checkFieldValue(field, value);
  if (checked.problems.length > 0 || checked.value === undefined) return refuse(checked.problems[0]?.message ?? 'This answer does not fit.');
  const plain = checked.value;
  doc.transact(() => {
    switch (field.kind) {
      case 'short_text':
      case 'long_text':
        return replaceText(containerFor(doc, field) as Y.Text, plain as string);
      case 'multiple_choice':
      case 'checklist': {
        const ticks = containerFor(doc, field) as Y.Map<boolean>;
        const chosen = new Set(plain as string[]);
        for (const id of [...ticks.keys()]) if (!chosen.has(id)) ticks.delete(id);
        for (const id of chosen) if (ticks.get(id) !== true) ticks.set(id, true);
        return;
      }
      case 'list': {
        const entries = containerFor(doc, field) as Y.Array<Y.Map<unknown>>;
        entries.delete(0, entries.length);
        entries.push((plain as ListEntry[]).map(entryMap));
        return;
      }
      case 'table': {
        const rows = containerFor(doc, field) as Y.Array<Y.Map<unknown>>;
        rows.delete(0, rows.length);
        rows.push((plain as TableRow[]).map((row) => rowMap(field, row)));
        return;
      }
      default:
        valuesMap(doc).set(field.id, plain);
    }
  });
  return OK;
}

/** The Y.Text of a text field, for binding to an editor (created if missing). */
export function fieldText(doc: Y.Doc, template: Template, fieldId: string): Y.Text | undefined {
  const field = findField(template, fieldId);
  if (field?.kind !== 'short_text' && field?.kind !== 'long_text') return undefined;
  return containerFor(doc, field) as Y.Text;
}

export function toggleOption(doc: Y.Doc, template: Template, fieldId: string, optionId: string, ticked: boolean): WriteResult {
  const field = findField(template, fieldId);
  if (field?.kind !== 'multiple_choice' && field?.kind !== 'checklist') return refuse(`"${fieldId}" is not a set of options.`);
  const options = field.kind === 'checklist' ? field.items : field.options;
  if (!options.some((o) => o.id === optionId)) return refuse(`"${field.label}" has no option "${optionId}".`);
  const ticks = containerFor(doc, field) as Y.Map<boolean>;
  if (!ticked) {
    ticks.delete(optionId);
    return OK;
  }
  const count = [...ticks.values()].filter((v) => v === true).length;
  if (field.kind === 'multiple_choice' && field.maxSelected !== undefined && ticks.get(optionId) !== true && count >= field.maxSelected)
    return refuse(`"${field.label}" allows at most ${field.maxSelected} choices; untick one first.`);
  ticks.set(optionId, true);
  return OK;
}

/* ---------- list entries ---------- */

export const newEntryId = (): string => globalThis.crypto.randomUUID();

/** Adds an entry carrying its author, so shared mode can show who added what. */
export function addListEntry(
  doc: Y.Doc,
  template: Template,
  fieldId: string,
  entry: { text: string; authorId: string | null; id?: string },
  index?: number
): WriteResult {
  const field = findField(template, fieldId);
  if (field?.kind !== 'list') return refuse(`"${fieldId}" is not a list.`);
  const list = containerFor(doc, field) as Y.Array<Y.Map<unknown>>;
  if (list.length >= field.maxItems) return refuse(`"${field.label}" holds at most ${field.maxItems} entries.`);
  const plain: ListEntry = { id: entry.id ?? newEntryId(), text: entry.text, authorId: entry.authorId, marked: false };
  const problem = checkFieldValue(field, [plain]).problems[0];
  if (problem) return refuse(problem.message.replace('Entry 1 of', 'The new entry of'));
  if (entryIndex(list, plain.id) >= 0) return refuse('An entry with this id exists already.');
  list.insert(Math.min(index ?? list.length, list.length), [entryMap(plain)]);
  return OK;
}

/** The Y.Text of one list entry, for live editing. */
export function entryText(doc: Y.Doc, template: Template, fieldId: string, entryId: string): Y.Text | undefined {
  const entry = findEntry(doc, template, fieldId, entryId);
  const text = entry?.get('text');
  return text instanceof Y.Text ? text : undefined;
}

export function setListEntryText(doc: Y.Doc, template: Template, fieldId: string, entryId: string, text: string): WriteResult {
  const field = findField(template, fieldId);
  const entry = findEntry(doc, template, fieldId, entryId);
  if (field?.kind !== 'list' || !entry) return refuse('That entry is no longer there.');
  if (text.length > field.maxLength) return refuse(`An entry of "${field.label}" can have at most ${field.maxLength} characters.`);
  doc.transact(() => {
    const current = entry.get('text');
    if (current instanceof Y.Text) replaceText(current, text);
    else entry.set('text', new Y.Text(text));
  });
  return OK;
}

/** Marks an entry (e.g. the hot thought). When only one may be marked, marking one unmarks the others. */
export function markListEntry(doc: Y.Doc, template: Template, fieldId: string, entryId: string, marked: boolean): WriteResult {
  const field = findField(template, fieldId);
  const entry = findEntry(doc, template, fieldId, entryId);
  if (field?.kind !== 'list' || !entry) return refuse('That entry is no longer there.');
  if (!field.mark) return refuse(`Entries of "${field.label}" cannot be marked.`);
  const list = containerFor(doc, field) as Y.Array<unknown>;
  const others = list.toArray().filter((m): m is Y.Map<unknown> => m instanceof Y.Map && m !== entry && m.get('marked') === true);
  if (marked && field.mark.max > 1 && others.length >= field.mark.max)
    return refuse(`"${field.label}" can have at most ${field.mark.max} marked as "${field.mark.label}".`);
  doc.transact(() => {
    if (marked && field.mark?.max === 1) for (const other of others) other.set('marked', false);
    entry.set('marked', marked);
  });
  return OK;
}

export function removeListEntry(doc: Y.Doc, template: Template, fieldId: string, entryId: string): WriteResult {
  return removeItem(doc, template, fieldId, 'list', entryId);
}

/* ---------- table rows ---------- */

export function addTableRow(
  doc: Y.Doc,
  template: Template,
  fieldId: string,
  row: { authorId: string | null; cells?: Record<string, CellValue>; id?: string }
): WriteResult {
  const field = findField(template, fieldId);
  if (field?.kind !== 'table') return refuse(`"${fieldId}" is not a table.`);
  const rows = containerFor(doc, field) as Y.Array<Y.Map<unknown>>;
  if (rows.length >= field.maxRows) return refuse(`"${field.label}" holds at most ${field.maxRows} rows.`);
  const plain: TableRow = { id: row.id ?? newEntryId(), authorId: row.authorId, cells: row.cells ?? {} };
  const problem = checkFieldValue(field, [plain]).problems[0];
  if (problem) return refuse(problem.message.replace('row 1 of', 'the new row of').replace('Row 1 of', 'The new row of'));
  if (entryIndex(rows, plain.id) >= 0) return refuse('A row with this id exists already.');
  rows.push([rowMap(field, plain)]);
  return OK;
}

/** Sets one cell (null empties it). Text cells are edited in place. */
export function setTableCell(
  doc: Y.Doc,
  template: Template,
  fieldId: string,
  rowId: string,
  columnId: string,
  value: CellValue | null
): WriteResult {
  const field = findField(template, fieldId);
  if (field?.kind !== 'table') return refuse(`"${fieldId}" is not a table.`);
  const column = field.columns.find((c) => c.id === columnId);
  if (!column) return refuse(`"${field.label}" has no column "${columnId}".`);
  const row = findEntry(doc, template, fieldId, rowId);
  if (!row) return refuse('That row is no longer there.');
  if (value !== null) {
    const message = checkScalar(column, value, `"${column.label}"`);
    if (message) return refuse(message);
  }
  doc.transact(() => {
    let cells = row.get('cells');
    if (!(cells instanceof Y.Map)) {
      cells = new Y.Map<unknown>();
      row.set('cells', cells);
    }
    writeCell(cells as Y.Map<unknown>, column, value);
  });
  return OK;
}

export function removeTableRow(doc: Y.Doc, template: Template, fieldId: string, rowId: string): WriteResult {
  return removeItem(doc, template, fieldId, 'table', rowId);
}

/* ---------- helpers ---------- */

/** The field's container, created (or replacing content of the wrong shape) when needed. */
function containerFor(doc: Y.Doc, field: Field): unknown {
  const map = valuesMap(doc);
  const current = map.get(field.id);
  const make = CONTAINERS[field.kind];
  if (!make) return current;
  if (current instanceof make) return current;
  const created = new make();
  map.set(field.id, created);
  return created;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const CONTAINERS: Partial<Record<Field['kind'], new () => Y.AbstractType<any>>> = {
  short_text: Y.Text,
  long_text: Y.Text,
  multiple_choice: Y.Map,
  checklist: Y.Map,
  list: Y.Array,
  table: Y.Array
};

function clear(doc: Y.Doc, field: Field): void {
  const container = CONTAINERS[field.kind] ? containerFor(doc, field) : undefined;
  if (container instanceof Y.Text) container.delete(0, container.length);
  else if (container instanceof Y.Array) container.delete(0, container.length);
  else if (container instanceof Y.Map) for (const key of [...container.keys()]) container.delete(key);
  else valuesMap(doc).delete(field.id);
}

function entryMap(entry: ListEntry): Y.Map<unknown> {
  return new Y.Map<unknown>([
    ['id', entry.id],
    ['text', new Y.Text(entry.text)],
    ['authorId', entry.authorId],
    ['marked', entry.marked]
  ]);
}

function rowMap(field: FieldOf<'table'>, row: TableRow): Y.Map<unknown> {
  const cells = new Y.Map<unknown>();
  for (const [columnId, value] of Object.entries(row.cells)) {
    const column = field.columns.find((c) => c.id === columnId);
    cells.set(columnId, isTextKind(column?.kind) ? new Y.Text(String(value)) : value);
  }
  return new Y.Map<unknown>([
    ['id', row.id],
    ['authorId', row.authorId],
    ['cells', cells]
  ]);
}

function writeCell(cells: Y.Map<unknown>, column: TableColumn, value: CellValue | null): void {
  if (value === null) return void cells.delete(column.id);
  const current = cells.get(column.id);
  if (!isTextKind(column.kind)) cells.set(column.id, value);
  else if (current instanceof Y.Text) replaceText(current, String(value));
  else cells.set(column.id, new Y.Text(String(value)));
}

function isTextKind(kind: string | undefined): boolean {
  return kind === 'short_text' || kind === 'long_text';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function entryIndex(list: Y.Array<any>, id: string): number {
  return list.toArray().findIndex((item) => item instanceof Y.Map && item.get('id') === id);
}

function findEntry(doc: Y.Doc, template: Template, fieldId: string, id: string): Y.Map<unknown> | undefined {
  const field = findField(template, fieldId);
  if (field?.kind !== 'list' && field?.kind !== 'table') return undefined;
  const list = valuesMap(doc).get(fieldId);
  if (!(list instanceof Y.Array)) return undefined;
  const item = list.get(entryIndex(list, id));
  return item instanceof Y.Map ? item : undefined;
}

function removeItem(doc: Y.Doc, template: Template, fieldId: string, kind: 'list' | 'table', id: string): WriteResult {
  const field = findField(template, fieldId);
  if (field?.kind !== kind) return refuse(`"${fieldId}" is not a ${kind}.`);
  const list = valuesMap(doc).get(fieldId);
  const index = list instanceof Y.Array ? entryIndex(list, id) : -1;
  if (index < 0) return refuse('That is no longer there.');
  (list as Y.Array<unknown>).delete(index, 1);
  return OK;
}
