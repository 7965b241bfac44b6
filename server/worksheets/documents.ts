/**
 * The Yjs side of worksheets on the server: making each copy's first state (so browsers never race to create the
 * same Y.Text), and reading a copy's answers back for exports.
 */
import * as Y from 'yjs';
import { initWorksheetDoc, readWorksheet } from '../../src/lib/core/worksheet/doc';
import type { WorksheetMode } from '../../src/lib/core/worksheet/modes';
import type { Template } from '../../src/lib/core/worksheet/template';
import type { CheckedValues } from '../../src/lib/core/worksheet/values';
import { storedStateAsUpdate } from '../relay/doc-state';
import type { Store } from '../storage/store';

/** The empty worksheet for a template, as one Yjs update. */
export function initialWorksheetUpdate(template: Template, mode: WorksheetMode): Uint8Array {
  const doc = new Y.Doc();
  try {
    initWorksheetDoc(doc, template, { templateId: template.id, templateVersion: template.version, mode });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** A copy's answers as stored now (every accepted update is durable before it is broadcast), checked against the template. */
export async function readStoredWorksheet(store: Store, documentId: string, template: Template): Promise<CheckedValues> {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, storedStateAsUpdate(await store.documents.load(documentId)));
    return readWorksheet(doc, template);
  } finally {
    doc.destroy();
  }
}
