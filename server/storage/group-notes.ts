/**
 * Storage of group progress notes (src/lib/core/group-notes): facilitators' public keys and sealed private keys, each
 * group's notes key wrapped per facilitator, and the encrypted notes with their signatures and signed addenda.
 * Every note and addendum byte is ciphertext made in the browser: nothing here may parse it.
 */
import type { FacilitatorKeyRecord, WrappedGroupKey } from '../../src/lib/core/group-notes/keys';
import type { SigningKeyRecord } from '../../src/lib/core/group-notes/signing';

export interface Signature {
  signedBy: string;
  signerName: string;
  signedAt: Date;
  contentHash: string;
  ciphertextHash: string;
  /** The signer's own ECDSA signature (base64) and key id; null on notes signed before signing keys existed. */
  signature: string | null;
  signingKeyId: string | null;
}

/** Which key version new notes use, and since when a rotation is due (a key holder left), if it is. */
export interface KeyState {
  currentVersion: number;
  rotationDueSince: Date | null;
}

export type RotationResult = { ok: true; version: number } | { ok: false; reason: 'stale_version' | 'not_due' | 'recipients' };

export interface AddendumRecord {
  id: string;
  noteId: string;
  ciphertext: Uint8Array;
  keyVersion: number;
  signature: Signature;
}

export interface GroupNoteRecord {
  id: string;
  groupId: string;
  sessionId: string;
  createdBy: string;
  ciphertext: Uint8Array;
  keyVersion: number;
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

  /** A facilitator's signing key (one per person). */
  signingKeyOf(userId: string): Promise<SigningKeyRecord | undefined>;
  /** Stores the first signing key; false when the person already has one. */
  putSigningKey(userId: string, record: SigningKeyRecord): Promise<boolean>;
  /** Signing keys by id, with their owner (for verifying signatures and showing them to readers). */
  signingKeys(keyIds: string[]): Promise<Map<string, { userId: string; publicKey: string }>>;

  keyState(groupId: string): Promise<KeyState>;
  /** My copy of one version of the group's key (the current one when no version is given). */
  groupKey(groupId: string, userId: string, keyVersion?: number): Promise<WrappedGroupKey | undefined>;
  /** Every version I hold, oldest first. */
  groupKeys(groupId: string, userId: string): Promise<Array<{ keyVersion: number; wrappedKey: WrappedGroupKey }>>;
  /** Every copy of the group's key: who holds which version. */
  keyCopies(groupId: string): Promise<Array<{ userId: string; keyVersion: number }>>;
  /** Who holds a copy of this version of the group's key (the current one when none is given). */
  groupKeyHolders(groupId: string, keyVersion?: number): Promise<string[]>;
  /** Stores a wrapped copy of one version for `userId`; false when they already have that one. */
  putGroupKey(groupId: string, userId: string, wrapped: WrappedGroupKey, wrappedBy: string, at: Date, keyVersion: number): Promise<boolean>;
  /**
   * The first copy of a group's key: only when nobody holds any copy (serialised per group). Its version is 1, or the
   * next one when earlier versions exist but every holder has left. Undefined when refused.
   */
  createGroupKey(groupId: string, userId: string, wrapped: WrappedGroupKey, at: Date): Promise<number | undefined>;
  /**
   * A facilitator who may have held the key left (removed or demoted): their copies of every version are deleted
   * and, when they had any, a rotation becomes due. Returns how many copies were deleted.
   */
  facilitatorLeft(groupId: string, userId: string, at: Date): Promise<number>;
  /**
   * Stores a rotated key (version fromVersion + 1) for exactly the remaining holders of fromVersion, in one
   * transaction serialised on the group's key state; the new version becomes current and the rotation is done.
   */
  rotate(groupId: string, fromVersion: number, keys: Array<{ userId: string; wrappedKey: WrappedGroupKey }>, by: string, at: Date): Promise<RotationResult>;

  /** Undefined when the session already has a note (or the id is taken). */
  createNote(note: Pick<GroupNoteRecord, 'id' | 'groupId' | 'sessionId' | 'createdBy' | 'ciphertext' | 'keyVersion'>, at: Date): Promise<GroupNoteRecord | undefined>;
  note(id: string): Promise<GroupNoteRecord | undefined>;
  notesForGroup(groupId: string): Promise<Array<GroupNoteRecord & { addendaCount: number }>>;
  /** A draft's new ciphertext; refused once signed or when another device saved meanwhile. */
  updateNote(id: string, ciphertext: Uint8Array, keyVersion: number, expectedRevision: number, at: Date): Promise<NoteWrite>;
  /** The final ciphertext and the signature in one conditional update. */
  signNote(id: string, ciphertext: Uint8Array, keyVersion: number, expectedRevision: number, signature: Signature): Promise<NoteWrite>;
  /** Undefined when the id is taken. */
  addAddendum(addendum: AddendumRecord): Promise<AddendumRecord | undefined>;
  addenda(noteId: string): Promise<AddendumRecord[]>;
}
