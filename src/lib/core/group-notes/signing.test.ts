import { describe, expect, it } from 'vitest';
import { createNotesKey } from '../notes/crypto';
import { canonicalJson, contentHash, prefillNote } from './content';
import { createSigningKey, openSigningKey, signStatement, signingKeyId, statementBytes, verifyStatement, type SignedStatement } from './signing';

const kdf = { testOnlyIterations: 1000 };
const hex = (c: string) => c.repeat(64);

async function signer(userId: string) {
  const { key: notesKey } = await createNotesKey('a long password', kdf);
  const { key, record } = await createSigningKey(notesKey, userId);
  return { userId, notesKey, key, record };
}

const statement = (keyId: string, over: Partial<SignedStatement> = {}): SignedStatement => ({
  kind: 'group-note',
  groupId: 'g1',
  noteId: 'n1',
  addendumId: null,
  signerId: 'fran',
  keyId,
  contentHash: hex('a'),
  ciphertextHash: hex('b'),
  ...over
});

describe('canonical content', () => {
  it('gives the same bytes and hash whatever the key order, and differs on any change', async () => {
    const note = prefillNote({ sessionId: 's', sessionTitle: 'Week 1', startedAt: 0, endedAt: 1, format: 'SOAP', attendees: [] });
    const reordered = JSON.parse(JSON.stringify({ members: note.members, group: { homework: '', interventions: '', themes: '' }, format: note.format, sessionTitle: note.sessionTitle, sessionId: note.sessionId, version: 1 }));
    expect(canonicalJson(reordered)).toBe(canonicalJson(note));
    expect(await contentHash(reordered)).toBe(await contentHash(note));
    expect(await contentHash({ ...note, group: { ...note.group, themes: ' ' } })).not.toBe(await contentHash(note));
    expect(canonicalJson({ b: 1, a: [2, { d: undefined, c: 'x' }] })).toBe('{"a":[2,{"c":"x"}],"b":1}');
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('signs a statement whose field order does not matter', () => {
    const s = statement('k');
    const shuffled = Object.fromEntries(Object.entries(s).reverse()) as unknown as SignedStatement;
    expect(new TextDecoder().decode(statementBytes(shuffled))).toBe(new TextDecoder().decode(statementBytes(s)));
    expect(new TextDecoder().decode(statementBytes(s))).toMatch(/^gst-group-note-signature\/v1\n\{"addendumId":null,"ciphertextHash":/);
  });
});

describe('signatures', () => {
  it('verify with the signer’s public key, and the key id is the SHA-256 of that key', async () => {
    const fran = await signer('fran');
    expect(fran.record.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(await signingKeyId(fran.record.publicKey)).toBe(fran.record.keyId);
    const s = statement(fran.key.keyId);
    const signature = await signStatement(fran.key, s);
    expect(await verifyStatement(fran.record.publicKey, s, signature)).toBe(true);
  });

  it('fail for any changed field, another key, a key id that names another key, or malformed input', async () => {
    const fran = await signer('fran');
    const cole = await signer('cole');
    const s = statement(fran.key.keyId);
    const signature = await signStatement(fran.key, s);
    for (const change of [
      { kind: 'group-note-addendum' as const },
      { groupId: 'g2' },
      { noteId: 'n2' },
      { addendumId: 'a1' },
      { signerId: 'cole' },
      { contentHash: hex('c') },
      { ciphertextHash: hex('d') }
    ]) {
      expect(await verifyStatement(fran.record.publicKey, { ...s, ...change }, signature)).toBe(false);
    }
    // Cole's key does not verify Fran's signature, neither under Fran's key id nor under his own.
    expect(await verifyStatement(cole.record.publicKey, s, signature)).toBe(false);
    expect(await verifyStatement(cole.record.publicKey, { ...s, keyId: cole.key.keyId }, signature)).toBe(false);
    // Cole's own signature of a statement naming Fran's key id is refused (the id does not name his key).
    await expect(signStatement(cole.key, s)).rejects.toThrow();
    const coleSigned = await signStatement(cole.key, { ...s, keyId: cole.key.keyId });
    expect(await verifyStatement(cole.record.publicKey, s, coleSigned)).toBe(false);
    expect(await verifyStatement(fran.record.publicKey, s, 'not base64!')).toBe(false);
    expect(await verifyStatement(fran.record.publicKey, s, 'AAAA')).toBe(false);
    expect(await verifyStatement('AAAA', { ...s, keyId: await signingKeyId('AAAA') }, signature)).toBe(false);
    const flipped = Uint8Array.from(atob(signature), (ch) => ch.charCodeAt(0));
    flipped[10] ^= 1;
    expect(await verifyStatement(fran.record.publicKey, s, btoa(String.fromCharCode(...flipped)))).toBe(false);
  });

  it('the private key reopens only with its owner’s notes key, and not under a swapped public key', async () => {
    const fran = await signer('fran');
    const cole = await signer('cole');
    const reopened = await openSigningKey(fran.notesKey, 'fran', fran.record);
    const s = statement(fran.key.keyId);
    expect(await verifyStatement(fran.record.publicKey, s, await signStatement(reopened, s))).toBe(true);
    await expect(openSigningKey(cole.notesKey, 'fran', fran.record)).rejects.toThrow();
    await expect(openSigningKey(fran.notesKey, 'cole', fran.record)).rejects.toThrow();
    await expect(openSigningKey(fran.notesKey, 'fran', { ...fran.record, publicKey: cole.record.publicKey })).rejects.toThrow();
  });
});
