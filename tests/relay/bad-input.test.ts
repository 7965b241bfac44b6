/**
 * Hostile input: malformed, oversize and flooding frames close only the offending connection, with a named code,
 * while a healthy room keeps syncing; then a fuzz run of random and mutated frames.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CLOSE } from '../../src/lib/core/protocol';
import { decideUpgrade } from '../../server/relay/access';
import { awarenessFrame, syncStep1Frame, syncStep2Frame, updateFrame } from '../../server/relay/frames';
import { boardFixture, openProvider, rawSocket, startRelayServer, synced, waitFor, type RelayServer, type TestProvider } from './server';

let server: RelayServer;
let fixture: Awaited<ReturnType<typeof boardFixture>>;
let healthyA: TestProvider;
let healthyB: TestProvider;
let round = 0;

/** The healthy pair still syncs both ways. */
async function expectHealthyRoom() {
  round++;
  healthyA.doc.getMap('health').set(`a${round}`, round);
  healthyB.doc.getMap('health').set(`b${round}`, round);
  await waitFor(() => healthyB.doc.getMap('health').get(`a${round}`) === round, 'a -> b', 10_000);
  await waitFor(() => healthyA.doc.getMap('health').get(`b${round}`) === round, 'b -> a', 10_000);
}

beforeAll(async () => {
  server = await startRelayServer({
    env: {
      RELAY_MAX_DOCUMENTS_PER_LOGIN: '500',
      RELAY_MESSAGES_PER_SECOND: '2000',
      RELAY_MESSAGE_BURST: '2000',
      RELAY_FIRST_SYNC_DEADLINE_MS: '2000'
    }
  });
  fixture = await boardFixture(server);
  healthyA = openProvider(server, fixture.board.docName, fixture.facilitator.cookie);
  healthyB = openProvider(server, fixture.board.docName, fixture.facilitator.cookie);
  await synced(healthyA);
  await synced(healthyB);
});

afterAll(async () => {
  healthyA.destroy();
  healthyB.destroy();
  await server.close();
});

async function sendAndWaitClose(frame: Uint8Array | string) {
  const socket = rawSocket(server, fixture.board.docName, fixture.participant.cookie);
  await socket.opened;
  socket.ws.send(frame);
  return socket.closed;
}

describe('malformed and oversize frames', () => {
  it('garbage, unknown types, text frames and undecodable updates close with 4400; the room keeps syncing', async () => {
    const content = new Y.Doc();
    content.getText('t').insert(0, 'some text to garble');
    const garbled = Y.encodeStateAsUpdate(content).slice();
    garbled.fill(0xff, 4);
    const cases: Array<Uint8Array | string> = [
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      new Uint8Array([7, 0]),
      new Uint8Array([0, 9, 0]),
      'hello',
      updateFrame(new Uint8Array([1, 2, 3])),
      updateFrame(garbled),
      updateFrame(new Uint8Array()),
      syncStep1Frame(new Uint8Array([0xff, 0xff, 0xff])),
      awarenessFrame(new Uint8Array([5, 1]))
    ];
    for (const frame of cases) {
      const closed = await sendAndWaitClose(frame);
      expect(closed, `frame ${String(frame)}`).toEqual({ code: CLOSE.malformed.code, reason: CLOSE.malformed.reason });
    }
    await expectHealthyRoom();
  });

  it('a frame over the limit closes with 1009', async () => {
    const closed = await sendAndWaitClose(new Uint8Array(1024 * 1024 + 10));
    expect(closed.code).toBe(CLOSE.tooBig.code);
    await expectHealthyRoom();
  });

  it('an update with an absurd clock range is refused before it touches the document', async () => {
    // A GC struct for client 1 claiming 2^40 clock units: [1 client][1 struct][client 1][clock 0][GC info 0][len 2^40][empty ds]
    const encoder = [1, 1, 1, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0];
    const closed = await sendAndWaitClose(updateFrame(new Uint8Array(encoder)));
    expect(closed.code).toBe(CLOSE.malformed.code);
    await expectHealthyRoom();
  });

  it('a flood of messages closes with 4429', async () => {
    const socket = rawSocket(server, fixture.board.docName, fixture.participant.cookie);
    await socket.opened;
    // Sync first, so that on a slow machine the first-sync deadline cannot close the socket before the flood does.
    socket.ws.send(syncStep1Frame(Y.encodeStateVector(new Y.Doc())));
    await waitFor(() => socket.received.length > 0, 'first sync answered', 10_000);
    const query = new Uint8Array([3]);
    for (let i = 0; i < 20_000 && socket.ws.readyState === socket.ws.OPEN; i++) socket.ws.send(query);
    expect((await socket.closed).code).toBe(CLOSE.rateLimited.code);
    await expectHealthyRoom();
  });

  it('a socket that never syncs is closed at the first-sync deadline', async () => {
    const socket = rawSocket(server, fixture.board.docName, fixture.participant.cookie);
    const started = performance.now();
    expect((await socket.closed).code).toBe(CLOSE.firstSyncDeadline.code);
    expect(performance.now() - started).toBeGreaterThan(1_500);
  });
});

describe('fuzz', () => {
  it('10,000+ random and mutated frames: only offending connections close, the room keeps syncing and stays identical to storage', async () => {
    // Seed material: real frames of the protocol.
    const source = new Y.Doc();
    const seeds: Uint8Array[] = [];
    let previous = Y.encodeStateVector(source);
    for (let i = 0; i < 20; i++) {
      source.getMap('m').set(`k${i}`, { n: i, s: 'x'.repeat(i) });
      source.getText('t').insert(0, `line ${i}\n`);
      if (i % 3 === 0) source.getText('t').delete(0, 2);
      seeds.push(updateFrame(Y.encodeStateAsUpdate(source, previous)));
      previous = Y.encodeStateVector(source);
    }
    seeds.push(syncStep1Frame(Y.encodeStateVector(source)), syncStep2Frame(Y.encodeStateAsUpdate(source)));
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: 'Fuzz' } });
    seeds.push(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID])));
    awareness.destroy();

    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const int = (n: number) => Math.floor(random() * n);
    const mutate = (bytes: Uint8Array): Uint8Array => {
      const out = bytes.slice();
      switch (int(5)) {
        case 0: // flip bytes
          for (let i = 0, n = 1 + int(4); i < n && out.length; i++) out[int(out.length)] ^= 1 << int(8);
          return out;
        case 1: // truncate
          return out.subarray(0, int(out.length));
        case 2: // set a byte to an extreme
          if (out.length) out[int(out.length)] = [0, 0x7f, 0x80, 0xff][int(4)];
          return out;
        case 3: // splice two frames
          return new Uint8Array([...out.subarray(0, int(out.length)), ...seeds[int(seeds.length)].subarray(int(8))]);
        default: // duplicate a slice
          return new Uint8Array([...out, ...out.subarray(int(out.length))]);
      }
    };
    const nextFrame = (): Uint8Array => {
      if (random() < 0.3) return Uint8Array.from({ length: int(64) }, () => int(256));
      return mutate(seeds[int(seeds.length)]);
    };

    const started = performance.now();
    const closes = new Map<number, number>();
    const count = (code: number) => closes.set(code, (closes.get(code) ?? 0) + 1);

    // Most frames go through the relay's own connections over an in-memory transport (the relay is
    // transport-agnostic): the same limits, decoding, rights and room code, without a TCP handshake per close.
    const token = decodeURIComponent(fixture.participant.cookie!.split('=')[1]);
    const decision = await decideUpgrade(server.store, { token, docName: fixture.board.docName, now: new Date(), idleMs: 3_600_000 });
    if (!decision.ok) throw new Error('participant should be admitted');
    const IN_MEMORY = Number(process.env.FUZZ_FRAMES ?? 10_000);
    let inMemorySent = 0;
    while (inMemorySent < IN_MEMORY) {
      let closedWith: number | undefined;
      const connection = server.collab.relay.open(
        { send: () => {}, close: (code) => (closedWith = code) },
        decision.identity,
        decision.access
      );
      if (!connection) throw new Error('not admitted');
      // The document is in memory already: joining takes a turn of the event loop.
      while (!(connection as unknown as { room?: unknown }).room && closedWith === undefined) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      while (closedWith === undefined && inMemorySent < IN_MEMORY) {
        connection.receive(nextFrame());
        inMemorySent++;
        if (inMemorySent % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await new Promise((resolve) => setImmediate(resolve));
      if (closedWith === undefined) connection.transportClosed();
      else count(closedWith);
    }

    // And a thousand through real WebSockets, one frame in flight at a time.
    const OVER_WIRE = 1_000;
    let wireSent = 0;
    const worker = async () => {
      while (wireSent < OVER_WIRE) {
        const socket = rawSocket(server, fixture.board.docName, fixture.participant.cookie);
        await Promise.race([socket.opened, socket.closed]);
        let open = socket.ws.readyState === socket.ws.OPEN;
        socket.closed.then(({ code }) => {
          open = false;
          count(code);
        });
        while (open && wireSent < OVER_WIRE) {
          socket.ws.send(nextFrame());
          wireSent++;
          // A ping is answered after every earlier frame was handled: one frame in flight at a time.
          await new Promise<void>((resolve) => {
            socket.ws.once('pong', () => resolve());
            socket.closed.then(() => resolve());
            socket.ws.ping();
          });
        }
        if (socket.ws.readyState === socket.ws.OPEN) socket.ws.close();
        await socket.closed;
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const sent = inMemorySent + wireSent;
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(closes.get(CLOSE.malformed.code) ?? 0).toBeGreaterThan(100);
    console.log('fuzz', { inMemorySent, wireSent, ms: Math.round(performance.now() - started), closes: Object.fromEntries(closes) });
    await expectHealthyRoom();
    // Healthy clients agree with each other and with what is stored.
    await server.collab.relay.flush();
    const vector = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex');
    await waitFor(() => vector(healthyA.doc) === vector(healthyB.doc), 'healthy convergence');
    const stored = new Y.Doc();
    const state = await server.store.documents.load(fixture.board.id);
    if (state.snapshot) Y.applyUpdate(stored, state.snapshot.state);
    for (const row of state.updates) Y.applyUpdate(stored, row.update);
    expect(vector(stored)).toBe(vector(healthyA.doc));
    expect(stored.getMap('health').toJSON()).toEqual(healthyA.doc.getMap('health').toJSON());
  }, 120_000);
});
