/**
 * Keys of group progress notes, with WebCrypto (browsers and Node 20). Pure: no DOM, no storage, no network.
 *
 * - Each facilitator has an ECDH P-256 key pair. The public key (raw, base64) is stored on the server for others to
 *   wrap to; the private key (PKCS#8) is stored encrypted by the person's own notes key (src/lib/core/notes/crypto.ts,
 *   purpose 'facilitator-key'), so it unlocks with the same password or recovery code as the private notes, and a
 *   password change (which re-wraps the notes key only) leaves it untouched.
 * - Each group has one random AES-GCM-256 group notes key. It is stored once per facilitator, wrapped to their
 *   public key: an ephemeral ECDH P-256 key agrees a secret with the recipient's key, HKDF-SHA-256 (random salt,
 *   info binding group and recipient) turns it into an AES-GCM key, which seals the raw group key (the notes
 *   envelope). Any facilitator holding the key can wrap it for a co-facilitator whose public key is on the server.
 * - Note content and each addendum are sealed by the group key with associated data naming the note (and addendum),
 *   so a ciphertext moved to another note or replayed as an addendum does not open.
 */
import { NotesCryptoError, decryptBytes, encryptBytes } from '../notes/crypto';
import { base64ToBytes, bytesToBase64, utf8 } from '../notes/encoding';
import type { AddendumContent, GroupNoteContent } from './content';

const subtle = () => globalThis.crypto.subtle;
const EC = { name: 'ECDH', namedCurve: 'P-256' } as const;
const GROUP_KEY_BYTES = 32;

/** What the server keeps of a facilitator's key pair. */
export interface FacilitatorKeyRecord {
  /** base64 of the raw (uncompressed) P-256 public key. */
  publicKey: string;
  /** base64 of the PKCS#8 private key sealed by the person's notes key. */
  wrappedPrivateKey: string;
}

/** The group notes key wrapped for one facilitator. */
export interface WrappedGroupKey {
  version: 1;
  alg: 'ECDH-P256+HKDF-SHA256+A256GCM';
  /** base64 raw ephemeral public key. */
  ephemeralPublicKey: string;
  /** base64 HKDF salt (16 bytes). */
  salt: string;
  /** base64 envelope holding the raw group key. */
  wrappedKey: string;
}

export interface FacilitatorKeys {
  publicKey: string;
  privateKey: CryptoKey;
}

function ownerContext(userId: string) {
  return { documentId: `facilitator:${userId}`, purpose: 'facilitator-key' } as const;
}

/** A new key pair for a facilitator, its private half sealed by their (unlocked) notes key. */
export async function createFacilitatorKeys(notesKey: CryptoKey, userId: string): Promise<{ keys: FacilitatorKeys; record: FacilitatorKeyRecord }> {
  const pair = (await subtle().generateKey(EC, true, ['deriveBits'])) as CryptoKeyPair;
  const publicKey = bytesToBase64(new Uint8Array(await subtle().exportKey('raw', pair.publicKey)));
  const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey));
  const sealed = await encryptBytes(notesKey, pkcs8, ownerContext(userId));
  const privateKey = await subtle().importKey('pkcs8', pkcs8, EC, false, ['deriveBits']);
  pkcs8.fill(0);
  return { keys: { publicKey, privateKey }, record: { publicKey, wrappedPrivateKey: bytesToBase64(sealed) } };
}

/** Opens a stored key pair with the notes key (non-extractable once imported). */
export async function openFacilitatorKeys(notesKey: CryptoKey, userId: string, record: FacilitatorKeyRecord): Promise<FacilitatorKeys> {
  const pkcs8 = await decryptBytes(notesKey, readBase64(record.wrappedPrivateKey), ownerContext(userId));
  try {
    const privateKey = await subtle().importKey('pkcs8', new Uint8Array(pkcs8), EC, false, ['deriveBits']);
    return { publicKey: record.publicKey, privateKey };
  } catch {
    throw new NotesCryptoError('malformed');
  } finally {
    pkcs8.fill(0);
  }
}

function readBase64(text: string): Uint8Array<ArrayBuffer> {
  try {
    return base64ToBytes(text);
  } catch {
    throw new NotesCryptoError('malformed');
  }
}

const importPublic = (raw: string) =>
  subtle()
    .importKey('raw', readBase64(raw), EC, false, [])
    .catch(() => {
      throw new NotesCryptoError('malformed');
    });

async function kekFor(privateKey: CryptoKey, publicKey: CryptoKey, salt: Uint8Array<ArrayBuffer>, groupId: string, recipientId: string) {
  const shared = await subtle().deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
  const hkdf = await subtle().importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: utf8(`gst-group-notes-key/v1\0${groupId}\0${recipientId}`) },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt']
  );
}

const wrapContext = (groupId: string, recipientId: string) => ({ documentId: `group:${groupId}:${recipientId}`, purpose: 'facilitator-key' as const });

async function wrapRaw(raw: Uint8Array, groupId: string, recipientId: string, recipientPublicKey: string): Promise<WrappedGroupKey> {
  const recipient = await importPublic(recipientPublicKey);
  const ephemeral = (await subtle().generateKey(EC, true, ['deriveBits'])) as CryptoKeyPair;
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const kek = await kekFor(ephemeral.privateKey, recipient, salt, groupId, recipientId);
  const envelope = await encryptBytes(kek, raw, wrapContext(groupId, recipientId));
  return {
    version: 1,
    alg: 'ECDH-P256+HKDF-SHA256+A256GCM',
    ephemeralPublicKey: bytesToBase64(new Uint8Array(await subtle().exportKey('raw', ephemeral.publicKey))),
    salt: bytesToBase64(salt),
    wrappedKey: bytesToBase64(envelope)
  };
}

async function unwrapRaw(wrapped: WrappedGroupKey, groupId: string, me: { userId: string; keys: FacilitatorKeys }): Promise<Uint8Array> {
  if (wrapped?.version !== 1 || wrapped.alg !== 'ECDH-P256+HKDF-SHA256+A256GCM') throw new NotesCryptoError('unsupported_version');
  const kek = await kekFor(me.keys.privateKey, await importPublic(wrapped.ephemeralPublicKey), readBase64(wrapped.salt), groupId, me.userId);
  const raw = await decryptBytes(kek, readBase64(wrapped.wrappedKey), wrapContext(groupId, me.userId));
  if (raw.byteLength !== GROUP_KEY_BYTES) throw new NotesCryptoError('malformed');
  return raw;
}

const importGroupKey = (raw: Uint8Array) =>
  subtle().importKey('raw', new Uint8Array(raw), { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

/** The first facilitator to write a group's notes makes its key, wrapped for themselves. */
export async function createGroupKey(groupId: string, me: { userId: string; keys: FacilitatorKeys }): Promise<{ key: CryptoKey; wrapped: WrappedGroupKey }> {
  const raw = globalThis.crypto.getRandomValues(new Uint8Array(GROUP_KEY_BYTES));
  try {
    return { key: await importGroupKey(raw), wrapped: await wrapRaw(raw, groupId, me.userId, me.keys.publicKey) };
  } finally {
    raw.fill(0);
  }
}

export async function openGroupKey(wrapped: WrappedGroupKey, groupId: string, me: { userId: string; keys: FacilitatorKeys }): Promise<CryptoKey> {
  const raw = await unwrapRaw(wrapped, groupId, me);
  try {
    return await importGroupKey(raw);
  } finally {
    raw.fill(0);
  }
}

/** Shares the group key: unwraps my copy and wraps it for a co-facilitator's public key. */
export async function shareGroupKey(
  mine: WrappedGroupKey,
  groupId: string,
  me: { userId: string; keys: FacilitatorKeys },
  recipient: { userId: string; publicKey: string }
): Promise<WrappedGroupKey> {
  const raw = await unwrapRaw(mine, groupId, me);
  try {
    return await wrapRaw(raw, groupId, recipient.userId, recipient.publicKey);
  } finally {
    raw.fill(0);
  }
}

const noteContext = (noteId: string) => ({ documentId: `group-note:${noteId}`, purpose: 'group-note' as const });
const addendumContext = (noteId: string, addendumId: string) => ({
  documentId: `group-note:${noteId}:${addendumId}`,
  purpose: 'group-note-addendum' as const
});

async function seal(key: CryptoKey, value: unknown, context: Parameters<typeof encryptBytes>[2]): Promise<string> {
  return bytesToBase64(await encryptBytes(key, utf8(JSON.stringify(value)), context));
}

async function unseal<T>(key: CryptoKey, ciphertext: string, context: Parameters<typeof decryptBytes>[2]): Promise<T> {
  const bytes = await decryptBytes(key, readBase64(ciphertext), context);
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}

export const encryptNote = (key: CryptoKey, noteId: string, content: GroupNoteContent) => seal(key, content, noteContext(noteId));
export const decryptNote = (key: CryptoKey, noteId: string, ciphertext: string) => unseal<GroupNoteContent>(key, ciphertext, noteContext(noteId));
export const encryptAddendum = (key: CryptoKey, noteId: string, addendumId: string, content: AddendumContent) =>
  seal(key, content, addendumContext(noteId, addendumId));
export const decryptAddendum = (key: CryptoKey, noteId: string, addendumId: string, ciphertext: string) =>
  unseal<AddendumContent>(key, ciphertext, addendumContext(noteId, addendumId));

/**
 * Key rotation after a facilitator left the group (removed or demoted). The server cannot rotate (it never has the
 * key), so the next remaining facilitator who holds the current key does it in their browser: a new random group key,
 * wrapped only for the remaining holders. Older versions stay with the remaining facilitators (their copies are kept;
 * the departed person's are deleted by the server), so notes written before stay readable; new ones use the new key.
 */
export async function rotateGroupKey(
  groupId: string,
  recipients: ReadonlyArray<{ userId: string; publicKey: string }>
): Promise<{ key: CryptoKey; wrapped: Array<{ userId: string; wrappedKey: WrappedGroupKey }> }> {
  const raw = globalThis.crypto.getRandomValues(new Uint8Array(GROUP_KEY_BYTES));
  try {
    const wrapped = await Promise.all(recipients.map(async (r) => ({ userId: r.userId, wrappedKey: await wrapRaw(raw, groupId, r.userId, r.publicKey) })));
    return { key: await importGroupKey(raw), wrapped };
  } finally {
    raw.fill(0);
  }
}

/**
 * Who a rotation must wrap the new key for: every facilitator still in the group who holds the current version (the
 * server has already dropped the departed person's copies), the rotating facilitator included. Refuses when one of
 * them has no public key (it cannot happen for a holder, who needed one to receive the key).
 */
export function rotationRecipients(
  facilitators: ReadonlyArray<{ userId: string; publicKey: string | null; hasKey: boolean }>,
  me: string
): Array<{ userId: string; publicKey: string }> {
  const holders = facilitators.filter((f) => f.hasKey);
  if (!holders.some((f) => f.userId === me)) throw new NotesCryptoError('malformed', 'Only a facilitator who holds the current key can renew it.');
  return holders.map((f) => {
    if (!f.publicKey) throw new NotesCryptoError('malformed', 'A key holder has no public key.');
    return { userId: f.userId, publicKey: f.publicKey };
  });
}
