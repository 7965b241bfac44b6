/**
 * Facilitators' own signatures on group notes and addenda, with WebCrypto (browsers and Node 20). Pure.
 *
 * - Each facilitator has an ECDSA P-256 signing key pair, apart from their ECDH key (./keys.ts: one key, one use). The
 *   public key (raw, base64) is registered on the server; its id is the SHA-256 (hex) of those raw bytes, so anyone can
 *   check that an id names that key. The private key (PKCS#8) is sealed by the person's own notes key, like the ECDH
 *   one (associated data `facilitator-key` + `signing:<user>`), so it opens with their password or recovery code.
 * - What is signed is a statement (canonical JSON, sorted keys, with a domain prefix) naming the kind (note or
 *   addendum), the group, the note (and addendum), the signer and their key id, the SHA-256 of the plaintext's canonical
 *   JSON and the SHA-256 of the ciphertext bytes. So a signature cannot be moved to another note, another addendum or
 *   another signer, and neither the text nor the stored ciphertext can change without it failing. The time is the
 *   server's record and is not signed (the browser cannot know it before the server stores it).
 */
import { NotesCryptoError, decryptBytes, encryptBytes } from '../notes/crypto';
import { base64ToBytes, bytesToBase64, utf8 } from '../notes/encoding';
import { canonicalJson, sha256Hex } from './content';

const subtle = () => globalThis.crypto.subtle;
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DOMAIN = 'gst-group-note-signature/v1\n';

/** What the server keeps of a facilitator's signing key. */
export interface SigningKeyRecord {
  /** SHA-256 (hex) of the raw public key. */
  keyId: string;
  /** base64 of the raw (uncompressed) P-256 public key. */
  publicKey: string;
  /** base64 of the PKCS#8 private key sealed by the person's notes key. */
  wrappedPrivateKey: string;
}

export interface SigningKey {
  keyId: string;
  publicKey: string;
  privateKey: CryptoKey;
}

/** The statement a signature covers. */
export interface SignedStatement {
  kind: 'group-note' | 'group-note-addendum';
  groupId: string;
  noteId: string;
  /** Null for the note itself. */
  addendumId: string | null;
  signerId: string;
  keyId: string;
  /** SHA-256 (hex) of the plaintext's canonical JSON. */
  contentHash: string;
  /** SHA-256 (hex) of the ciphertext bytes as stored. */
  ciphertextHash: string;
}

const context = (userId: string) => ({ documentId: `signing:${userId}`, purpose: 'facilitator-key' } as const);

function readBase64(text: string): Uint8Array<ArrayBuffer> {
  try {
    return base64ToBytes(text);
  } catch {
    throw new NotesCryptoError('malformed');
  }
}

/** The id of a raw public key (base64): SHA-256 hex of its bytes. */
export const signingKeyId = (publicKey: string) => sha256Hex(readBase64(publicKey));

/** Imports a raw P-256 public key for verifying; throws NotesCryptoError('malformed') when it is not one. */
export const importVerifyKey = (publicKey: string) =>
  subtle()
    .importKey('raw', readBase64(publicKey), ECDSA, false, ['verify'])
    .catch(() => {
      throw new NotesCryptoError('malformed');
    });

/** A new signing key pair, its private half sealed by the (unlocked) notes key. */
export async function createSigningKey(notesKey: CryptoKey, userId: string): Promise<{ key: SigningKey; record: SigningKeyRecord }> {
  const pair = (await subtle().generateKey(ECDSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const publicKey = bytesToBase64(new Uint8Array(await subtle().exportKey('raw', pair.publicKey)));
  const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey));
  try {
    const sealed = await encryptBytes(notesKey, pkcs8, context(userId));
    const privateKey = await subtle().importKey('pkcs8', pkcs8, ECDSA, false, ['sign']);
    const keyId = await signingKeyId(publicKey);
    return { key: { keyId, publicKey, privateKey }, record: { keyId, publicKey, wrappedPrivateKey: bytesToBase64(sealed) } };
  } finally {
    pkcs8.fill(0);
  }
}

/** Opens a stored signing key with the notes key (non-extractable once imported). */
export async function openSigningKey(notesKey: CryptoKey, userId: string, record: SigningKeyRecord): Promise<SigningKey> {
  if ((await signingKeyId(record.publicKey)) !== record.keyId) throw new NotesCryptoError('malformed');
  const pkcs8 = await decryptBytes(notesKey, readBase64(record.wrappedPrivateKey), context(userId));
  try {
    const privateKey = await subtle().importKey('pkcs8', new Uint8Array(pkcs8), ECDSA, false, ['sign']);
    return { keyId: record.keyId, publicKey: record.publicKey, privateKey };
  } catch {
    throw new NotesCryptoError('malformed');
  } finally {
    pkcs8.fill(0);
  }
}

/** The exact bytes signed: a domain prefix, then the statement's canonical JSON. */
export function statementBytes(statement: SignedStatement): Uint8Array<ArrayBuffer> {
  const { kind, groupId, noteId, addendumId, signerId, keyId, contentHash, ciphertextHash } = statement;
  return utf8(DOMAIN + canonicalJson({ kind, groupId, noteId, addendumId, signerId, keyId, contentHash, ciphertextHash }));
}

/** Signs a statement with the signer's own key; base64 of the 64-byte (r ‖ s) signature. */
export async function signStatement(key: SigningKey, statement: SignedStatement): Promise<string> {
  if (statement.keyId !== key.keyId) throw new NotesCryptoError('malformed', 'The statement names another key.');
  return bytesToBase64(new Uint8Array(await subtle().sign(SIGN, key.privateKey, statementBytes(statement))));
}

/**
 * Whether `signature` is a valid signature of `statement` by `publicKey`, and the statement's key id names that key.
 * False (never a throw) for anything malformed.
 */
export async function verifyStatement(publicKey: string, statement: SignedStatement, signature: string): Promise<boolean> {
  try {
    if ((await signingKeyId(publicKey)) !== statement.keyId) return false;
    const key = await importVerifyKey(publicKey);
    const bytes = readBase64(signature);
    if (bytes.byteLength !== 64) return false;
    return await subtle().verify(SIGN, key, bytes, statementBytes(statement));
  } catch {
    return false;
  }
}
