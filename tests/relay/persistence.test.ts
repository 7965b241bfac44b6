/** Durable persistence: restart, compaction (by tail length and on eviction), versions at session end, metrics. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '../../src/lib/core/protocol';
import { openTestDb } from '../helpers/test-app';
import { boardFixture, openProvider, rawSocket, startRelayServer, synced, waitFor, type RelayServer, type TestProvider } from './server';

const providers: TestProvider[] = [];
const track = (p: TestProvider) => (providers.push(p), p);
afterAll(() => providers.forEach((p) => p.destroy()));

async function storedDoc(server: RelayServer, documentId: string): Promise<Y.Doc> {
  const state = await server.store.documents.load(documentId);
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot.state);
  for (const row of state.updates) Y.applyUpdate(doc, row.update);
  return doc;
}

/** Content in a canonical order (Y.Map iteration order differs between replicas). */
const contentOf = (doc: Y.Doc) => {
  const shapes = doc.getMap('shapes').toJSON();
  return { shapes: Object.fromEntries(Object.keys(shapes).sort().map((k) => [k, shapes[k]])), text: doc.getText('notes').toString() };
};

/** A burst of edits with inserts and deletes, like people drawing and erasing. */
function edit(doc: Y.Doc, rounds: number, tag: string) {
  for (let i = 0; i < rounds; i++) {
    doc.getMap('shapes').set(`${tag}${i}`, { x: i, y: i * 2, label: `${tag} ${i}` });
    doc.getText('notes').insert(doc.getText('notes').length, `${tag}${i} `);
    if (i % 4 === 3) {
      doc.getMap('shapes').delete(`${tag}${i - 1}`);
      doc.getText('notes').delete(0, 2);
    }
  }
}

describe('durability across a restart', () => {
  it('every update a client received is stored, and a restarted relay serves it', async () => {
    const db = await openTestDb();
    const first = await startRelayServer({ db });
    const { facilitator, participant, board } = await boardFixture(first);
    const a = track(openProvider(first, board.docName, facilitator.cookie));
    const b = track(openProvider(first, board.docName, participant.cookie));
    await synced(a);
    await synced(b);
    // Each time b receives something, the database must already hold it (stored before broadcast).
    const checks: Array<Promise<boolean>> = [];
    b.doc.on('update', (_u: Uint8Array, origin: unknown) => {
      if (origin !== b.provider) return;
      // What b holds now; b goes on receiving while the database is read, so compare with this, not with b.doc.
      const seen = Y.encodeStateAsUpdate(b.doc);
      checks.push(
        storedDoc(first, board.id).then((stored) => {
          const missing = Y.decodeUpdate(Y.diffUpdate(seen, Y.encodeStateVector(stored)));
          return missing.structs.length === 0;
        })
      );
    });
    for (let i = 0; i < 30; i++) {
      edit(a.doc, 1, `r${i}-`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await waitFor(() => JSON.stringify(contentOf(b.doc)) === JSON.stringify(contentOf(a.doc)), 'b to catch up');
    expect(checks.length).toBeGreaterThan(5);
    expect(await Promise.all(checks)).toEqual(checks.map(() => true));
    const expected = contentOf(a.doc);
    a.destroy();
    b.destroy();
    await first.close({ keepDb: true });

    const second = await startRelayServer({ db });
    try {
      // Same database, new relay: sign in again (the store kept the session rows) and read.
      const c = track(openProvider(second, board.docName, facilitator.cookie));
      await synced(c);
      expect(contentOf(c.doc)).toEqual(expected);
    } finally {
      await second.close();
    }
  });
});

describe('compaction', () => {
  let server: RelayServer;
  beforeAll(async () => {
    server = await startRelayServer({ env: { RELAY_COMPACT_AFTER_UPDATES: '25', RELAY_EVICT_AFTER_MS: '150' } });
  });
  afterAll(() => server.close());

  it('by tail length and on eviction; the document stays identical and reloads from snapshot + tail', async () => {
    const { facilitator, participant, board } = await boardFixture(server);
    const a = track(openProvider(server, board.docName, facilitator.cookie));
    const b = track(openProvider(server, board.docName, participant.cookie));
    await synced(a);
    await synced(b);
    for (let i = 0; i < 60; i++) {
      edit(i % 2 ? a.doc : b.doc, 1, `c${i}-`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await waitFor(() => JSON.stringify(contentOf(a.doc)) === JSON.stringify(contentOf(b.doc)), 'convergence');
    // Compaction by tail length runs in the background, after the update that crossed the threshold was stored.
    await server.collab.relay.settled();
    const duringSession = await server.store.documents.load(board.id);
    expect(duringSession.snapshot, 'compacted by tail length').not.toBeNull();
    expect(duringSession.updates.length).toBeLessThan(60);
    expect(contentOf(await storedDoc(server, board.id))).toEqual(contentOf(a.doc));

    const expected = contentOf(a.doc);
    a.provider.disconnect();
    b.provider.disconnect();
    await waitFor(() => server.collab.relay.documentCount === 0, 'eviction', 3_000);
    await waitFor(() => false, 'compaction on eviction', 300).catch(() => {});
    const afterEviction = await server.store.documents.load(board.id);
    expect(afterEviction.updates).toEqual([]);
    expect(contentOf(await storedDoc(server, board.id))).toEqual(expected);
    const snapshotDoc = new Y.Doc();
    Y.applyUpdate(snapshotDoc, afterEviction.snapshot!.state);
    expect(Y.encodeStateVector(snapshotDoc)).toEqual(Y.encodeStateVector(a.doc));

    const c = track(openProvider(server, board.docName, participant.cookie));
    await synced(c);
    expect(contentOf(c.doc)).toEqual(expected);
  });
});

/** Waits until the relay has compacted the document's whole log into its snapshot (it does so on eviction). */
async function compactedOnEviction(server: RelayServer, documentId: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const stored = await server.store.documents.load(documentId);
    if (stored.snapshot && stored.updates.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  throw new Error('timed out waiting for compaction on eviction');
}

describe('opening a compacted document', () => {
  let server: RelayServer;
  beforeAll(async () => {
    server = await startRelayServer({ env: { RELAY_EVICT_AFTER_MS: '100' } });
  });
  afterAll(() => server.close());

  it('answers newcomers from the stored bytes, builds the document on the first write, and serves partial holders the rest', async () => {
    const { facilitator, participant, board } = await boardFixture(server);
    const a = track(openProvider(server, board.docName, facilitator.cookie));
    await synced(a);
    edit(a.doc, 20, 'early-');
    const early = Y.encodeStateAsUpdate(a.doc);
    edit(a.doc, 20, 'late-');
    await server.collab.relay.flush();
    const expected = contentOf(a.doc);
    a.destroy();
    await waitFor(() => server.collab.relay.roomOf(board.docName) === undefined, 'eviction', 3_000);
    await compactedOnEviction(server, board.id);

    // A newcomer with an empty document: answered from the snapshot, the relay has not built the document.
    const c = track(openProvider(server, board.docName, participant.cookie));
    await synced(c);
    expect(contentOf(c.doc)).toEqual(expected);
    expect(server.collab.relay.roomOf(board.docName)?.isApplied).toBe(false);

    // Someone who holds the early part gets exactly the rest (this builds the document).
    const partial = new Y.Doc();
    Y.applyUpdate(partial, early);
    const d = track(openProvider(server, board.docName, facilitator.cookie, partial));
    await synced(d);
    expect(contentOf(d.doc)).toEqual(expected);
    expect(server.collab.relay.roomOf(board.docName)?.isApplied).toBe(true);

    // A write after that reaches the others and the database, and a later newcomer sees it.
    c.doc.getMap('shapes').set('after-reopen', { x: 1 });
    await waitFor(() => d.doc.getMap('shapes').has('after-reopen'), 'the write to reach d');
    await server.collab.relay.flush();
    expect((await storedDoc(server, board.id)).getMap('shapes').get('after-reopen')).toEqual({ x: 1 });
    const e = track(openProvider(server, board.docName, participant.cookie));
    await synced(e);
    expect(contentOf(e.doc)).toEqual(contentOf(c.doc));
  });

  it('a first write to a document still answered from stored bytes builds it and is stored', async () => {
    const { facilitator, participant, board } = await boardFixture(server);
    const a = track(openProvider(server, board.docName, facilitator.cookie));
    await synced(a);
    edit(a.doc, 10, 'x-');
    await server.collab.relay.flush();
    a.destroy();
    await waitFor(() => server.collab.relay.roomOf(board.docName) === undefined, 'eviction', 3_000);
    await compactedOnEviction(server, board.id);

    const b = track(openProvider(server, board.docName, participant.cookie));
    const c = track(openProvider(server, board.docName, facilitator.cookie));
    await synced(b);
    await synced(c);
    expect(server.collab.relay.roomOf(board.docName)?.isApplied).toBe(false);
    b.doc.getText('notes').insert(0, 'first words after the break ');
    await waitFor(() => c.doc.getText('notes').toString() === b.doc.getText('notes').toString(), 'c to see the write');
    await server.collab.relay.flush();
    expect(contentOf(await storedDoc(server, board.id))).toEqual(contentOf(b.doc));
    expect(server.collab.relay.roomOf(board.docName)?.isApplied).toBe(true);
  });
});

const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';

describe('versions at session end, and metrics', () => {
  let server: RelayServer;
  beforeAll(async () => {
    server = await startRelayServer({ env: { METRICS_TOKEN } });
  });
  afterAll(() => server.close());

  it('ending a session versions every board edited during it, labelled with the session', async () => {
    const { facilitator, participant, group, board } = await boardFixture(server);
    const untouched = (await facilitator.post(`/api/groups/${group.id}/boards`, { title: 'Untouched' })).body.board;
    const session = (await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'Session 3: thought records', durationMinutes: 60 })).body.session;
    expect((await facilitator.post(`/api/sessions/${session.id}/start`)).status).toBe(200);
    const p = track(openProvider(server, board.docName, participant.cookie));
    await synced(p);
    p.doc.getMap('shapes').set('evidence', 'for and against');
    await waitFor(() => false, 'write', 100).catch(() => {});
    await server.collab.relay.flush();
    expect((await facilitator.post(`/api/sessions/${session.id}/end`)).status).toBe(200);

    let versions: Array<{ id: string; label: string; sessionId: string }> = [];
    await waitFor(() => versions.length > 0, 'automatic version', 3_000).catch(() => {});
    for (let i = 0; i < 50 && versions.length === 0; i++) {
      versions = (await participant.get(`/api/boards/${board.id}/versions`)).body.versions;
      if (!versions.length) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ label: 'Session 3: thought records', sessionId: session.id });
    expect((await participant.get(`/api/boards/${untouched.id}/versions`)).body.versions).toEqual([]);

    // Later edits do not change the version.
    p.doc.getMap('shapes').set('evidence', 'changed afterwards');
    await server.collab.relay.flush();
    const state = await server.store.documents.versionState(board.id, versions[0].id);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, state!);
    expect(copy.getMap('shapes').get('evidence')).toBe('for and against');
  });

  it('GET /metrics speaks Prometheus text with the relay series', async () => {
    const { board } = await boardFixture(server);
    const stranger = server.client();
    await stranger.signup('Stranger');
    await rawSocket(server, board.docName, stranger.cookie).closed;
    const text = await (await fetch(`${server.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    for (const series of [
      'relay_connections',
      'relay_documents_in_memory',
      'relay_updates_total',
      'relay_bytes_in_total',
      'relay_bytes_out_total',
      'relay_persist_seconds_bucket',
      'relay_compactions_total'
    ]) {
      expect(text).toContain(series);
    }
    expect(text).toMatch(new RegExp(`relay_refused_connections_total\\{reason="forbidden"\\} [1-9]`));
    // Bytes are summed outside prom-client and handed over when /metrics is read: the earlier tests' traffic shows.
    expect(text).toMatch(/relay_bytes_in_total [1-9]/);
    expect(text).toMatch(/relay_bytes_out_total [1-9]/);
    expect(CLOSE.forbidden.code).toBe(4403);
  });

  it('GET /metrics answers only with the token: 401 JSON without it or with a wrong one', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${METRICS_TOKEN}`, `Bearer ${METRICS_TOKEN}x`]) {
      const response = await fetch(`${server.origin}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect((await response.json()).error.code).toBe('unauthenticated');
    }
  });

  it('GET /metrics is off (404 JSON) when no METRICS_TOKEN is set', async () => {
    const plain = await startRelayServer();
    try {
      const response = await fetch(`${plain.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe('not_found');
    } finally {
      await plain.close();
    }
  });
});
