/**
 * Finding 10: the notes keyring cannot be replaced with the cookie alone (it needs the account password), and a weak
 * wrapping (few PBKDF2 iterations, a short salt) is refused with the field named, whichever route carries it.
 */
import { describe, expect, it } from 'vitest';
import type { NotesKeyring } from '../../src/lib/core/notes/crypto';
import { bytesToBase64 } from '../../src/lib/core/notes/encoding';
import { NOTES_ROUTES } from '../../src/lib/core/notes/sync-contract';
import { useTestApp } from '../helpers/test-app';

const PASSWORD = 'correct horse battery';
const t = useTestApp();

const bytes = (n: number, seed = 1) => bytesToBase64(Uint8Array.from({ length: n }, (_, i) => (seed * 13 + i) & 255));
const wrapping = (method: 'password' | 'recovery_code', over: Record<string, unknown> = {}) => ({
  version: 1,
  method,
  kdf: 'PBKDF2-SHA-256',
  iterations: 600_000,
  salt: bytes(16),
  wrappedKey: bytes(60),
  ...over
});
const keyring = (over: Record<string, unknown> = {}, recovery: Record<string, unknown> | null = {}): NotesKeyring =>
  ({ password: wrapping('password', over), recoveryCode: recovery && wrapping('recovery_code', recovery) }) as NotesKeyring;

async function personWithKeyring() {
  const client = t.client();
  await client.signup('Kim', PASSWORD);
  const first = await client.post(NOTES_ROUTES.keyring, { keyring: keyring(), expectedRevision: 0, currentPassword: PASSWORD });
  expect(first.status).toBe(200);
  return { client, revision: first.body.revision as number };
}

describe('replacing the notes keyring', () => {
  it('needs the account password: without it, or with a wrong one, 400 naming currentPassword and nothing stored', async () => {
    const { client, revision } = await personWithKeyring();
    const dropRecovery = { keyring: keyring({}, null), expectedRevision: revision };
    const cookieOnly = await client.post(NOTES_ROUTES.keyring, dropRecovery);
    expect(cookieOnly.status).toBe(400);
    expect(Object.keys(cookieOnly.body.error.details.fields)).toEqual(['currentPassword']);
    const wrong = await client.post(NOTES_ROUTES.keyring, { ...dropRecovery, currentPassword: 'not my password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields).toEqual({ currentPassword: 'Not right.' });
    expect((await client.get(NOTES_ROUTES.keyring)).body).toMatchObject({ revision, keyring: { recoveryCode: { method: 'recovery_code' } } });
    const right = await client.post(NOTES_ROUTES.keyring, { ...dropRecovery, currentPassword: PASSWORD });
    expect(right.status).toBe(200);
    expect(right.body.keyring.recoveryCode).toBeNull();
  });

  it.each([
    ['keyring.password.iterations', keyring({ iterations: 1 })],
    ['keyring.password.iterations', keyring({ iterations: 599_999 })],
    ['keyring.recoveryCode.iterations', keyring({}, { iterations: 1000 })],
    ['keyring.password.salt', keyring({ salt: bytes(8) })],
    ['keyring.recoveryCode.salt', keyring({}, { salt: bytes(15) })]
  ])('refuses a weak wrapping with 400 naming %s', async (field, weak) => {
    const { client, revision } = await personWithKeyring();
    const res = await client.post(NOTES_ROUTES.keyring, { keyring: weak, expectedRevision: revision, currentPassword: PASSWORD });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.details.fields)).toEqual([field]);
    // The password change carries the keyring too: the same floor.
    const viaPassword = await client.post('/api/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'another long password',
      notesKeyring: { keyring: weak, revision }
    });
    expect(viaPassword.status).toBe(400);
    expect(Object.keys(viaPassword.body.error.details.fields)).toEqual([`notesKeyring.${field}`]);
  });
});
