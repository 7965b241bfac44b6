/**
 * What the group notes API accepts and answers (server/routes/group-notes.ts). The server checks form and size
 * only: note content, addenda and wrapped keys are ciphertext it cannot read. Signer and time always come from the
 * server: a body naming a signer is read without those fields.
 */
import { z } from 'zod';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const base64 = (maxChars: number) => z.string().min(4).max(maxChars, 'Too large.').regex(BASE64, 'Not base64.');
const hash = z.string().regex(/^[0-9a-f]{64}$/, 'A SHA-256 hash in lowercase hex.');
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'A lowercase UUID.');

/** An encrypted note of a large group with long sections stays well under this. */
export const MAX_NOTE_CIPHERTEXT_CHARS = 700_000;
export const MAX_ADDENDUM_CIPHERTEXT_CHARS = 100_000;
/** The routes' own body limit (they skip the API's general one). */
export const GROUP_NOTES_BODY_BYTES = MAX_NOTE_CIPHERTEXT_CHARS + 16 * 1024;

export const facilitatorKeySchema = z.strictObject({
  publicKey: base64(200),
  wrappedPrivateKey: base64(1000)
});

export const wrappedGroupKeySchema = z.strictObject({
  version: z.literal(1),
  alg: z.literal('ECDH-P256+HKDF-SHA256+A256GCM'),
  ephemeralPublicKey: base64(200),
  salt: base64(64),
  wrappedKey: base64(200)
});

export const signingKeySchema = z.strictObject({
  keyId: hash,
  publicKey: base64(200),
  wrappedPrivateKey: base64(1000)
});

/** Which version of the group's notes key a ciphertext is sealed with (1 until the first rotation). */
const keyVersion = z.number().int().min(1).max(1_000_000);
export const putGroupKeySchema = z.strictObject({ userId: uuid, wrappedKey: wrappedGroupKeySchema, keyVersion: keyVersion.optional() });
/** A rotated key, wrapped for each remaining holder of `fromVersion`. */
export const rotateGroupKeySchema = z.strictObject({
  fromVersion: keyVersion,
  keys: z.array(z.strictObject({ userId: uuid, wrappedKey: wrappedGroupKeySchema })).min(1).max(50)
});

/** The signer's ECDSA P-256 signature (base64 of 64 bytes) of the statement in ./signing.ts, and their key's id. */
const signatureFields = { signature: base64(100), keyId: hash };

export const createNoteSchema = z.strictObject({ id: uuid, sessionId: uuid, ciphertext: base64(MAX_NOTE_CIPHERTEXT_CHARS), keyVersion: keyVersion.default(1) });
export const updateNoteSchema = z.strictObject({
  ciphertext: base64(MAX_NOTE_CIPHERTEXT_CHARS),
  expectedRevision: z.number().int().min(1),
  keyVersion: keyVersion.default(1)
});
/** Not strict: fields such as signedBy or signedAt in the body are dropped, never used. */
export const signNoteSchema = z.object({
  ciphertext: base64(MAX_NOTE_CIPHERTEXT_CHARS),
  contentHash: hash,
  expectedRevision: z.number().int().min(1),
  keyVersion: keyVersion.default(1),
  ...signatureFields
});
export const addendumSchema = z.object({
  id: uuid,
  ciphertext: base64(MAX_ADDENDUM_CIPHERTEXT_CHARS),
  contentHash: hash,
  keyVersion: keyVersion.default(1),
  ...signatureFields
});

export interface SignatureView {
  signedBy: string;
  signerName: string;
  signedAt: string;
  /** SHA-256 (hex) of the plaintext's canonical JSON, as the signer's browser computed it. */
  contentHash: string;
  /** SHA-256 (hex) of the ciphertext bytes, computed by the server when it stored them. */
  ciphertextHash: string;
  /** The signer's own signature (base64) of the statement in ./signing.ts; null on notes signed before signing keys. */
  signature: string | null;
  keyId: string | null;
  /** The registered public key of `keyId` (raw, base64), for the reader's browser to verify with. */
  publicKey: string | null;
}

export interface AddendumView {
  id: string;
  ciphertext: string;
  keyVersion: number;
  signature: SignatureView;
}

export interface GroupNoteView {
  id: string;
  groupId: string;
  sessionId: string;
  sessionTitle: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
  ciphertext: string;
  keyVersion: number;
  signature: SignatureView | null;
  addenda: AddendumView[];
}

export interface GroupNoteSummary {
  id: string;
  sessionId: string;
  revision: number;
  signature: SignatureView | null;
  addendaCount: number;
}

export interface NotesKeysAnswer {
  /** My copy of the group key's current version, or null (none yet, or not shared with me). */
  mine: z.output<typeof wrappedGroupKeySchema> | null;
  /** Every version I hold (older ones open older notes), oldest first. */
  versions: Array<{ keyVersion: number; wrappedKey: z.output<typeof wrappedGroupKeySchema> }>;
  /** The version new notes are written with. */
  currentVersion: number;
  /** Since when a rotation is due (a facilitator who held the key left); null when none is. */
  rotationDueSince: string | null;
  /** Whether any facilitator holds the current version (else the first to write makes it). */
  groupHasKey: boolean;
  /** hasKey: holds the current version; versions: which versions they hold. */
  facilitators: Array<{ userId: string; displayName: string; role: string; publicKey: string | null; hasKey: boolean; versions: number[] }>;
}

/** Prefill material for a session's note (server data: attendance stays, scores, check-ins). */
export interface PrefillAnswer {
  session: { id: string; title: string; startedAt: string; endedAt: string };
  attendees: Array<{
    userId: string;
    name: string;
    stays: Array<{ joinedAt: string; leftAt: string | null }>;
    scores: Array<{ measure: string; total: number | null; band: string | null }>;
    checkedIn: boolean;
  }>;
}
