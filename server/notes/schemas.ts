/**
 * Shapes the notes routes accept. The server checks form and size only: the ciphertexts and wrapped keys are
 * opaque to it (it cannot and must not read them).
 */
import { z } from 'zod';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** base64 text, at most this many characters (decoded size is checked separately, for a 413). */
const base64 = (maxChars: number) => z.string().max(maxChars, 'Too large.').regex(BASE64, 'Not base64.');

/** Characters of base64 needed for `bytes` bytes. */
export const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

const wrappedKeySchema = (method: 'password' | 'recovery_code') =>
  z.strictObject({
    version: z.literal(1),
    method: z.literal(method),
    kdf: z.literal('PBKDF2-SHA-256'),
    iterations: z.number().int().positive(),
    salt: base64(256),
    wrappedKey: base64(1024)
  });

export const keyringSchema = z.strictObject({
  password: wrappedKeySchema('password'),
  recoveryCode: wrappedKeySchema('recovery_code').nullable()
});

export const putKeyringSchema = z.strictObject({
  keyring: keyringSchema,
  expectedRevision: z.number().int().min(0)
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

