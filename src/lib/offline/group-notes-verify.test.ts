import { describe, expect, it } from 'vitest';
import type { SignatureView } from '$lib/core/group-notes/api';
import { contentHash, sha256Hex } from '$lib/core/group-notes/content';
import { createSigningKey, signStatement } from '$lib/core/group-notes/signing';
import { createNotesKey } from '$lib/core/notes/crypto';
import { base64ToBytes, bytesToBase64, utf8 } from '$lib/core/notes/encoding';
import { checkHolds, checkSignature } from './group-notes-verify';

const addendum = { version: 1 as const, text: 'Phoned Pat.' };
const target = { groupId: 'g1', noteId: 'n1', addendumId: 'a1' };

async function signedView(signerId = 'fran') {
  const { key: notesKey } = await createNotesKey('a long password', { testOnlyIterations: 1000 });
  const { key } = await createSigningKey(notesKey, signerId);
  const ciphertext = bytesToBase64(utf8('sealed bytes stand-in'));
  const hash = await contentHash(addendum);
  const ciphertextHash = await sha256Hex(base64ToBytes(ciphertext));
  const signature = await signStatement(key, { kind: 'group-note-addendum', ...target, signerId, keyId: key.keyId, contentHash: hash, ciphertextHash });
  const view: SignatureView = { signedBy: signerId, signerName: 'Fran', signedAt: new Date(0).toISOString(), contentHash: hash, ciphertextHash, signature, keyId: key.keyId, publicKey: key.publicKey };
  return { view, ciphertext, key };
}

describe('what a reader’s browser checks', () => {
  it('verifies a signature by the signer’s own key over exactly this content', async () => {
    const { view, ciphertext } = await signedView();
    const check = await checkSignature(view, target, addendum, ciphertext);
    expect(check).toEqual({ hashesMatch: true, keySignature: 'verified' });
    expect(checkHolds(check)).toBe(true);
  });

  it('flags a server that changed the text, the ciphertext, the signer, the key or the signature', async () => {
    const { view, ciphertext } = await signedView();
    const other = await signedView('cole');
    expect(await checkSignature(view, target, { ...addendum, text: 'Changed.' }, ciphertext)).toEqual({ hashesMatch: false, keySignature: 'invalid' });
    expect(await checkSignature(view, target, addendum, bytesToBase64(utf8('other bytes')))).toEqual({ hashesMatch: false, keySignature: 'invalid' });
    expect((await checkSignature({ ...view, signedBy: 'cole' }, target, addendum, ciphertext)).keySignature).toBe('invalid');
    expect((await checkSignature({ ...view, publicKey: other.view.publicKey }, target, addendum, ciphertext)).keySignature).toBe('invalid');
    expect((await checkSignature({ ...view, publicKey: other.view.publicKey, keyId: other.view.keyId }, target, addendum, ciphertext)).keySignature).toBe('invalid');
    expect((await checkSignature({ ...view, signature: other.view.signature }, target, addendum, ciphertext)).keySignature).toBe('invalid');
    expect((await checkSignature({ ...view, publicKey: null }, target, addendum, ciphertext)).keySignature).toBe('invalid');
    expect((await checkSignature(view, { ...target, noteId: 'n2' }, addendum, ciphertext)).keySignature).toBe('invalid');
  });

  it('tells a note signed before personal keys (the server’s record only) from a verified one', async () => {
    const { view, ciphertext } = await signedView();
    const old = await checkSignature({ ...view, signature: null, keyId: null, publicKey: null }, target, addendum, ciphertext);
    expect(old).toEqual({ hashesMatch: true, keySignature: 'missing' });
    expect(checkHolds(old)).toBe(false);
  });
});
