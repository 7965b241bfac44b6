import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NotesCryptoError, createNotesKey } from './crypto';
import { base64ToBytes } from './encoding';
import { createNote, deleteNote, listNotes, readNote, setNoteText } from './model';
import {
  applySealedEntries,
  buildSnapshotRequest,
  encryptSnapshot,
  encryptUpdate,
  fromWire,
  onLocalUpdate,
  toWire,
  type SealedEntry
} from './updates';

const documentId = 'doc-notes-1';
const fast = { testOnlyIterations: 1_000 };
const contains = (bytes: Uint8Array, word: string) => Buffer.from(bytes).includes(Buffer.from(word));

async function keyFor() {
  return (await createNotesKey('pw', fast)).key;
}

describe('encrypted updates', () => {
  it('every local update is encrypted, carries no plaintext, and rebuilds the notes elsewhere', async () => {
    const key = await keyFor();
    const laptop = new Y.Doc();
    const sealed: SealedEntry[] = [];
    const pending: Promise<void>[] = [];
    onLocalUpdate(laptop, (update) => {
      pending.push(encryptUpdate(key, documentId, update).then((envelope) => void sealed.push({ kind: 'update', envelope })));
    });
    const id = createNote(laptop, { title: 'CANARY title', now: 1 });
    setNoteText(laptop, id, 'CANARY text', 2);
    await Promise.all(pending);

    expect(sealed).toHaveLength(2);
    for (const entry of sealed) expect(contains(entry.envelope, 'CANARY')).toBe(false);

    const phone = new Y.Doc();
    await applySealedEntries(phone, key, documentId, sealed.map((entry) => fromWire(toWire(entry.kind, entry.envelope))));
    expect(readNote(phone, id)).toMatchObject({ title: 'CANARY title', text: 'CANARY text' });
  });

  it('updates applied from elsewhere are not reported as local (no echo back to the server)', async () => {
    const key = await keyFor();
    const source = new Y.Doc();
    createNote(source, { title: 'remote', now: 1 });
    const envelope = await encryptUpdate(key, documentId, Y.encodeStateAsUpdate(source));

    const doc = new Y.Doc();
    const local: Uint8Array[] = [];
    onLocalUpdate(doc, (update) => local.push(update));
    await applySealedEntries(doc, key, documentId, [{ kind: 'update', envelope }]);
    expect(listNotes(doc)).toHaveLength(1);
    expect(local).toHaveLength(0);
    createNote(doc, { title: 'mine', now: 2 });
    expect(local).toHaveLength(1);
  });

  it('one bad entry changes nothing and says why', async () => {
    const key = await keyFor();
    const source = new Y.Doc();
    createNote(source, { title: 'good', now: 1 });
    const good = await encryptUpdate(key, documentId, Y.encodeStateAsUpdate(source));
    const misplaced = await encryptUpdate(key, 'another-document', Y.encodeStateAsUpdate(source));

    const doc = new Y.Doc();
    const error = await applySealedEntries(doc, key, documentId, [
      { kind: 'update', envelope: good },
      { kind: 'update', envelope: misplaced }
    ]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotesCryptoError);
    expect((error as NotesCryptoError).code).toBe('tampered_or_misplaced');
    expect(listNotes(doc)).toEqual([]);
  });

  it('an update cannot be passed off as a snapshot', async () => {
    const key = await keyFor();
    const envelope = await encryptUpdate(key, documentId, Y.encodeStateAsUpdate(new Y.Doc()));
    await expect(applySealedEntries(new Y.Doc(), key, documentId, [{ kind: 'snapshot', envelope }])).rejects.toThrow(
      NotesCryptoError
    );
  });

  it('fromWire refuses unknown kinds and text that is not base64', () => {
    expect(() => fromWire({ kind: 'other' as 'update', ciphertext: 'AAAA' })).toThrow(NotesCryptoError);
    expect(() => fromWire({ kind: 'update', ciphertext: '***' })).toThrow(NotesCryptoError);
  });
});

describe('client-side compaction', () => {
  it('a snapshot rebuilds the same notes, and drops the text of deleted notes', async () => {
    const key = await keyFor();
    const doc = new Y.Doc();
    const kept = createNote(doc, { title: 'kept', now: 1 });
    setNoteText(doc, kept, 'still here', 2);
    const removed = createNote(doc, { title: 'removed', now: 3 });
    setNoteText(doc, removed, 'SECRETWORD', 4);
    deleteNote(doc, removed);

    const request = await buildSnapshotRequest(key, documentId, doc, 42);
    expect(request.coversUpdateId).toBe(42);

    const fresh = new Y.Doc();
    await applySealedEntries(fresh, key, documentId, [fromWire({ kind: 'snapshot', ciphertext: request.ciphertext })]);
    expect(listNotes(fresh)).toEqual(listNotes(doc));
    expect(contains(Y.encodeStateAsUpdate(fresh), 'SECRETWORD')).toBe(false);
    expect(contains(base64ToBytes(request.ciphertext), 'still here')).toBe(false);
  });

  it('snapshot and later updates applied in any order converge', async () => {
    const key = await keyFor();
    const doc = new Y.Doc();
    const id = createNote(doc, { title: 'n', now: 1 });
    const snapshot = await encryptSnapshot(key, documentId, doc);
    const later: Uint8Array[] = [];
    onLocalUpdate(doc, (update) => later.push(update));
    setNoteText(doc, id, 'after the snapshot', 2);
    const update = await encryptUpdate(key, documentId, later[0]);

    const other = new Y.Doc();
    await applySealedEntries(other, key, documentId, [{ kind: 'update', envelope: update }]);
    await applySealedEntries(other, key, documentId, [{ kind: 'snapshot', envelope: snapshot }]);
    expect(readNote(other, id)?.text).toBe('after the snapshot');
  });
});
