import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '../../src/lib/core/protocol';
import { updateFrame } from '../../server/relay/frames';
import { useRelayServer } from '../helpers/relay-server';
import { boardFixture, rawSocket, synced, waitFor } from './server';

const { server, provider } = useRelayServer();

describe('relay: sync and presence', () => {
  it('two members sync a board through the stock provider, and the update is in the log', async () => {
    const { facilitator, participant, board } = await boardFixture(server);
    const a = provider(board.docName, facilitator.cookie);
    const b = provider(board.docName, participant.cookie);
    await synced(a);
    await synced(b);
    a.doc.getMap('shapes').set('s1', 'sticky: worry thought');
    await waitFor(() => b.doc.getMap('shapes').get('s1') === 'sticky: worry thought', 'b to receive');
    b.doc.getArray('order').push(['s1']);
    await waitFor(() => a.doc.getArray('order').length === 1, 'a to receive');

    const stored = await server.store.documents.load(board.id);
    const copy = new Y.Doc();
    for (const row of stored.updates) Y.applyUpdate(copy, row.update);
    expect(copy.getMap('shapes').get('s1')).toBe('sticky: worry thought');
    expect(copy.getArray('order').toArray()).toEqual(['s1']);
  });

  it('awareness (presence) reaches the other member and leaves with them', async () => {
    const { facilitator, participant, board } = await boardFixture(server);
    const a = provider(board.docName, facilitator.cookie);
    const b = provider(board.docName, participant.cookie);
    await synced(a);
    await synced(b);
    a.provider.awareness.setLocalStateField('user', { name: 'Fran' });
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Fran', 'presence');
    a.provider.disconnect();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'presence to leave');
  });
});

describe('relay: who may connect', () => {
  it('anonymous, non-member and unknown-document sockets are closed with their code before any byte', async () => {
    const { board } = await boardFixture(server);
    const stranger = server.client();
    await stranger.signup('Stranger');

    const anonymous = rawSocket(server, board.docName, undefined);
    const outsider = rawSocket(server, board.docName, stranger.cookie);
    const unknown = rawSocket(server, 'board:00000000-0000-4000-8000-000000000000', stranger.cookie);
    const garbage = rawSocket(server, 'not-a-doc', stranger.cookie);
    expect(await anonymous.closed).toEqual({ code: CLOSE.unauthenticated.code, reason: CLOSE.unauthenticated.reason });
    expect((await outsider.closed).code).toBe(CLOSE.forbidden.code);
    expect((await unknown.closed).code).toBe(CLOSE.unknownDocument.code);
    expect((await garbage.closed).code).toBe(CLOSE.unknownDocument.code);
    for (const socket of [anonymous, outsider, unknown, garbage]) expect(socket.received).toEqual([]);
  });

  it('a refused sign-in does not keep the document it named: loaded beside the rights lookups, let go at once', async () => {
    const { board } = await boardFixture(server);
    const stranger = server.client();
    await stranger.signup('Stranger');
    const outsider = rawSocket(server, board.docName, stranger.cookie);
    expect((await outsider.closed).code).toBe(CLOSE.forbidden.code);
    expect(outsider.received).toEqual([]);
    // Well before the relay's eviction delay (10 s): nobody was admitted, so nothing holds it.
    await waitFor(() => !server.collab.relay.hasDocument(board.docName), 'the refused document to be let go', 2_000);
  });

  it('the stock provider stops retrying after a refusal', async () => {
    const { board } = await boardFixture(server);
    const stranger = server.client();
    await stranger.signup('Stranger');
    const p = provider(board.docName, stranger.cookie);
    await waitFor(() => p.closes.length > 0, 'refusal');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(p.closes).toEqual([{ code: CLOSE.forbidden.code, reason: CLOSE.forbidden.reason }]);
    expect(p.provider.shouldConnect).toBe(false);
  });

  it('a socket from another site is refused even with the cookie', async () => {
    const { participant, board } = await boardFixture(server);
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(`${server.wsOrigin}/collab/${board.docName}`, { headers: { cookie: participant.cookie!, origin: 'https://evil.example' } });
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(CLOSE.forbidden.code);
  });
});

describe('relay: rights change on open connections', () => {
  it('a lock makes the participant read-only at once; a forced write is neither applied, stored nor broadcast', async () => {
    const { facilitator, participant, board } = await boardFixture(server);
    const f = provider(board.docName, facilitator.cookie);
    const p = provider(board.docName, participant.cookie);
    await synced(f);
    await synced(p);

    expect((await facilitator.patch(`/api/boards/${board.id}`, { locked: true })).status).toBe(200);
    const ms = await waitFor(() => p.permissionDenied.length > 0, 'read-only notice', 1_000);
    expect(p.permissionDenied).toEqual(['read-only']);
    expect(ms).toBeLessThan(1_000);

    const rowsBefore = (await server.store.documents.load(board.id)).updates.length;
    // A forced write: the participant's doc changes locally and the provider sends it anyway.
    p.doc.getMap('shapes').set('forced', 'should not land');
    // Also a hand-made update on a second read-only socket.
    const raw = rawSocket(server, board.docName, participant.cookie);
    await raw.opened;
    const evil = new Y.Doc();
    evil.getMap('shapes').set('forced2', 'nor this');
    raw.ws.send(updateFrame(Y.encodeStateAsUpdate(evil)));
    // The facilitator still writes, and that arrives: so the forced writes had their chance to.
    f.doc.getMap('shapes').set('ok', 'facilitator note');
    await waitFor(() => p.doc.getMap('shapes').get('ok') === 'facilitator note', 'facilitator write');
    await server.collab.relay.flush();
    expect(f.doc.getMap('shapes').has('forced')).toBe(false);
    expect(f.doc.getMap('shapes').has('forced2')).toBe(false);
    const stored = await server.store.documents.load(board.id);
    expect(stored.updates.length).toBe(rowsBefore + 1);
    const copy = new Y.Doc();
    for (const row of stored.updates) Y.applyUpdate(copy, row.update);
    expect(copy.getMap('shapes').toJSON()).toEqual({ ok: 'facilitator note' });
    raw.ws.close();

    // Unlocking: the open connection is upgraded in place (no reconnect) and the participant writes again; the
    // relay's sync step 1 brings in what it dropped while the participant only read (the forced write, now allowed).
    await facilitator.patch(`/api/boards/${board.id}`, { locked: false });
    await waitFor(() => p.writeGranted === 1, 'write grant', 1_000);
    p.doc.getMap('shapes').set('after', 'unlocked');
    await waitFor(() => f.doc.getMap('shapes').get('after') === 'unlocked', 'write after unlock');
    await waitFor(() => f.doc.getMap('shapes').get('forced') === 'should not land', 'resync after unlock');
    expect(p.closes).toEqual([]);
  });

  it('removing a member cuts their connection within 1 second', async () => {
    const { facilitator, participant, participantUser, group, board } = await boardFixture(server);
    const p = provider(board.docName, participant.cookie);
    await synced(p);
    const started = performance.now();
    expect((await facilitator.delete(`/api/groups/${group.id}/members/${participantUser.id}`)).status).toBeLessThan(300);
    await waitFor(() => p.closes.length > 0, 'revocation', 1_000);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(p.closes[0].code).toBe(CLOSE.revoked.code);
  });

  it('signing out ends the sign-in’s connections within 1 second', async () => {
    const { participant, board } = await boardFixture(server);
    const p = provider(board.docName, participant.cookie);
    await synced(p);
    const cookie = participant.cookie;
    await participant.post('/api/auth/logout', {});
    await waitFor(() => p.closes.length > 0, 'sign-out revocation', 1_000);
    expect(p.closes[0].code).toBe(CLOSE.revoked.code);
    const again = rawSocket(server, board.docName, cookie);
    expect((await again.closed).code).toBe(CLOSE.unauthenticated.code);
  });
});
