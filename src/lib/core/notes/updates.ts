/**
 * Yjs updates of the notes document, encrypted before they leave the browser and decrypted when they come back,
 * and client-side compaction (the server cannot read the updates, so the client writes the snapshot).
 * Pure: yjs + crypto.ts.
 */
import * as Y from 'yjs';
import { NotesCryptoError, decryptBytes, encryptBytes } from './crypto';
import { base64ToBytes, bytesToBase64 } from './encoding';
import type { EncryptedEntry, SnapshotRequest } from './sync-contract';

/** Transaction origin for updates that came from storage or the server: they must not be encrypted and sent again. */
export const FROM_ELSEWHERE = Symbol('notes: applied from storage or server');

export type EntryKind = EncryptedEntry['kind'];

/** An envelope with its kind, as bytes (the offline store) rather than base64 (the wire). */
export interface SealedEntry {
  kind: EntryKind;
  envelope: Uint8Array;
}

export function encryptUpdate(key: CryptoKey, documentId: string, update: Uint8Array): Promise<Uint8Array> {
  return encryptBytes(key, update, { documentId, purpose: 'update' });
}

/** The whole state of the document, encrypted: what compaction stores in place of the updates it covers. */
export function encryptSnapshot(key: CryptoKey, documentId: string, doc: Y.Doc): Promise<Uint8Array> {
  return encryptBytes(key, Y.encodeStateAsUpdate(doc), { documentId, purpose: 'snapshot' });
}

export function decryptEntry(key: CryptoKey, documentId: string, entry: SealedEntry): Promise<Uint8Array> {
  return decryptBytes(key, entry.envelope, { documentId, purpose: entry.kind });
}

/**
 * Decrypts every entry first (so one bad entry changes nothing and throws NotesCryptoError), then applies them in
 * one transaction with origin FROM_ELSEWHERE. Applying an update twice is harmless in Yjs.
 */
export async function applySealedEntries(
  doc: Y.Doc,
  key: CryptoKey,
  documentId: string,
  entries: readonly SealedEntry[]
): Promise<void> {
  const updates = await Promise.all(entries.map((entry) => decryptEntry(key, documentId, entry)));
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update);
  }, FROM_ELSEWHERE);
}

/** Calls `listener` with each update made on this device (not those applied from storage or the server). */
export function onLocalUpdate(doc: Y.Doc, listener: (update: Uint8Array) => void): () => void {
  const handler = (update: Uint8Array, origin: unknown) => {
    if (origin !== FROM_ELSEWHERE) listener(update);
  };
  doc.on('update', handler);
  return () => doc.off('update', handler);
}

/** The compaction request for the server: the encrypted state, covering every update up to `coversUpdateId`. */
export async function buildSnapshotRequest(
  key: CryptoKey,
  documentId: string,
  doc: Y.Doc,
  coversUpdateId: number
): Promise<SnapshotRequest> {
  return { ciphertext: bytesToBase64(await encryptSnapshot(key, documentId, doc)), coversUpdateId };
}

export function toWire(kind: EntryKind, envelope: Uint8Array): Pick<EncryptedEntry, 'kind' | 'ciphertext'> {
  return { kind, ciphertext: bytesToBase64(envelope) };
}

/** Reads an entry from the wire; decryptEntry then checks that it is authentic and belongs here. */
export function fromWire(entry: Pick<EncryptedEntry, 'kind' | 'ciphertext'>): SealedEntry {
  if (entry.kind !== 'update' && entry.kind !== 'snapshot') throw new NotesCryptoError('malformed');
  try {
    return { kind: entry.kind, envelope: base64ToBytes(entry.ciphertext) };
  } catch {
    throw new NotesCryptoError('malformed');
  }
}
