import { describe, expect, it } from 'vitest';
import { NotesCryptoError, createNotesKey } from '../notes/crypto';
import {
  createFacilitatorKeys,
  createGroupKey,
  decryptAddendum,
  decryptNote,
  encryptAddendum,
  encryptNote,
  openFacilitatorKeys,
  openGroupKey,
  rotateGroupKey,
  rotationRecipients,
  shareGroupKey
} from './keys';
import { prefillNote } from './content';

const kdf = { testOnlyIterations: 1000 };
const content = prefillNote({ sessionId: 's', sessionTitle: 'Week 1', startedAt: 0, endedAt: 1, format: 'DAP', attendees: [] });

async function facilitator(userId: string) {
  const { key: notesKey } = await createNotesKey('a long password', kdf);
  const { keys, record } = await createFacilitatorKeys(notesKey, userId);
  return { userId, notesKey, keys, record };
}

describe('group notes keys', () => {
  it('the private key reopens with the notes key only, for its owner only', async () => {
    const fran = await facilitator('fran');
    const reopened = await openFacilitatorKeys(fran.notesKey, 'fran', fran.record);
    expect(reopened.publicKey).toBe(fran.record.publicKey);
    const other = await facilitator('other');
    await expect(openFacilitatorKeys(other.notesKey, 'fran', fran.record)).rejects.toBeInstanceOf(NotesCryptoError);
    await expect(openFacilitatorKeys(fran.notesKey, 'other', fran.record)).rejects.toThrow(/could not be decrypted/);
  });

  it('a co-facilitator opens the group key shared with them; nobody else and no other group does', async () => {
    const fran = await facilitator('fran');
    const cole = await facilitator('cole');
    const eve = await facilitator('eve');
    const { key, wrapped } = await createGroupKey('g1', fran);
    const ciphertext = await encryptNote(key, 'n1', content);
    const forCole = await shareGroupKey(wrapped, 'g1', fran, { userId: 'cole', publicKey: cole.keys.publicKey });
    const coleKey = await openGroupKey(forCole, 'g1', cole);
    expect(await decryptNote(coleKey, 'n1', ciphertext)).toEqual(content);
    await expect(openGroupKey(forCole, 'g1', eve)).rejects.toBeInstanceOf(NotesCryptoError);
    await expect(openGroupKey(forCole, 'g2', cole)).rejects.toBeInstanceOf(NotesCryptoError);
    // A copy for Cole relabelled as Eve's does not open with Eve's key either.
    await expect(openGroupKey(forCole, 'g1', { ...eve, userId: 'cole' })).rejects.toBeInstanceOf(NotesCryptoError);
  });

  it('a note does not open as another note or as an addendum', async () => {
    const fran = await facilitator('fran');
    const { key } = await createGroupKey('g1', fran);
    const note = await encryptNote(key, 'n1', content);
    await expect(decryptNote(key, 'n2', note)).rejects.toBeInstanceOf(NotesCryptoError);
    await expect(decryptAddendum(key, 'n1', 'a1', note)).rejects.toBeInstanceOf(NotesCryptoError);
    const addendum = await encryptAddendum(key, 'n1', 'a1', { version: 1, text: 'Late entry' });
    expect(await decryptAddendum(key, 'n1', 'a1', addendum)).toEqual({ version: 1, text: 'Late entry' });
    await expect(decryptAddendum(key, 'n1', 'a2', addendum)).rejects.toBeInstanceOf(NotesCryptoError);
  });

  it('refuses a damaged wrapping', async () => {
    const fran = await facilitator('fran');
    const { wrapped } = await createGroupKey('g1', fran);
    await expect(openGroupKey({ ...wrapped, ephemeralPublicKey: 'AAAA' }, 'g1', fran)).rejects.toBeInstanceOf(NotesCryptoError);
    await expect(openGroupKey({ ...wrapped, version: 2 as 1 }, 'g1', fran)).rejects.toMatchObject({ code: 'unsupported_version' });
  });

  it('rotation after a facilitator left: the remaining holders open the new key and keep the old one; the departed opens neither copy', async () => {
    const fran = await facilitator('fran');
    const cole = await facilitator('cole');
    const dana = await facilitator('dana');
    const v1 = await createGroupKey('g1', fran);
    const forCole = await shareGroupKey(v1.wrapped, 'g1', fran, { userId: 'cole', publicKey: cole.keys.publicKey });
    const forDana = await shareGroupKey(v1.wrapped, 'g1', fran, { userId: 'dana', publicKey: dana.keys.publicKey });
    const oldNote = await encryptNote(v1.key, 'n1', content);
    // Dana left; the server dropped her copy. What the keys answer lists is who still holds v1.
    const facilitators = [
      { userId: 'fran', publicKey: fran.keys.publicKey, hasKey: true },
      { userId: 'cole', publicKey: cole.keys.publicKey, hasKey: true },
      { userId: 'newcomer', publicKey: null, hasKey: false }
    ];
    const recipients = rotationRecipients(facilitators, 'cole');
    expect(recipients.map((r) => r.userId)).toEqual(['fran', 'cole']);
    expect(() => rotationRecipients(facilitators, 'newcomer')).toThrow(/holds the current key/);
    expect(() => rotationRecipients([{ userId: 'cole', publicKey: null, hasKey: true }], 'cole')).toThrow(/no public key/);

    const v2 = await rotateGroupKey('g1', recipients);
    expect(v2.wrapped.map((w) => w.userId)).toEqual(['fran', 'cole']);
    const newNote = await encryptNote(v2.key, 'n2', content);
    for (const person of [fran, cole]) {
      const mine = v2.wrapped.find((w) => w.userId === person.userId)!.wrappedKey;
      expect(await decryptNote(await openGroupKey(mine, 'g1', person), 'n2', newNote)).toEqual(content);
    }
    // The old version still opens old notes for those who kept it.
    expect(await decryptNote(await openGroupKey(forCole, 'g1', cole), 'n1', oldNote)).toEqual(content);
    // Dana's old key does not open the new note; no copy of the new key opens with her private key.
    const danaOld = await openGroupKey(forDana, 'g1', dana);
    await expect(decryptNote(danaOld, 'n2', newNote)).rejects.toBeInstanceOf(NotesCryptoError);
    for (const { wrappedKey, userId } of v2.wrapped) {
      await expect(openGroupKey(wrappedKey, 'g1', { ...dana, userId })).rejects.toBeInstanceOf(NotesCryptoError);
    }
  });
});
