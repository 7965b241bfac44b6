/**
 * The second factor: TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of clock drift either way) through
 * the maintained `otpauth` library, a QR code for set-up through `qrcode`, and ten one-time recovery codes stored as
 * SHA-256 hashes. A code is accepted once: the step it belongs to must be later than the last one accepted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

export const ISSUER = 'Group sessions';
export const RECOVERY_CODE_COUNT = 10;
const PERIOD_SECONDS = 30;

export function newSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

/** What an authenticator app scans: the otpauth:// URL and the same as a QR code (PNG data URL). */
export async function setupOf(secret: string, label: string): Promise<{ otpauthUrl: string; qrCode: string }> {
  const otpauthUrl = totpFor(secret, label).toString();
  return { otpauthUrl, qrCode: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 240, errorCorrectionLevel: 'M' }) };
}

/** The 30-second step the code belongs to, or null when it is not a current code. */
export function acceptedStep(secret: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secret, 'check').validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

/** The current code (tests, and nothing else, compute one). */
export function codeAt(secret: string, at: Date): string {
  return totpFor(secret, 'check').generate({ timestamp: at.getTime() });
}

/** Ten codes like `k7m2-q9xd-4hpt`: 60 random bits each, in letters and digits that are hard to confuse. */
export function newRecoveryCodes(): string[] {
  const alphabet = '23456789abcdefghjkmnpqrstuvwxyz';
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.trim().toLowerCase().replace(/\s+/g, '')).digest('hex');
}
