import { describe, expect, it } from 'vitest';
import {
  MIN_PBKDF2_ITERATIONS,
  NotesCryptoError,
  changePassword,
  createNotesKey,
  createRecoveryCode,
  decryptBytes,
  encryptBytes,
  formatRecoveryCode,
  generateRecoveryCode,
  needsStrongerWrapping,
  resetPasswordWithRecoveryCode,
  rewrap,
  unlockNotesKey,
  type CiphertextContext,
  type NotesCryptoErrorCode
} from './crypto';
import { base64ToBytes, bytesToBase64, utf8 } from './encoding';

/** Tests that are not about the KDF parameter itself wrap with fewer iterations (explicit test-only option). */
const fast = { testOnlyIterations: 1_000 };
const context: CiphertextContext = { documentId: 'notes:doc-a', purpose: 'update' };
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function refusal(promise: Promise<unknown>): Promise<NotesCryptoErrorCode> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught
  );
  expect(error).toBeInstanceOf(NotesCryptoError);
  expect((error as NotesCryptoError).message.length).toBeGreaterThan(20);
  return (error as NotesCryptoError).code;
}

describe('the real KDF parameters', () => {
  it('wraps with PBKDF2 at >= 600,000 iterations, records them, and unlocks with the password', async () => {
    const { key, keyring } = await createNotesKey('correct horse battery staple');
    expect(keyring.password.kdf).toBe('PBKDF2-SHA-256');
    expect(keyring.password.iterations).toBeGreaterThanOrEqual(600_000);
    expect(base64ToBytes(keyring.password.salt).byteLength).toBeGreaterThanOrEqual(16);
    expect(needsStrongerWrapping(keyring.password)).toBe(false);

    const unlocked = await unlockNotesKey(keyring.password, 'correct horse battery staple');
    const sealed = await encryptBytes(key, utf8('same key'), context);
    expect(text(await decryptBytes(unlocked, sealed, context))).toBe('same key');
    expect(await refusal(unlockNotesKey(keyring.password, 'correct horse battery stapler'))).toBe('wrong_password');
  });

  it('refuses a stored wrapping with fewer iterations than the minimum unless a test asks for it', async () => {
    const { keyring } = await createNotesKey('pw', fast);
    expect(await refusal(unlockNotesKey(keyring.password, 'pw'))).toBe('weak_parameters');
    await expect(unlockNotesKey(keyring.password, 'pw', fast)).resolves.toBeDefined();
    expect(needsStrongerWrapping(keyring.password)).toBe(true);
    expect(MIN_PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
  });

  it('refuses absurd iteration counts a hostile server might send to stall the page', async () => {
    const { keyring } = await createNotesKey('pw', fast);
    expect(await refusal(unlockNotesKey({ ...keyring.password, iterations: 1e12 }, 'pw'))).toBe('weak_parameters');
  });
});

describe('keys', () => {
  it('each wrapping has its own salt and IV', async () => {
    const a = await createNotesKey('pw', fast);
    const b = await createNotesKey('pw', fast);
    expect(a.keyring.password.salt).not.toBe(b.keyring.password.salt);
    expect(a.keyring.password.wrappedKey).not.toBe(b.keyring.password.wrappedKey);
  });

  it('a wrong password is refused with a clear error, never a different key', async () => {
    const { keyring } = await createNotesKey('right password', fast);
    const error = await unlockNotesKey(keyring.password, 'wrong password', fast).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotesCryptoError);
    expect((error as NotesCryptoError).code).toBe('wrong_password');
    expect((error as NotesCryptoError).message).toMatch(/password did not unlock/);
  });

  it('a tampered wrapped key is refused', async () => {
    const { keyring } = await createNotesKey('pw', fast);
    const bytes = base64ToBytes(keyring.password.wrappedKey);
    bytes[bytes.length - 1] ^= 1;
    const tampered = { ...keyring.password, wrappedKey: bytesToBase64(bytes) };
    expect(await refusal(unlockNotesKey(tampered, 'pw', fast))).toBe('wrong_password');
  });

  it('the same password in another Unicode form unlocks', async () => {
    const { keyring } = await createNotesKey('caf\u00e9', fast);
    await expect(unlockNotesKey(keyring.password, 'cafe\u0301', fast)).resolves.toBeDefined();
  });

  it('a password change re-wraps: the new password works, the old one stops working, data stays readable', async () => {
    const { key, keyring } = await createNotesKey('old password', fast);
    const sealed = await encryptBytes(key, utf8('written before the change'), context);
    const changed = await changePassword(keyring, 'old password', 'new password', fast);

    expect(changed.password.salt).not.toBe(keyring.password.salt);
    expect(await refusal(unlockNotesKey(changed.password, 'old password', fast))).toBe('wrong_password');
    const unlocked = await unlockNotesKey(changed.password, 'new password', fast);
    expect(text(await decryptBytes(unlocked, sealed, context))).toBe('written before the change');
  });

  it('a password change needs the current password', async () => {
    const { keyring } = await createNotesKey('old password', fast);
    expect(await refusal(changePassword(keyring, 'guess', 'new password', fast))).toBe('wrong_password');
  });

  it('rewrap with the same secret gives a fresh wrapping of the same key (how iterations rise later)', async () => {
    const { key, keyring } = await createNotesKey('pw', fast);
    const sealed = await encryptBytes(key, utf8('kept'), context);
    const renewed = await rewrap(keyring.password, 'pw', 'password', 'pw', fast);
    expect(renewed.salt).not.toBe(keyring.password.salt);
    const unlocked = await unlockNotesKey(renewed, 'pw', fast);
    expect(text(await decryptBytes(unlocked, sealed, context))).toBe('kept');
  });
});

describe('recovery codes', () => {
  it('look like 6 groups of 5 base32 characters and differ each time', () => {
    const code = generateRecoveryCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){5}$/);
    expect(generateRecoveryCode()).not.toBe(code);
  });

  it('reads what a person typed: lower case, spaces, O for 0, I and L for 1', () => {
    expect(formatRecoveryCode('abcde fghjk mnpqr stvwx yz010 o1il2')).toBe('ABCDE-FGHJK-MNPQR-STVWX-YZ010-01112');
    expect(() => formatRecoveryCode('too short')).toThrow(NotesCryptoError);
    expect(() => formatRecoveryCode('ABCDE-FGHJK-MNPQR-STVWX-YZ010-0111U')).toThrow(/groups of 5/);
  });

  it('unlocks the same key as the password, also typed carelessly', async () => {
    const { key, keyring } = await createNotesKey('pw', fast);
    const { recoveryCode, keyring: withCode } = await createRecoveryCode(keyring, 'pw', fast);
    expect(withCode.recoveryCode?.method).toBe('recovery_code');
    const sealed = await encryptBytes(key, utf8('recoverable'), context);

    const typed = recoveryCode.toLowerCase().replace(/-/g, ' ');
    const unlocked = await unlockNotesKey(withCode.recoveryCode!, typed, fast);
    expect(text(await decryptBytes(unlocked, sealed, context))).toBe('recoverable');
  });

  it('a wrong recovery code is refused with its own clear error', async () => {
    const { keyring } = await createNotesKey('pw', fast);
    const { keyring: withCode } = await createRecoveryCode(keyring, 'pw', fast);
    expect(await refusal(unlockNotesKey(withCode.recoveryCode!, generateRecoveryCode(), fast))).toBe('wrong_recovery_code');
    expect(await refusal(unlockNotesKey(withCode.recoveryCode!, 'nope', fast))).toBe('malformed_recovery_code');
  });

  it('resets a forgotten password: the new password unlocks the same key, the old one does not', async () => {
    const { key, keyring } = await createNotesKey('forgotten', fast);
    const { recoveryCode, keyring: withCode } = await createRecoveryCode(keyring, 'forgotten', fast);
    const sealed = await encryptBytes(key, utf8('still mine'), context);

    const reset = await resetPasswordWithRecoveryCode(withCode, recoveryCode, 'brand new', fast);
    expect(text(await decryptBytes(reset.key, sealed, context))).toBe('still mine');
    expect(await refusal(unlockNotesKey(reset.keyring.password, 'forgotten', fast))).toBe('wrong_password');
    await expect(unlockNotesKey(reset.keyring.password, 'brand new', fast)).resolves.toBeDefined();
  });

  it('a recovery code cannot be made without the password', async () => {
    const { keyring } = await createNotesKey('pw', fast);
    expect(await refusal(createRecoveryCode(keyring, 'not it', fast))).toBe('wrong_password');
  });
});

describe('data', () => {
  it('round-trips bytes, with a fresh IV every time', async () => {
    const { key } = await createNotesKey('pw', fast);
    const plaintext = utf8('I felt anxious before group');
    const first = await encryptBytes(key, plaintext, context);
    const second = await encryptBytes(key, plaintext, context);
    expect(first[0]).toBe(1);
    expect(first.slice(1, 13)).not.toEqual(second.slice(1, 13));
    expect(text(await decryptBytes(key, first, context))).toBe('I felt anxious before group');
    expect(text(await decryptBytes(key, second, context))).toBe('I felt anxious before group');
  });

  it('refuses tampered ciphertext, a changed IV and a flipped tag', async () => {
    const { key } = await createNotesKey('pw', fast);
    const sealed = await encryptBytes(key, utf8('private'), context);
    for (const index of [20, 5, sealed.length - 1]) {
      const changed = sealed.slice();
      changed[index] ^= 0x80;
      expect(await refusal(decryptBytes(key, changed, context))).toBe('tampered_or_misplaced');
    }
  });

  it('refuses a ciphertext moved to another note or used for another purpose', async () => {
    const { key } = await createNotesKey('pw', fast);
    const sealed = await encryptBytes(key, utf8('private'), context);
    expect(await refusal(decryptBytes(key, sealed, { ...context, documentId: 'notes:doc-b' }))).toBe('tampered_or_misplaced');
    expect(await refusal(decryptBytes(key, sealed, { ...context, purpose: 'snapshot' }))).toBe('tampered_or_misplaced');
  });

  it("refuses another person's key", async () => {
    const mine = await createNotesKey('pw', fast);
    const theirs = await createNotesKey('pw', fast);
    const sealed = await encryptBytes(mine.key, utf8('private'), context);
    expect(await refusal(decryptBytes(theirs.key, sealed, context))).toBe('tampered_or_misplaced');
  });

  it('refuses truncated envelopes and unknown versions before decrypting', async () => {
    const { key } = await createNotesKey('pw', fast);
    const sealed = await encryptBytes(key, utf8('private'), context);
    expect(await refusal(decryptBytes(key, sealed.slice(0, 20), context))).toBe('malformed');
    const future = sealed.slice();
    future[0] = 2;
    expect(await refusal(decryptBytes(key, future, context))).toBe('unsupported_version');
  });

  it('the notes key cannot be exported from memory', async () => {
    const { key } = await createNotesKey('pw', fast);
    expect(key.extractable).toBe(false);
    await expect(globalThis.crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });
});
