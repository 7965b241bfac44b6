/**
 * Byte encodings the notes code needs: base64 for ciphertext inside JSON, and the human-typable recovery code
 * alphabet (Crockford base32: no I, L, O or U, so nothing is mistaken for 1, 0 or a rude word).
 * Pure: btoa/atob and TextEncoder exist in browsers and Node 20.
 */

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Throws a plain Error on input that is not base64; callers turn it into their own error. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random characters from the Crockford alphabet: 5 bits each (32 divides 256, so every character is uniform). */
export function randomBase32(length: number): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const byte of bytes) out += CROCKFORD_ALPHABET[byte & 31];
  return out;
}

/**
 * What a person typed, read as Crockford base32: case, spaces and dashes do not matter; O reads as 0 and I/L as 1.
 * Returns undefined when any other character is present.
 */
export function normalizeBase32(typed: string): string | undefined {
  const cleaned = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  for (const char of cleaned) if (!CROCKFORD_ALPHABET.includes(char)) return undefined;
  return cleaned;
}
