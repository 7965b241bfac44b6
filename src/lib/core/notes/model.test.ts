import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  NOTE_TITLE_MAX,
  NOTES_MAP,
  createNote,
  createProgressNote,
  deleteNote,
  linkNoteToSession,
  listNotes,
  noteText,
  readNote,
  renameNote,
  setNoteText
} from './model';

function exchange(a: Y.Doc, b: Y.Doc): void {
  const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, fromA);
  Y.applyUpdate(a, fromB);
}

describe('notes', () => {
  it('create, rename, edit, link and read back', () => {
    const doc = new Y.Doc();
    const id = createNote(doc, { title: '  Coping   plan ', now: 1_000 });
    expect(readNote(doc, id)).toEqual({
      id,
      kind: 'note',
      title: 'Coping plan',
      sessionId: null,
      createdAt: 1_000,
      updatedAt: 1_000,
      text: ''
    });

    expect(renameNote(doc, id, 'My coping plan', 2_000)).toBe(true);
    expect(setNoteText(doc, id, 'Breathe in for four.', 3_000)).toBe(true);
    expect(linkNoteToSession(doc, id, 'session-3', 4_000)).toBe(true);
    expect(readNote(doc, id)).toMatchObject({
      title: 'My coping plan',
      text: 'Breathe in for four.',
      sessionId: 'session-3',
      createdAt: 1_000,
      updatedAt: 4_000
    });
    expect(linkNoteToSession(doc, id, null, 5_000)).toBe(true);
    expect(readNote(doc, id)?.sessionId).toBeNull();
  });

  it('caps titles', () => {
    const doc = new Y.Doc();
    const id = createNote(doc, { title: 'x'.repeat(500), now: 1 });
    expect(readNote(doc, id)?.title).toHaveLength(NOTE_TITLE_MAX);
  });

  it('lists most recently updated first and filters', () => {
    const doc = new Y.Doc();
    const older = createNote(doc, { title: 'older', now: 1, sessionId: 's1' });
    const newer = createNote(doc, { title: 'newer', now: 2 });
    const progress = createProgressNote(doc, { template: 'dap', sessionId: 's1', participantId: 'p1', now: 3 });
    expect(listNotes(doc).map((note) => note.id)).toEqual([progress, newer, older]);
    expect(listNotes(doc, { sessionId: 's1' }).map((note) => note.id)).toEqual([progress, older]);
    expect(listNotes(doc, { kind: 'note' }).map((note) => note.id)).toEqual([newer, older]);
    expect(listNotes(doc, { participantId: 'p1' }).map((note) => note.id)).toEqual([progress]);
    renameNote(doc, older, 'touched', 10);
    expect(listNotes(doc)[0].id).toBe(older);
  });

  it('delete removes the note; operations on a missing note return false', () => {
    const doc = new Y.Doc();
    const id = createNote(doc, { title: 'gone soon', now: 1 });
    expect(deleteNote(doc, id)).toBe(true);
    expect(readNote(doc, id)).toBeUndefined();
    expect(listNotes(doc)).toEqual([]);
    expect(deleteNote(doc, id)).toBe(false);
    expect(renameNote(doc, id, 'x', 2)).toBe(false);
    expect(setNoteText(doc, id, 'x', 2)).toBe(false);
    expect(linkNoteToSession(doc, id, 's', 2)).toBe(false);
    expect(noteText(doc, id)).toBeUndefined();
  });

  it('reading is tolerant of entries of the wrong shape', () => {
    const doc = new Y.Doc();
    const root = doc.getMap<unknown>(NOTES_MAP);
    root.set('junk', 42);
    const odd = new Y.Map<unknown>();
    odd.set('kind', 'mystery');
    odd.set('title', 7);
    odd.set('createdAt', 'yesterday');
    root.set('odd', odd);
    const brokenProgress = new Y.Map<unknown>();
    brokenProgress.set('kind', 'progress');
    brokenProgress.set('sections', 'not a map');
    root.set('broken', brokenProgress);

    const notes = listNotes(doc);
    expect(notes.map((note) => note.id).sort()).toEqual(['broken', 'odd']);
    expect(readNote(doc, 'odd')).toEqual({
      id: 'odd',
      kind: 'note',
      title: '',
      sessionId: null,
      createdAt: 0,
      updatedAt: 0,
      text: ''
    });
    expect(readNote(doc, 'broken')?.progress).toEqual({
      template: 'soap',
      participantId: '',
      sections: { subjective: '', objective: '', assessment: '', plan: '' }
    });
    expect(readNote(doc, 'junk')).toBeUndefined();
  });
});

describe('progress notes', () => {
  it('SOAP has four sections and DAP three, each its own text', () => {
    const doc = new Y.Doc();
    const soap = createProgressNote(doc, { template: 'soap', sessionId: 's1', participantId: 'p1', title: 'Sam, week 3', now: 1 });
    const dap = createProgressNote(doc, { template: 'dap', sessionId: 's1', participantId: 'p2', now: 1 });
    expect(setNoteText(doc, soap, 'Reports better sleep.', 2, 'subjective')).toBe(true);
    expect(setNoteText(doc, soap, 'Practise opposite action.', 3, 'plan')).toBe(true);
    expect(setNoteText(doc, dap, 'Shared a homework example.', 4, 'data')).toBe(true);
    expect(setNoteText(doc, dap, 'x', 4, 'subjective')).toBe(false);

    expect(readNote(doc, soap)).toMatchObject({
      kind: 'progress',
      title: 'Sam, week 3',
      sessionId: 's1',
      updatedAt: 3,
      text: '',
      progress: {
        template: 'soap',
        participantId: 'p1',
        sections: { subjective: 'Reports better sleep.', objective: '', assessment: '', plan: 'Practise opposite action.' }
      }
    });
    expect(readNote(doc, dap)?.progress).toEqual({
      template: 'dap',
      participantId: 'p2',
      sections: { data: 'Shared a homework example.', assessment: '', plan: '' }
    });
  });
});

describe('merging edits from two devices', () => {
  it('text typed in two places on two offline devices keeps both', () => {
    const laptop = new Y.Doc();
    const phone = new Y.Doc();
    const id = createNote(laptop, { title: 'Homework', now: 1 });
    setNoteText(laptop, id, 'Noticed the thought. Did the exercise.', 2);
    exchange(laptop, phone);

    setNoteText(laptop, id, 'Noticed the thought at work. Did the exercise.', 3);
    setNoteText(phone, id, 'Noticed the thought. Did the exercise twice.', 4);
    exchange(laptop, phone);

    const expected = 'Noticed the thought at work. Did the exercise twice.';
    expect(readNote(laptop, id)?.text).toBe(expected);
    expect(readNote(phone, id)?.text).toBe(expected);
  });

  it('notes created on both devices while offline are all kept', () => {
    const laptop = new Y.Doc();
    const phone = new Y.Doc();
    createNote(laptop, { title: 'from laptop', now: 1 });
    createNote(phone, { title: 'from phone', now: 2 });
    exchange(laptop, phone);
    expect(listNotes(laptop).map((note) => note.title)).toEqual(['from phone', 'from laptop']);
    expect(listNotes(phone)).toEqual(listNotes(laptop));
  });
});
