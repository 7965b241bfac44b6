/**
 * Shapes the notes routes accept. The server checks form and size only: the ciphertexts and wrapped keys are
 * opaque to it (it cannot and must not read them).
 */
import { z } from 'zod';
import { MAX_PBKDF2_ITERATIONS, MIN_PBKDF2_ITERATIONS, SALT_BYTES } from '../../src/lib/core/notes/crypto';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** base64 text, at most this many characters (decoded size is checked separately, for a 413). */
const base64 = (maxChars: number) => z.string().max(maxChars, 'Too large.').regex(BASE64, 'Not base64.');

/** Characters of base64 needed for `bytes` bytes. */
export const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

/**
 * The same floors the browser keeps (src/lib/core/notes/crypto.ts): a weak wrapping is refused here too, so a stolen
 * cookie cannot store one that a copy of the database would then open cheaply.
 */
const wrappedKeySchema = (method: 'password' | 'recovery_code') =>
  z.strictObject({
    version: z.literal(1),
    method: z.literal(method),
    kdf: z.literal('PBKDF2-SHA-256'),
    iterations: z
      .number()
      .int()
      .min(MIN_PBKDF2_ITERATIONS, `At least ${MIN_PBKDF2_ITERATIONS.toLocaleString('en')} iterations.`)
      .max(MAX_PBKDF2_ITERATIONS, 'Too many iterations.'),
    salt: base64(256).refine((salt) => Buffer.byteLength(salt, 'base64') >= SALT_BYTES, `At least ${SALT_BYTES} bytes of salt.`),
    wrappedKey: base64(1024)
  });

export const keyringSchema = z.strictObject({
  password: wrappedKeySchema('password'),
  recoveryCode: wrappedKeySchema('recovery_code').nullable()
});

/** Replacing the keyring needs the account password too: the cookie alone must not drop a wrapping. */
export const putKeyringSchema = z.strictObject({
  keyring: keyringSchema,
  expectedRevision: z.number().int().min(0),
  currentPassword: z.string().min(1, 'Your account password is needed.').max(256)
});

/** What POST /api/me/password may carry: the keyring re-wrapped for the new password, and the revision read. */
export const passwordKeyringSchema = z.strictObject({
  keyring: keyringSchema,
  revision: z.number().int().min(0)
});

/** Lengths are checked after parsing (413, not 400): a too-large entry is a size problem, not a typo. */
export const pushSchema = z.strictObject({
  ciphertexts: z.array(z.string().regex(BASE64, 'Not base64.')).min(1)
});

export const snapshotSchema = z.strictObject({
  ciphertext: z.string().regex(BASE64, 'Not base64.'),
  coversUpdateId: z.number().int().min(0)
});

export const afterSchema = z.coerce.number().int().min(0).default(0);

