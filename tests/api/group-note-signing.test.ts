/**
 * Group note signatures are the facilitator's own (ECDSA P-256, src/lib/core/group-notes/signing.ts), and the group
 * notes key is rotated after a key holder leaves. Over app.request with the real crypto: forged, replayed and
 * wrong-key signatures are refused with 400 JSON and nothing is stored; signing keys are validated when registered;
 * a removed or demoted co-facilitator's wrapped copies are deleted, writing waits for the rotation, the rotation is
 * accepted only for exactly the remaining holders, old notes stay readable to them and new ones use the new key.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, prefillNote, type GroupNoteContent } from '../../src/lib/core/group-notes/content';
import {
  createFacilitatorKeys,
  createGroupKey,
  decryptNote,
  encryptAddendum,
  encryptNote,
  openGroupKey,
  rotateGroupKey,
  rotationRecipients,
  shareGroupKey
} from '../../src/lib/core/group-notes/keys';
import { createSigningKey, signStatement, type SigningKey, type SignedStatement } from '../../src/lib/core/group-notes/signing';
import { createNotesKey } from '../../src/lib/core/notes/crypto';
import { createTestApp, type TestApp, type TestClient } from '../helpers/test-app';
import { liveRoom } from '../room/helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function keysFor(client: TestClient, userId: string) {
  const { key: notesKey } = await createNotesKey('a long password', { testOnlyIterations: 1000 });
  const { keys, record } = await createFacilitatorKeys(notesKey, userId);
  expect((await client.post('/api/me/facilitator-key', record)).status).toBe(201);
  const signing = await createSigningKey(notesKey, userId);
  expect((await client.post('/api/me/signing-key', signing.record)).status).toBe(201);
  return { client, userId, keys, record, signing: signing.key };
}
type Person = Awaited<ReturnType<typeof keysFor>>;

const sha = (base64: string) => createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
const content = (sessionId: string, themes = 'Worry time'): GroupNoteContent => ({
  ...prefillNote({ sessionId, sessionTitle: 'Session 4', startedAt: 0, endedAt: 1, format: 'SOAP', attendees: [] }),
  group: { themes, interventions: 'Cognitive restructuring', homework: 'Thought record' }
});

function statement(signer: { userId: string; signing: SigningKey }, groupId: string, noteId: string, hash: string, ciphertext: string, addendumId: string | null = null): SignedStatement {
  return {
    kind: addendumId ? 'group-note-addendum' : 'group-note',
    groupId,
    noteId,
    addendumId,
    signerId: signer.userId,
    keyId: signer.signing.keyId,
    contentHash: hash,
    ciphertextHash: sha(ciphertext)
  };
}

/** Fran (lead) and Cole (co-facilitator) both hold the group key; one session has ended. */
async function twoKeyHolders() {
  const room = await liveRoom(t);
  const { facilitator, facilitatorUser, group, session, invite } = room;
  expect((await facilitator.post(`/api/sessions/${session.id}/end`)).status).toBe(200);
  const coleClient = t.client();
  const coleUser = await coleClient.signup('Cole');
  await coleClient.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
  expect((await facilitator.patch(`/api/groups/${group.id}/members/${coleUser.id}`, { role: 'co_facilitator' })).status).toBe(200);
  const fran = await keysFor(facilitator, facilitatorUser.id);
  const cole = await keysFor(coleClient, coleUser.id);
  const base = `/api/groups/${group.id}/group-notes`;
  const v1 = await createGroupKey(group.id, fran);
  expect((await facilitator.post(`${base}/keys`, { userId: fran.userId, wrappedKey: v1.wrapped })).status).toBe(201);
  const forCole = await shareGroupKey(v1.wrapped, group.id, fran, { userId: cole.userId, publicKey: cole.record.publicKey });
  expect((await facilitator.post(`${base}/keys`, { userId: cole.userId, wrappedKey: forCole })).status).toBe(201);
  return { ...room, fran, cole, base, groupKey: v1.key };
}

async function draft(person: Person, base: string, sessionId: string, key: CryptoKey, keyVersion = 1) {
  const id = crypto.randomUUID();
  const made = await person.client.post(base, { id, sessionId, ciphertext: await encryptNote(key, id, content(sessionId)), keyVersion });
  expect(made.status).toBe(201);
  return id;
}

describe('signing keys', () => {
  it('are registered once, only as a valid P-256 key whose id is its SHA-256', async () => {
    const client = t.client();
    const user = await client.signup('Sam');
    const { key: notesKey } = await createNotesKey('a long password', { testOnlyIterations: 1000 });
    const { record } = await createSigningKey(notesKey, user.id);
    const other = await createSigningKey(notesKey, user.id);
    const wrongId = await client.post('/api/me/signing-key', { ...record, keyId: other.record.keyId });
    expect(wrongId.status).toBe(400);
    expect(wrongId.body.error.details.fields).toHaveProperty('keyId');
    const notAKey = await client.post('/api/me/signing-key', { ...record, publicKey: 'AAAAAAAA' });
    expect(notAKey.status).toBe(400);
    expect(notAKey.body.error.details.fields).toHaveProperty('publicKey');
    expect((await client.post('/api/me/signing-key', { ...record, extra: 1 })).status).toBe(400);
    expect((await client.post('/api/me/signing-key', record)).status).toBe(201);
    expect((await client.post('/api/me/signing-key', other.record)).status).toBe(409);
    expect((await client.get('/api/me/signing-key')).body.key).toEqual(record);
    expect((await t.client().get('/api/me/signing-key')).status).toBe(401);
  });
});

describe('a signature', () => {
  it('that is forged, replayed, made with another’s key or over other content is refused with 400, and nothing is signed', async () => {
    const { fran, cole, base, group, session, groupKey } = await twoKeyHolders();
    const id = await draft(fran, base, session.id, groupKey);
    const note = content(session.id, 'Final');
    const ciphertext = await encryptNote(groupKey, id, note);
    const hash = await contentHash(note);
    const good = statement(fran, group.id, id, hash, ciphertext);
    const sign = (body: Record<string, unknown>, who: Person = fran) =>
      who.client.post(`${base}/${id}/sign`, { ciphertext, contentHash: hash, expectedRevision: 1, ...body });

    const attempts: Array<[string, Record<string, unknown>, Person?]> = [
      ['random bytes', { signature: Buffer.alloc(64, 7).toString('base64'), keyId: fran.signing.keyId }],
      ['over another content hash', { signature: await signStatement(fran.signing, { ...good, contentHash: 'c'.repeat(64) }), keyId: fran.signing.keyId }],
      ['over other ciphertext', { signature: await signStatement(fran.signing, { ...good, ciphertextHash: 'd'.repeat(64) }), keyId: fran.signing.keyId }],
      ['for another note', { signature: await signStatement(fran.signing, { ...good, noteId: crypto.randomUUID() }), keyId: fran.signing.keyId }],
      ['as an addendum', { signature: await signStatement(fran.signing, { ...good, kind: 'group-note-addendum', addendumId: crypto.randomUUID() }), keyId: fran.signing.keyId }],
      ['naming another signer', { signature: await signStatement(fran.signing, { ...good, signerId: cole.userId }), keyId: fran.signing.keyId }],
      ['by Cole, sent by Fran under Cole’s key', { signature: await signStatement(cole.signing, statement(cole, group.id, id, hash, ciphertext)), keyId: cole.signing.keyId }],
      ['by Fran, sent by Cole under Fran’s key', { signature: await signStatement(fran.signing, good), keyId: fran.signing.keyId }, cole],
      ['under an unknown key', { signature: await signStatement(fran.signing, good), keyId: 'e'.repeat(64) }]
    ];
    const reasons: Record<string, string> = {};
    for (const [name, body, who] of attempts) {
      const refused = await sign(body, who);
      expect(refused.status, name).toBe(400);
      expect(refused.body.error.code, name).toBe('validation_failed');
      reasons[name] = refused.body.error.details.reason;
    }
    expect(reasons['random bytes']).toBe('bad_signature');
    expect(reasons['naming another signer']).toBe('bad_signature');
    expect(reasons['by Cole, sent by Fran under Cole’s key']).toBe('not_signers_key');
    expect(reasons['by Fran, sent by Cole under Fran’s key']).toBe('not_signers_key');
    expect(reasons['under an unknown key']).toBe('unknown_signing_key');
    // Malformed signature fields are a 400 with the fields named.
    const malformed = await sign({ signature: 'not base64!', keyId: 'XYZ' });
    expect(malformed.status).toBe(400);
    expect(Object.keys(malformed.body.error.details.fields).sort()).toEqual(['keyId', 'signature']);
    expect((await fran.client.get(`${base}/${id}`)).body.note).toMatchObject({ signature: null, revision: 1 });

    const ok = await sign({ signature: await signStatement(fran.signing, good), keyId: fran.signing.keyId });
    expect(ok.status).toBe(200);
    expect(ok.body.note.signature).toMatchObject({ signedBy: fran.userId, keyId: fran.signing.keyId, publicKey: fran.signing.publicKey });
    // The same signature replayed on an addendum does not verify.
    const addendumId = crypto.randomUUID();
    const addendum = { version: 1 as const, text: 'Phoned Pat.' };
    const addendumCiphertext = await encryptAddendum(groupKey, id, addendumId, addendum);
    const replay = await fran.client.post(`${base}/${id}/addenda`, {
      id: addendumId,
      ciphertext: addendumCiphertext,
      contentHash: await contentHash(addendum),
      signature: ok.body.note.signature.signature,
      keyId: fran.signing.keyId
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error.details.reason).toBe('bad_signature');
    expect((await fran.client.get(`${base}/${id}`)).body.note.addenda).toEqual([]);
  });
});

describe('key rotation when a co-facilitator leaves', () => {
  it('deletes their copies, holds new writing until a remaining holder rotates, and keeps old notes readable', async () => {
    const { facilitator, fran, cole, base, group, session, groupKey, invite } = await twoKeyHolders();
    const oldId = await draft(fran, base, session.id, groupKey);
    // Dana, a third co-facilitator, holds the key too.
    const danaClient = t.client();
    const danaUser = await danaClient.signup('Dana');
    await danaClient.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    await facilitator.patch(`/api/groups/${group.id}/members/${danaUser.id}`, { role: 'co_facilitator' });
    const dana = await keysFor(danaClient, danaUser.id);
    const mineV1 = (await fran.client.get(`${base}/keys`)).body.mine;
    await fran.client.post(`${base}/keys`, { userId: dana.userId, wrappedKey: await shareGroupKey(mineV1, group.id, fran, { userId: dana.userId, publicKey: dana.record.publicKey }) });

    // Cole is removed: his copy is gone at once and a rotation is due; nothing new is written under the old key.
    expect((await facilitator.delete(`/api/groups/${group.id}/members/${cole.userId}`)).status).toBe(204);
    const due = (await fran.client.get(`${base}/keys`)).body;
    expect(due).toMatchObject({ currentVersion: 1, rotationDueSince: expect.any(String) });
    expect(due.facilitators.map((f: { displayName: string; hasKey: boolean }) => [f.displayName, f.hasKey])).toEqual(
      expect.arrayContaining([['Fran', true], ['Dana', true]])
    );
    expect(due.facilitators.some((f: { userId: string }) => f.userId === cole.userId)).toBe(false);
    expect((await t.db.sql`select count(*)::int as n from group_note_keys where group_id = ${group.id} and user_id = ${cole.userId}`)[0].n).toBe(0);
    const blocked = await fran.client.request('PUT', `${base}/${oldId}`, { ciphertext: await encryptNote(groupKey, oldId, content(session.id, 'x')), expectedRevision: 1, keyVersion: 1 });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.details.reason).toBe('key_rotation_due');

    // A rotation must cover exactly the remaining holders (Fran and Dana), from the current version, by a holder.
    const recipients = rotationRecipients(due.facilitators, fran.userId);
    const v2 = await rotateGroupKey(group.id, recipients);
    const onlyFran = await fran.client.post(`${base}/keys/rotate`, { fromVersion: 1, keys: v2.wrapped.filter((w) => w.userId === fran.userId) });
    expect(onlyFran.status).toBe(409);
    expect(onlyFran.body.error.details.reason).toBe('rotation_recipients');
    const withCole = await fran.client.post(`${base}/keys/rotate`, { fromVersion: 1, keys: [...v2.wrapped, { userId: cole.userId, wrappedKey: v2.wrapped[0].wrappedKey }] });
    expect(withCole.status).toBe(409);
    expect((await cole.client.post(`${base}/keys/rotate`, { fromVersion: 1, keys: v2.wrapped })).status).toBe(404);
    expect((await fran.client.post(`${base}/keys/rotate`, { fromVersion: 1, keys: 'all' })).status).toBe(400);
    expect((await fran.client.post(`${base}/keys/rotate`, { fromVersion: 1, keys: v2.wrapped })).status).toBe(201);
    // Dana was a moment late with her own rotation: refused, and she uses Fran's.
    const late = await dana.client.post(`${base}/keys/rotate`, { fromVersion: 1, keys: (await rotateGroupKey(group.id, recipients)).wrapped });
    expect(late.status).toBe(409);
    expect(late.body.error.details.reason).toBe('stale_key_version');

    const after = (await dana.client.get(`${base}/keys`)).body;
    expect(after).toMatchObject({ currentVersion: 2, rotationDueSince: null });
    expect(after.versions.map((v: { keyVersion: number }) => v.keyVersion)).toEqual([1, 2]);
    const danaV1 = await openGroupKey(after.versions[0].wrappedKey, group.id, dana);
    const danaV2 = await openGroupKey(after.versions[1].wrappedKey, group.id, dana);
    // The old note stays readable with the old version; writing with it is now refused as stale.
    const old = (await dana.client.get(`${base}/${oldId}`)).body.note;
    expect(old.keyVersion).toBe(1);
    expect(await decryptNote(danaV1, oldId, old.ciphertext)).toEqual(content(session.id));
    const stale = await dana.client.request('PUT', `${base}/${oldId}`, { ciphertext: await encryptNote(danaV1, oldId, content(session.id, 'y')), expectedRevision: 1, keyVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toMatchObject({ reason: 'stale_key_version', currentVersion: 2 });
    const resealed = await dana.client.request('PUT', `${base}/${oldId}`, { ciphertext: await encryptNote(danaV2, oldId, content(session.id, 'y')), expectedRevision: 1, keyVersion: 2 });
    expect(resealed.status).toBe(200);
    expect(resealed.body.note.keyVersion).toBe(2);
    expect(await decryptNote(danaV2, oldId, resealed.body.note.ciphertext)).toEqual(content(session.id, 'y'));
    await expect(decryptNote(groupKey, oldId, resealed.body.note.ciphertext)).rejects.toThrow();

    const actions = (await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['group_notes.key_rotation_due', 'group_notes.key_rotated']));
  });

  it('after a demotion too; a departed facilitator who never held the key changes nothing', async () => {
    const { facilitator, fran, cole, base, group, invite } = await twoKeyHolders();
    const evaClient = t.client();
    const evaUser = await evaClient.signup('Eva');
    await evaClient.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    await facilitator.patch(`/api/groups/${group.id}/members/${evaUser.id}`, { role: 'co_facilitator' });
    await facilitator.patch(`/api/groups/${group.id}/members/${evaUser.id}`, { role: 'participant' });
    expect((await fran.client.get(`${base}/keys`)).body.rotationDueSince).toBeNull();
    const notDue = await fran.client.post(`${base}/keys/rotate`, { fromVersion: 1, keys: (await rotateGroupKey(group.id, [fran.record].map((r) => ({ userId: fran.userId, publicKey: r.publicKey })))).wrapped });
    expect(notDue.status).toBe(409);
    expect(notDue.body.error.details.reason).toBe('rotation_not_due');

    expect((await facilitator.patch(`/api/groups/${group.id}/members/${cole.userId}`, { role: 'participant' })).status).toBe(200);
    const due = (await fran.client.get(`${base}/keys`)).body;
    expect(due.rotationDueSince).not.toBeNull();
    // Cole, now a participant, reads nothing of group notes.
    expect((await cole.client.get(`${base}/keys`)).status).toBe(403);
    const v2 = await rotateGroupKey(group.id, rotationRecipients(due.facilitators, fran.userId));
    expect(v2.wrapped.map((w) => w.userId)).toEqual([fran.userId]);
    expect((await fran.client.post(`${base}/keys/rotate`, { fromVersion: 1, keys: v2.wrapped })).status).toBe(201);
    // Promoted again, Cole gets every version back only when a holder shares them.
    await facilitator.patch(`/api/groups/${group.id}/members/${cole.userId}`, { role: 'co_facilitator' });
    const back = (await cole.client.get(`${base}/keys`)).body;
    expect(back).toMatchObject({ mine: null, versions: [], currentVersion: 2 });
  });
});
