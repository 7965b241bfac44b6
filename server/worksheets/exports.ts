/**
 * Exports of a worksheet's copies (Markdown, plain text, CSV, JSON) from their stored documents. What cannot be read
 * or does not fit the template is never exported silently: it is returned as problems, and listed in text files.
 */
import { AppError, notFound } from '../../src/lib/core/errors';
import { tableToCsv, worksheetsToCsv, worksheetToMarkdown, worksheetToText } from '../../src/lib/core/worksheet/export';
import type { WorksheetValues } from '../../src/lib/core/worksheet/values';
import type { Store } from '../storage/store';
import { readStoredWorksheet } from './documents';
import type { EXPORT_FORMATS } from './schemas';
import type { CopyRecord, WorksheetRecord } from '../storage/worksheets';

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportProblem {
  /** Which copy (its label), or null for the worksheet as a whole. */
  sheet: string | null;
  fieldId: string;
  path: (string | number)[];
  message: string;
}

export interface ExportedFile {
  fileName: string;
  contentType: string;
  content: string;
  problems: ExportProblem[];
  /** The copies exported (for the audit log). */
  copyIds: string[];
}

export interface ExportInput {
  worksheet: WorksheetRecord;
  /** The copies the caller may read. */
  readable: CopyRecord[];
  callerId: string;
  /** User id -> display name, for copy labels and "added by" in shared worksheets. */
  names: Map<string, string>;
  query: { format: ExportFormat; copyId?: string; table?: string };
}

const CONTENT_TYPES: Record<ExportFormat, string> = { md: 'text/markdown', txt: 'text/plain', csv: 'text/csv', json: 'application/json' };

export async function exportWorksheet(store: Store, input: ExportInput): Promise<ExportedFile> {
  const { worksheet, query, names } = input;
  const template = worksheet.template;
  if (query.table && !template.sections.some((s) => s.fields.some((f) => f.id === query.table && f.kind === 'table')))
    throw new AppError('validation_failed', `This worksheet has no table "${query.table}".`, { fields: { table: 'Name a table field of the worksheet.' } });

  const chosen = chooseCopies(input);
  const label = (copy: CopyRecord) => (copy.ownerId === null ? 'Group' : (copy.ownerName ?? names.get(copy.ownerId) ?? 'Participant'));
  const sheets = await Promise.all(
    chosen.map(async (copy) => {
      const read = await readStoredWorksheet(store, copy.documentId, template);
      return { copy, label: label(copy), values: read.values, problems: read.problems.map((p) => ({ ...p, sheet: label(copy) })) };
    })
  );
  const problems: ExportProblem[] = sheets.flatMap((s) => s.problems);
  let content: string;
  switch (query.format) {
    case 'md':
    case 'txt': {
      const [sheet] = sheets;
      const authors = worksheet.mode === 'shared' ? { authorName: (id: string) => names.get(id) } : {};
      const text = (query.format === 'md' ? worksheetToMarkdown : worksheetToText)(template, sheet.values, authors);
      content = problems.length ? appendProblems(text.text, problems, query.format) : text.text;
      break;
    }
    case 'csv': {
      const rows = sheets.map((s) => ({ label: s.label, values: s.values as WorksheetValues }));
      content = (query.table ? tableToCsv(template, query.table, rows) : worksheetsToCsv(template, rows)).csv;
      break;
    }
    case 'json':
      content = JSON.stringify(
        {
          templateId: template.id,
          templateVersion: template.version,
          title: worksheet.title,
          sheets: sheets.map((s) => ({ copyId: s.copy.documentId, label: s.label, ownerId: s.copy.ownerId, values: s.values })),
          problems
        },
        null,
        2
      );
      break;
  }
  return { fileName: fileName(worksheet.title, query.format), contentType: CONTENT_TYPES[query.format], content, problems, copyIds: chosen.map((c) => c.documentId) };
}

/** Text exports are of one copy (the one asked for, else the caller's own or the shared one); tables and JSON of all. */
function chooseCopies({ readable, callerId, query }: ExportInput): CopyRecord[] {
  if (query.copyId) {
    const copy = readable.find((each) => each.documentId === query.copyId);
    if (!copy) throw notFound('Copy');
    return [copy];
  }
  if (query.format === 'csv' || query.format === 'json') return readable;
  const copy =
    readable.find((each) => each.ownerId === callerId) ??
    readable.find((each) => each.ownerId === null) ??
    (readable.length === 1 ? readable[0] : undefined);
  if (!copy) throw new AppError('validation_failed', 'Choose which copy to export.', { fields: { copyId: 'Choose a copy.' } });
  return [copy];
}

/** Answers that could not be read or did not fit are listed at the end of a text export. */
function appendProblems(text: string, problems: ExportProblem[], format: 'md' | 'txt'): string {
  const heading = format === 'md' ? '## Problems found' : 'Problems found\n--------------';
  const bullet = format === 'md' ? '- ' : '* ';
  return `${text}\n${heading}\n\nThese answers did not fit the worksheet and were left out:\n\n${problems.map((p) => bullet + p.message).join('\n')}\n`;
}

function fileName(title: string, extension: string): string {
  const base = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'worksheet';
  return `${base}.${extension}`;
}
