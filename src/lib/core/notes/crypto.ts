/**
 * End-to-end encryption of private notes, in the browser, with WebCrypto (globalThis.crypto.subtle: browsers and
 * Node 20). Pure: no DOM, no storage, no network.
 *
 * Keys
 * - Each person has ONE random 256-bit AES-GCM notes key. It is never stored or sent in the clear, and once unlocked
 *   it lives in memory as a non-extractable CryptoKey (script cannot read its bytes back).
 * - It is stored wrapped (encrypted) by a key-encryption key derived from a secret with PBKDF2-SHA-256:
 *   the password (at least MIN_PBKDF2_ITERATIONS iterations, a fresh random 16-byte salt per wrapping) and,
 *   optionally, a recovery code (30 random Crockford base32 characters = 150 bits, shown as 6 groups of 5).
 *   The iteration count is recorded with each wrapping so it can rise later (see `needsStrongerWrapping`).
 * - A password change or a new recovery code re-wraps the same notes key: the notes themselves are not re-encrypted.
 *   Losing both the password and the recovery code loses the notes; nobody (including the server) can recover them.
 *
 * Envelope (every ciphertext this module makes, data and wrapped keys alike):
 *
 *   byte 0        ENVELOPE_VERSION (1)
 *   bytes 1..12   IV: 96 random bits, fresh for every encryption
 *   bytes 13..    AES-GCM-256 ciphertext followed by its 128-bit tag
 *
 * The associated data (authenticated, not stored) binds a ciphertext to where it belongs:
 *   data:         "gst-notes/v1" NUL purpose NUL documentId    (purpose: 'update' | 'snapshot' | group-notes ones)
 *   wrapped key:  "gst-notes-key/v1" NUL method                 (method: 'password' | 'recovery_code')
 * so a ciphertext copied into another note, or an update replayed as a snapshot, is refused like a tampered one.
 * Wrong keys, flipped bits, a changed IV or other associated data all fail the GCM tag: nothing is ever returned
 * that was not encrypted under this key for this place.
 */
import { base64ToBytes, bytesToBase64, normalizeBase32, randomBase32, utf8 } from './encoding';

export const ENVELOPE_VERSION = 1;
export const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES;
export const NOTES_KEY_BYTES = 32;
export const SALT_BYTES = 16;

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. Wrappings below it are refused. */
export const MIN_PBKDF2_ITERATIONS = 600_000;
/** What new wrappings use; raise it over time (old wrappings are re-wrapped at the next unlock). */
export const CURRENT_PBKDF2_ITERATIONS = 600_000;
/** A wrapping asking for more is refused: a hostile server could otherwise freeze the page. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;

export const RECOVERY_CODE_GROUPS = 6;
export const RECOVERY_CODE_GROUP_LENGTH = 5;
const RECOVERY_CODE_LENGTH = RECOVERY_CODE_GROUPS * RECOVERY_CODE_GROUP_LENGTH;

export type NotesCryptoErrorCode =
  | 'wrong_password'
  | 'wrong_recovery_code'
  | 'malformed_recovery_code'
  | 'tampered_or_misplaced'
  | 'unsupported_version'
  | 'weak_parameters'
  | 'malformed'
  | 'locked'
  | 'not_set_up';

const ERROR_MESSAGES: Record<NotesCryptoErrorCode, string> = {
  wrong_password: 'That password did not unlock your notes. Check it and try again.',
  wrong_recovery_code: 'That recovery code did not unlock your notes. Check it and try again.',
  malformed_recovery_code: `A recovery code has ${RECOVERY_CODE_LENGTH} letters and digits in ${RECOVERY_CODE_GROUPS} groups of ${RECOVERY_CODE_GROUP_LENGTH}.`,
  tampered_or_misplaced:
    'This note could not be decrypted: it was changed, belongs to another note, or was locked with another key.',
  unsupported_version: 'This note was saved by a newer version of the app. Please reload the page.',
  weak_parameters: 'The stored key settings are not safe enough to use.',
  malformed: 'This encrypted data is damaged and cannot be read.',
  locked: 'Your notes are locked. Enter your password to open them.',
  not_set_up: 'Private notes are not set up yet for this account.'
};

export class NotesCryptoError extends Error {
  readonly code: NotesCryptoErrorCode;

  constructor(code: NotesCryptoErrorCode, message = ERROR_MESSAGES[code]) {
    super(message);
    this.name = 'NotesCryptoError';
    this.code = code;
  }
}

export type UnlockMethod = 'password' | 'recovery_code';

/** The notes key encrypted under one secret. Safe to store anywhere (server, IndexedDB): JSON, all strings/numbers. */
export interface WrappedNotesKey {
  version: typeof ENVELOPE_VERSION;
  method: UnlockMethod;
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  /** base64 of SALT_BYTES random bytes, fresh for every wrapping. */
  salt: string;
  /** base64 of an envelope holding the raw notes key. */
  wrappedKey: string;
}

/** Everything the server (and the device) keeps about a person's notes key. */
export interface NotesKeyring {
  password: WrappedNotesKey;
  recoveryCode: WrappedNotesKey | null;
}

/**
 * Tests only: PBKDF2 at 600,000 iterations takes about half a second, so tests that are not about the parameter
 * itself may wrap with fewer and accept such wrappings. Never set in app code.
 */
export interface TestOnlyKdf {
  testOnlyIterations?: number;
}

/** Where a ciphertext belongs. Decrypting with any other context fails. */
export interface CiphertextContext {
  documentId: string;
  purpose: CiphertextPurpose;
}
/** 'facilitator-key', 'group-note', 'group-note-addendum': group progress notes (src/lib/core/group-notes/keys.ts). */
export type CiphertextPurpose = 'update' | 'snapshot' | 'facilitator-key' | 'group-note' | 'group-note-addendum';

const subtle = () => globalThis.crypto.subtle;
const randomBytes = (length: number) => globalThis.crypto.getRandomValues(new Uint8Array(length));

// ---------------------------------------------------------------------------------------------------------------
// Data

export async function encryptBytes(key: CryptoKey, plaintext: Uint8Array, context: CiphertextContext): Promise<Uint8Array> {
  return seal(key, plaintext, dataAssociatedData(context));
}

/** Throws NotesCryptoError 'tampered_or_misplaced' unless the envelope was made with this key for this context. */
export async function decryptBytes(key: CryptoKey, envelope: Uint8Array, context: CiphertextContext): Promise<Uint8Array> {
  return open(key, envelope, dataAssociatedData(context), 'tampered_or_misplaced');
}

function dataAssociatedData({ documentId, purpose }: CiphertextContext): Uint8Array<ArrayBuffer> {
  return utf8(`gst-notes/v${ENVELOPE_VERSION}\0${purpose}\0${documentId}`);
}

async function seal(key: CryptoKey, plaintext: Uint8Array, additionalData: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const iv = randomBytes(IV_BYTES);
  const sealed = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData }, key, new Uint8Array(plaintext));
  const envelope = new Uint8Array(HEADER_BYTES + sealed.byteLength);
  envelope[0] = ENVELOPE_VERSION;
  envelope.set(iv, 1);
  envelope.set(new Uint8Array(sealed), HEADER_BYTES);
  return envelope;
}

async function open(
  key: CryptoKey,
  envelope: Uint8Array,
  additionalData: Uint8Array<ArrayBuffer>,
  failure: NotesCryptoErrorCode
): Promise<Uint8Array> {
  if (envelope.byteLength < HEADER_BYTES + TAG_BYTES) throw new NotesCryptoError('malformed');
  if (envelope[0] !== ENVELOPE_VERSION) throw new NotesCryptoError('unsupported_version');
  const iv = envelope.slice(1, HEADER_BYTES);
  const sealed = envelope.slice(HEADER_BYTES);
  try {
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv, additionalData }, key, sealed));
  } catch {
    throw new NotesCryptoError(failure);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Keys

/** A new notes key for a person who has none yet, wrapped by their password. */
export async function createNotesKey(
  password: string,
  options: TestOnlyKdf = {}
): Promise<{ key: CryptoKey; keyring: NotesKeyring }> {
  const raw = randomBytes(NOTES_KEY_BYTES);
  const wrapped = await wrapRawKey(raw, 'password', password, options);
  const key = await importNotesKey(raw);
  raw.fill(0);
  return { key, keyring: { password: wrapped, recoveryCode: null } };
}

/** Unlocks the notes key with the secret for this wrapping (password or recovery code). */
export async function unlockNotesKey(wrapped: WrappedNotesKey, secret: string, options: TestOnlyKdf = {}): Promise<CryptoKey> {
  const raw = await unwrapRawKey(wrapped, secret, options);
  try {
    return await importNotesKey(raw);
  } finally {
    raw.fill(0);
  }
}

/** Re-wraps the key for a new password; the old password stops working. The recovery code (if any) still works. */
export async function changePassword(
  keyring: NotesKeyring,
  oldPassword: string,
  newPassword: string,
  options: TestOnlyKdf = {}
): Promise<NotesKeyring> {
  return { ...keyring, password: await rewrap(keyring.password, oldPassword, 'password', newPassword, options) };
}

/** A new recovery code (replacing any earlier one), for the person to write down. Needs the password. */
export async function createRecoveryCode(
  keyring: NotesKeyring,
  password: string,
  options: TestOnlyKdf = {}
): Promise<{ recoveryCode: string; keyring: NotesKeyring }> {
  const recoveryCode = generateRecoveryCode();
  const wrapped = await rewrap(keyring.password, password, 'recovery_code', recoveryCode, options);
  return { recoveryCode, keyring: { ...keyring, recoveryCode: wrapped } };
}

/** Forgotten password: the recovery code unlocks the key and a new password wraps it. The recovery code keeps working. */
export async function resetPasswordWithRecoveryCode(
  keyring: NotesKeyring,
  recoveryCode: string,
  newPassword: string,
  options: TestOnlyKdf = {}
): Promise<{ key: CryptoKey; keyring: NotesKeyring }> {
  if (!keyring.recoveryCode) throw new NotesCryptoError('wrong_recovery_code', 'No recovery code was set up for these notes.');
  const raw = await unwrapRawKey(keyring.recoveryCode, recoveryCode, options);
  try {
    const password = await wrapRawKey(raw, 'password', newPassword, options);
    return { key: await importNotesKey(raw), keyring: { ...keyring, password } };
  } finally {
    raw.fill(0);
  }
}

/** Whether a wrapping uses fewer iterations than new ones do: re-wrap it (same secret) after the next unlock. */
export function needsStrongerWrapping(wrapped: WrappedNotesKey): boolean {
  return wrapped.iterations < CURRENT_PBKDF2_ITERATIONS;
}

/**
 * Re-wraps the key found under one secret for another secret (or the same one with current parameters).
 * `options` applies to reading and, unless `newOptions` is given, to the new wrapping.
 */
export async function rewrap(
  wrapped: WrappedNotesKey,
  secret: string,
  method: UnlockMethod,
  newSecret: string,
  options: TestOnlyKdf = {},
  newOptions: TestOnlyKdf = options
): Promise<WrappedNotesKey> {
  const raw = await unwrapRawKey(wrapped, secret, options);
  try {
    return await wrapRawKey(raw, method, newSecret, newOptions);
  } finally {
    raw.fill(0);
  }
}

/** 6 groups of 5 Crockford base32 characters, e.g. `7KQ2M-XW4RT-…`: 150 random bits. */
export function generateRecoveryCode(): string {
  return formatRecoveryCode(randomBase32(RECOVERY_CODE_LENGTH));
}

/** Groups a code for display; accepts what a person typed (any case, spaces, dashes, O for 0). */
export function formatRecoveryCode(code: string): string {
  const normalized = normalizeRecoveryCode(code);
  const groups: string[] = [];
  for (let i = 0; i < normalized.length; i += RECOVERY_CODE_GROUP_LENGTH) {
    groups.push(normalized.slice(i, i + RECOVERY_CODE_GROUP_LENGTH));
  }
  return groups.join('-');
}

function normalizeRecoveryCode(typed: string): string {
  const normalized = normalizeBase32(typed);
  if (normalized === undefined || normalized.length !== RECOVERY_CODE_LENGTH) {
    throw new NotesCryptoError('malformed_recovery_code');
  }
  return normalized;
}

/** The same password typed on two devices may arrive in different Unicode forms; recovery codes ignore layout. */
function normalizeSecret(method: UnlockMethod, secret: string): string {
  return method === 'password' ? secret.normalize('NFC') : normalizeRecoveryCode(secret);
}

async function wrapRawKey(
  raw: Uint8Array,
  method: UnlockMethod,
  secret: string,
  options: TestOnlyKdf
): Promise<WrappedNotesKey> {
  const iterations = options.testOnlyIterations ?? CURRENT_PBKDF2_ITERATIONS;
  const salt = randomBytes(SALT_BYTES);
  const kek = await deriveKeyEncryptionKey(normalizeSecret(method, secret), salt, iterations);
  const envelope = await seal(kek, raw, keyAssociatedData(method));
  return {
    version: ENVELOPE_VERSION,
    method,
    kdf: 'PBKDF2-SHA-256',
    iterations,
    salt: bytesToBase64(salt),
    wrappedKey: bytesToBase64(envelope)
  };
}

async function unwrapRawKey(wrapped: WrappedNotesKey, secret: string, options: TestOnlyKdf): Promise<Uint8Array> {
  const { salt, envelope } = readWrapping(wrapped, options);
  const kek = await deriveKeyEncryptionKey(normalizeSecret(wrapped.method, secret), salt, wrapped.iterations);
  const failure = wrapped.method === 'password' ? 'wrong_password' : 'wrong_recovery_code';
  const raw = await open(kek, envelope, keyAssociatedData(wrapped.method), failure);
  if (raw.byteLength !== NOTES_KEY_BYTES) throw new NotesCryptoError('malformed');
  return raw;
}

/** Checks a stored wrapping before any work: a server must not be able to weaken or stall the KDF. */
function readWrapping(wrapped: WrappedNotesKey, options: TestOnlyKdf): { salt: Uint8Array<ArrayBuffer>; envelope: Uint8Array } {
  if (typeof wrapped !== 'object' || wrapped === null) throw new NotesCryptoError('malformed');
  if (wrapped.version !== ENVELOPE_VERSION) throw new NotesCryptoError('unsupported_version');
  if (wrapped.kdf !== 'PBKDF2-SHA-256' || (wrapped.method !== 'password' && wrapped.method !== 'recovery_code')) {
    throw new NotesCryptoError('malformed');
  }
  const floor = Math.min(MIN_PBKDF2_ITERATIONS, options.testOnlyIterations ?? MIN_PBKDF2_ITERATIONS);
  if (!Number.isSafeInteger(wrapped.iterations) || wrapped.iterations < floor || wrapped.iterations > MAX_PBKDF2_ITERATIONS) {
    throw new NotesCryptoError('weak_parameters');
  }
  let salt: Uint8Array<ArrayBuffer>;
  let envelope: Uint8Array;
  try {
    salt = base64ToBytes(wrapped.salt);
    envelope = base64ToBytes(wrapped.wrappedKey);
  } catch {
    throw new NotesCryptoError('malformed');
  }
  if (salt.byteLength < SALT_BYTES) throw new NotesCryptoError('weak_parameters');
  return { salt, envelope };
}

function keyAssociatedData(method: UnlockMethod): Uint8Array<ArrayBuffer> {
  return utf8(`gst-notes-key/v${ENVELOPE_VERSION}\0${method}`);
}

async function deriveKeyEncryptionKey(secret: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const base = await subtle().importKey('raw', utf8(secret), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt']
  );
}

/** Non-extractable: once imported, not even this page's scripts can read the key's bytes back. */
function importNotesKey(raw: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('raw', new Uint8Array(raw), { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}
