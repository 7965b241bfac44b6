/**
 * The shape of a person's private notes document (ONE Y.Doc per person, encrypted before it leaves the browser).
 *
 *   doc.getMap('notes'): Y.Map<noteId, Y.Map>
 *     each note:  id, kind ('note' | 'progress'), title (string, last writer wins), createdAt, updatedAt (epoch ms),
 *                 sessionId (string | null: the group session it belongs to)
 *     'note':     body: Y.Text, so edits on two devices merge character by character
 *     'progress': a facilitator's progress note about one participant in one session:
 *                 template ('soap' | 'dap'), participantId, sections: Y.Map<sectionName, Y.Text>
 *
 * A map keyed by random ids (not an array) so that notes created on two offline devices never collide. Deleting
 * removes the note from the map: once the client compacts, its text is gone from the stored state too.
 * Reading is tolerant: entries of the wrong shape are skipped or read with defaults, never thrown on.
 * Pure: yjs only.
 */
import * as Y from 'yjs';
import { replaceText } from '../text/replace-text';

export const NOTES_MAP = 'notes';
export const NOTE_TITLE_MAX = 200;

export type NoteKind = 'note' | 'progress';
export type ProgressTemplate = 'soap' | 'dap';

export const PROGRESS_SECTIONS = {
  soap: ['subjective', 'objective', 'assessment', 'plan'],
  dap: ['data', 'assessment', 'plan']
} as const satisfies Record<ProgressTemplate, readonly string[]>;
export type ProgressSection = (typeof PROGRESS_SECTIONS)[ProgressTemplate][number];

export const SECTION_LABELS: Record<ProgressSection, string> = {
  subjective: 'Subjective',
  objective: 'Objective',
  assessment: 'Assessment',
  plan: 'Plan',
  data: 'Data'
};

export const TEMPLATE_LABELS: Record<ProgressTemplate, string> = {
  soap: 'SOAP (subjective, objective, assessment, plan)',
  dap: 'DAP (data, assessment, plan)'
};

/** A plain reading of one note, for lists and for tests. */
export interface NoteView {
  id: string;
  kind: NoteKind;
  title: string;
  sessionId: string | null;
  createdAt: number;
  updatedAt: number;
  /** The free text of a 'note'; '' for progress notes. */
  text: string;
  /** Present on progress notes only. */
  progress?: {
    template: ProgressTemplate;
    participantId: string;
    sections: Partial<Record<ProgressSection, string>>;
  };
}

type NoteMap = Y.Map<unknown>;

const notesMap = (doc: Y.Doc) => doc.getMap<unknown>(NOTES_MAP);
const newId = () => globalThis.crypto.randomUUID();

export function cleanTitle(title: string): string {
  return title.trim().replace(/\s+/g, ' ').slice(0, NOTE_TITLE_MAX);
}

export interface NewNote {
  title?: string;
  sessionId?: string | null;
  now: number;
  /** Tests pass one; otherwise a random UUID. */
  id?: string;
}

/** Adds a note with empty text; returns its id. */
export function createNote(doc: Y.Doc, { title = '', sessionId = null, now, id = newId() }: NewNote): string {
  doc.transact(() => {
    const note = baseNote(id, 'note', title, sessionId, now);
    note.set('body', new Y.Text());
    notesMap(doc).set(id, note);
  });
  return id;
}

export interface NewProgressNote extends NewNote {
  template: ProgressTemplate;
  sessionId: string;
  participantId: string;
}

/** Adds a facilitator's progress note for one participant in one session, with an empty text per section. */
export function createProgressNote(doc: Y.Doc, input: NewProgressNote): string {
  const { template, sessionId, participantId, title = '', now, id = newId() } = input;
  doc.transact(() => {
    const note = baseNote(id, 'progress', title, sessionId, now);
    note.set('template', template);
    note.set('participantId', participantId);
    const sections = new Y.Map<Y.Text>();
    for (const section of PROGRESS_SECTIONS[template]) sections.set(section, new Y.Text());
    note.set('sections', sections);
    notesMap(doc).set(id, note);
  });
  return id;
}

function baseNote(id: string, kind: NoteKind, title: string, sessionId: string | null, now: number): NoteMap {
  const note = new Y.Map<unknown>();
  note.set('id', id);
  note.set('kind', kind);
  note.set('title', cleanTitle(title));
  note.set('sessionId', sessionId);
  note.set('createdAt', now);
  note.set('updatedAt', now);
  return note;
}

/** Each operation returns false when the note is not there (e.g. deleted on another device). */
export function renameNote(doc: Y.Doc, id: string, title: string, now: number): boolean {
  return change(doc, id, now, (note) => note.set('title', cleanTitle(title)));
}

export function linkNoteToSession(doc: Y.Doc, id: string, sessionId: string | null, now: number): boolean {
  return change(doc, id, now, (note) => note.set('sessionId', sessionId));
}

export function deleteNote(doc: Y.Doc, id: string): boolean {
  if (!notesMap(doc).has(id)) return false;
  notesMap(doc).delete(id);
  return true;
}

/**
 * The Y.Text an editor binds to: a note's body, or one section of a progress note.
 * Undefined when the note or section is not there.
 */
export function noteText(doc: Y.Doc, id: string, section?: ProgressSection): Y.Text | undefined {
  const note = noteMap(doc, id);
  if (!note) return undefined;
  if (section === undefined) return asText(note.get('body'));
  const sections = note.get('sections');
  return sections instanceof Y.Map ? asText(sections.get(section)) : undefined;
}

/**
 * Makes a note's text (or a section's) equal `value` with the smallest edit (common prefix and suffix kept),
 * so that concurrent edits elsewhere in the text survive the merge.
 */
export function setNoteText(doc: Y.Doc, id: string, value: string, now: number, section?: ProgressSection): boolean {
  const text = noteText(doc, id, section);
  if (!text) return false;
  return change(doc, id, now, () => replaceText(text, value));
}

export function readNote(doc: Y.Doc, id: string): NoteView | undefined {
  const note = noteMap(doc, id);
  return note ? readNoteMap(id, note) : undefined;
}

export interface NoteFilter {
  kind?: NoteKind;
  sessionId?: string;
  participantId?: string;
}

/** Every readable note, most recently updated first. */
export function listNotes(doc: Y.Doc, filter: NoteFilter = {}): NoteView[] {
  const notes: NoteView[] = [];
  for (const [id, value] of notesMap(doc)) {
    if (!(value instanceof Y.Map)) continue;
    const note = readNoteMap(id, value);
    if (filter.kind && note.kind !== filter.kind) continue;
    if (filter.sessionId && note.sessionId !== filter.sessionId) continue;
    if (filter.participantId && note.progress?.participantId !== filter.participantId) continue;
    notes.push(note);
  }
  return notes.sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
}

function readNoteMap(id: string, note: NoteMap): NoteView {
  const kind: NoteKind = note.get('kind') === 'progress' ? 'progress' : 'note';
  const createdAt = numberOr(note.get('createdAt'), 0);
  const view: NoteView = {
    id,
    kind,
    title: typeof note.get('title') === 'string' ? (note.get('title') as string) : '',
    sessionId: typeof note.get('sessionId') === 'string' ? (note.get('sessionId') as string) : null,
    createdAt,
    updatedAt: numberOr(note.get('updatedAt'), createdAt),
    text: asText(note.get('body'))?.toString() ?? ''
  };
  if (kind === 'progress') view.progress = readProgress(note);
  return view;
}

function readProgress(note: NoteMap): NonNullable<NoteView['progress']> {
  const template: ProgressTemplate = note.get('template') === 'dap' ? 'dap' : 'soap';
  const sectionsMap = note.get('sections');
  const sections: Partial<Record<ProgressSection, string>> = {};
  for (const section of PROGRESS_SECTIONS[template]) {
    const text = sectionsMap instanceof Y.Map ? asText(sectionsMap.get(section)) : undefined;
    sections[section] = text?.toString() ?? '';
  }
  const participantId = note.get('participantId');
  return { template, participantId: typeof participantId === 'string' ? participantId : '', sections };
}

function noteMap(doc: Y.Doc, id: string): NoteMap | undefined {
  const value = notesMap(doc).get(id);
  return value instanceof Y.Map ? value : undefined;
}

function change(doc: Y.Doc, id: string, now: number, apply: (note: NoteMap) => void): boolean {
  const note = noteMap(doc, id);
  if (!note) return false;
  doc.transact(() => {
    apply(note);
    note.set('updatedAt', now);
  });
  return true;
}

const asText = (value: unknown): Y.Text | undefined => (value instanceof Y.Text ? value : undefined);
const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
