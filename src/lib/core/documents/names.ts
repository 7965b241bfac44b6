/**
 * Document names, made and parsed here only: `<kind>:<uuid>` (e.g. `board:6f1c…`). They name a collaborative
 * document in the relay's URL path (`/collab/<docName>`) and in the documents table's doc_name column.
 */
export const DOCUMENT_KINDS = ['board', 'worksheet', 'session_state', 'notes'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const DOC_NAME = /^([a-z_]{1,32}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const docName = (kind: DocumentKind, id: string): string => `${kind}:${id}`;
export const boardDocName = (documentId: string) => docName('board', documentId);
/** The owner of a worksheet copy is a column of the document, not part of its name. */
export const worksheetDocName = (documentId: string) => docName('worksheet', documentId);
export const notesDocName = (documentId: string) => docName('notes', documentId);
/** The live session state, named after the session (not after a documents row id). */
export const sessionStateDocName = (sessionId: string) => docName('session_state', sessionId);

/** Whether a string is a well-formed document name (any kind): checked before any lookup. */
export function isDocName(value: string): boolean {
  return DOC_NAME.test(value);
}

/** The kind and id of a well-formed document name of a known kind; undefined otherwise. */
export function parseDocName(value: string): { kind: DocumentKind; id: string } | undefined {
  const match = DOC_NAME.exec(value);
  if (!match || !(DOCUMENT_KINDS as readonly string[]).includes(match[1])) return undefined;
  return { kind: match[1] as DocumentKind, id: match[2] };
}

/** The session whose live state a document name names, if it names one. */
export function sessionIdOfDocName(value: string): string | undefined {
  const parsed = parseDocName(value);
  return parsed?.kind === 'session_state' ? parsed.id : undefined;
}
