import { describe, expect, it } from 'vitest';
import { acceptedStep, codeAt, hashRecoveryCode, newRecoveryCodes, newSecret, setupOf } from './totp';

describe('TOTP', () => {
  const secret = newSecret();
  const now = new Date('2026-12-03T12:00:10Z');

  it('accepts the current code and one step of drift, not older ones or junk', () => {
    const step = Math.floor(now.getTime() / 30_000);
    expect(acceptedStep(secret, codeAt(secret, now), now)).toBe(step);
    expect(acceptedStep(secret, codeAt(secret, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(acceptedStep(secret, codeAt(secret, new Date(now.getTime() - 120_000)), now)).toBeNull();
    expect(acceptedStep(secret, 'abcdef', now)).toBeNull();
  });

  it('gives an otpauth URL and a QR code to scan', async () => {
    const setup = await setupOf(secret, 'fran@example.org');
    expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Group%20sessions:fran%40example\.org\?.*secret=/);
    expect(setup.qrCode).toMatch(/^data:image\/png;base64,/);
  });

  it('makes ten distinct recovery codes whose hashes ignore case and spaces', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(hashRecoveryCode(codes[0].toUpperCase())).toBe(hashRecoveryCode(` ${codes[0]} `));
  });
});
