/**
 * GroupNotesDesk, the browser's side of signing and key rotation, against the real app: a note signed in one
 * facilitator's browser verifies in another's; after a key holder is removed, the next remaining holder's desk renews
 * the key as it opens, a facilitator without the key meanwhile sees that it is due, old notes stay readable and new ones
 * are sealed with the new version.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GroupNoteView } from '../../src/lib/core/group-notes/api';
import { createSigningKey, signStatement } from '../../src/lib/core/group-notes/signing';
import { createNotesKey } from '../../src/lib/core/notes/crypto';
import { GroupNotesCache } from '../../src/lib/offline/group-notes-cache';
import { GroupNotesDesk } from '../../src/lib/offline/group-notes';
import { httpGroupNotesServer, isNetworkFailure } from '../../src/lib/offline/group-notes-http';
import { createTestApp, type TestApp, type TestClient } from '../helpers/test-app';

let t: TestApp;
/** Whose browser the next request comes from. */
let as: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (as.cookie) headers.set('cookie', as.cookie);
    return t.app.request(input, { ...init, headers });
  });
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await t.close();
});

describe('signing and rotation in the browser', () => {
  it('verifies another facilitator’s signature, and renews the key on the next holder’s visit after one left', async () => {
    const franClient = t.client();
    const fran = await franClient.signup('Fran');
    const group = (await franClient.post('/api/groups', { name: 'G', kind: 'cbt' })).body.group;
    const invite = (await franClient.post(`/api/groups/${group.id}/invites`, { maxUses: 5 })).body.invite;
    const people = new Map<string, { client: TestClient; user: { id: string }; notesKey: CryptoKey; idb: IDBFactory }>();
    const { key: franKey } = await createNotesKey('a long password', { testOnlyIterations: 1000 });
    people.set('Fran', { client: franClient, user: fran, notesKey: franKey, idb: new IDBFactory() });
    for (const name of ['Cole', 'Dana', 'Eve']) {
      const client = t.client();
      const user = await client.signup(name);
      await client.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
      await franClient.patch(`/api/groups/${group.id}/members/${user.id}`, { role: 'co_facilitator' });
      const { key: notesKey } = await createNotesKey('a long password', { testOnlyIterations: 1000 });
      people.set(name, { client, user, notesKey, idb: new IDBFactory() });
    }
    const ended = async (title: string) => {
      const session = (await franClient.post(`/api/groups/${group.id}/sessions`, { title })).body.session;
      await franClient.post(`/api/sessions/${session.id}/start`);
      await franClient.post(`/api/sessions/${session.id}/end`);
      return session.id as string;
    };
    const week1 = await ended('Week 1');
    const week2 = await ended('Week 2');
    const desk = async (name: string, server = httpGroupNotesServer) => {
      const p = people.get(name)!;
      as = p.client;
      return GroupNotesDesk.open({
        userId: p.user.id,
        groupId: group.id,
        notesKey: p.notesKey,
        server,
        cache: await GroupNotesCache.open(p.user.id, p.idb),
        isOffline: isNetworkFailure
      });
    };

    // Everyone opens group notes once (key pairs reach the server); Fran starts them and shares with Cole and Dana.
    for (const name of ['Cole', 'Dana', 'Eve']) await desk(name);
    const franDesk = await desk('Fran');
    await franDesk.createGroupKey();
    await franDesk.share(people.get('Cole')!.user.id);
    await franDesk.share(people.get('Dana')!.user.id);
    const draft = await franDesk.create(week1, 'SOAP');
    const signed = await franDesk.sign(draft, { ...draft.content, group: { ...draft.content.group, themes: 'Sleep' } });
    expect(signed.check).toEqual({ hashesMatch: true, keySignature: 'verified' });
    expect(signed.view.signature).toMatchObject({ signerName: 'Fran', keyId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const withAddendum = await franDesk.addAddendum(signed, 'Phoned the group about next week.');
    expect(withAddendum.addenda.map((a) => a.verified)).toEqual([true]);

    const coleDesk = await desk('Cole');
    const read = await coleDesk.open(signed.view.id);
    expect([read.verified, read.content.group.themes, read.addenda[0].verified]).toEqual([true, 'Sleep', true]);

    // A server that presents a key of its own for Fran, with a valid signature under it: Cole's device saw Fran's
    // real key before, so the signature is not taken as Fran's.
    const rogue = (await createSigningKey((await createNotesKey('another password', { testOnlyIterations: 1000 })).key, fran.id)).key;
    const forge = async (view: GroupNoteView): Promise<GroupNoteView> => {
      const s = view.signature!;
      const statement = { kind: 'group-note' as const, groupId: group.id, noteId: view.id, addendumId: null, signerId: s.signedBy, keyId: rogue.keyId, contentHash: s.contentHash, ciphertextHash: s.ciphertextHash };
      return { ...view, signature: { ...s, keyId: rogue.keyId, publicKey: rogue.publicKey, signature: await signStatement(rogue, statement) } };
    };
    const lying = await desk('Cole', { ...httpGroupNotesServer, get: async (g, n) => ({ note: await forge((await httpGroupNotesServer.get(g, n)).note) }) });
    const forged = await lying.open(signed.view.id);
    expect([forged.verified, forged.check?.keySignature, forged.addenda[0].verified]).toEqual([false, 'key_changed', true]);

    // Dana is removed. Eve (no key) opens first: the renewal is due and she can write nothing.
    as = franClient;
    expect((await franClient.delete(`/api/groups/${group.id}/members/${people.get('Dana')!.user.id}`)).status).toBe(204);
    const eveDesk = await desk('Eve');
    expect([eveDesk.rotation, eveDesk.hasGroupKey, eveDesk.holdsAnyKey]).toEqual(['due', false, false]);

    // Cole's next visit renews it, wrapped for Fran and Cole only.
    const coleAgain = await desk('Cole');
    expect(coleAgain.rotation).toBe('rotated');
    expect(coleAgain.keys).toMatchObject({ currentVersion: 2, rotationDueSince: null });
    expect(coleAgain.keys!.facilitators.filter((f) => f.hasKey).map((f) => f.displayName).sort()).toEqual(['Cole', 'Fran']);
    expect((await coleAgain.open(signed.view.id)).verified).toBe(true);
    const second = await coleAgain.create(week2, 'DAP');
    expect(second.view.keyVersion).toBe(2);

    // Fran's next visit finds nothing due and reads both; Eve, given access now, gets both versions.
    const franAgain = await desk('Fran');
    expect(franAgain.rotation).toBe('none');
    expect((await franAgain.open(second.view.id)).content.sessionTitle).toBe('Week 2');
    await franAgain.share(people.get('Eve')!.user.id);
    const eveAgain = await desk('Eve');
    expect([eveAgain.rotation, eveAgain.hasGroupKey]).toEqual(['none', true]);
    expect((await eveAgain.open(signed.view.id)).verified).toBe(true);
    expect((await eveAgain.open(second.view.id)).view.keyVersion).toBe(2);
  }, 60_000);
});
