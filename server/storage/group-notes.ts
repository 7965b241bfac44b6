/**
 * Storage of group progress notes (src/lib/core/group-notes): facilitators' public keys and sealed private keys, each
 * group's notes key wrapped per facilitator, and the encrypted notes with their signatures and signed addenda.
 * Every note and addendum byte is ciphertext made in the browser: nothing here may parse it.
 */
import type { FacilitatorKeyRecord, WrappedGroupKey } from '../../src/lib/core/group-notes/keys';

export interface Signature {
  signedBy: string;
  signerName: string;
  signedAt: Date;
  contentHash: string;
  ciphertextHash: string;
}

export interface AddendumRecord {
  id: string;
  noteId: string;
  ciphertext: Uint8Array;
  signature: Signature;
}

export interface GroupNoteRecord {
  id: string;
  groupId: string;
  sessionId: string;
  createdBy: string;
  ciphertext: Uint8Array;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  signature: Signature | null;
}

export type NoteWrite =
  | { ok: true; note: GroupNoteRecord }
  | { ok: false; reason: 'not_found' | 'signed' | 'stale_revision' };

export interface GroupNotesStorage {
  facilitatorKey(userId: string): Promise<FacilitatorKeyRecord | undefined>;
  /** Stores the first key pair; false when the person already has one (it is never replaced silently). */
  putFacilitatorKey(userId: string, record: FacilitatorKeyRecord): Promise<boolean>;
  /** Public keys of these users (those who have one). */
  publicKeys(userIds: string[]): Promise<Map<string, string>>;

  groupKey(groupId: string, userId: string): Promise<WrappedGroupKey | undefined>;
  /** Who holds a copy of the group's key. */
  groupKeyHolders(groupId: string): Promise<string[]>;
  /** Stores a wrapped copy for `userId`; false when they already have one. */
  putGroupKey(groupId: string, userId: string, wrapped: WrappedGroupKey, wrappedBy: string, at: Date): Promise<boolean>;
  /** The first copy of a group's key: only when nobody holds one yet (serialised per group). */
  createGroupKey(groupId: string, userId: string, wrapped: WrappedGroupKey, at: Date): Promise<boolean>;

  /** Undefined when the session already has a note (or the id is taken). */
  createNote(note: Pick<GroupNoteRecord, 'id' | 'groupId' | 'sessionId' | 'createdBy' | 'ciphertext'>, at: Date): Promise<GroupNoteRecord | undefined>;
  note(id: string): Promise<GroupNoteRecord | undefined>;
  notesForGroup(groupId: string): Promise<Array<GroupNoteRecord & { addendaCount: number }>>;
  /** A draft's new ciphertext; refused once signed or when another device saved meanwhile. */
  updateNote(id: string, ciphertext: Uint8Array, expectedRevision: number, at: Date): Promise<NoteWrite>;
  /** The final ciphertext and the signature in one conditional update. */
  signNote(id: string, ciphertext: Uint8Array, expectedRevision: number, signature: Signature): Promise<NoteWrite>;
  /** Undefined when the id is taken. */
  addAddendum(addendum: AddendumRecord): Promise<AddendumRecord | undefined>;
  addenda(noteId: string): Promise<AddendumRecord[]>;
}
