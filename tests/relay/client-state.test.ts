/** src/lib/sync against the real relay: the state people see follows what the relay decides. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CollabConnections } from '../../src/lib/sync/collab.svelte';
import { boardFixture, cookieWebSocket, startRelayServer, waitFor, type RelayServer } from './server';

let server: RelayServer;
const connections: CollabConnections[] = [];
const connectionsFor = (cookie: string | undefined) => {
  const c = new CollabConnections({ origin: server.origin, WebSocketPolyfill: cookieWebSocket(cookie) as unknown as typeof WebSocket });
  connections.push(c);
  return c;
};

beforeAll(async () => {
  server = await startRelayServer();
});
afterAll(async () => {
  connections.forEach((c) => c.closeAll());
  await server.close();
});

it('synced, then read-only when locked, then synced again when unlocked', async () => {
  const { facilitator, participant, board } = await boardFixture(server);
  const collab = connectionsFor(participant.cookie);
  const doc = collab.open(board.docName);
  expect(collab.open(board.docName)).toBe(doc); // shared between components
  await waitFor(() => doc.status === 'synced', 'synced');
  await facilitator.patch(`/api/boards/${board.id}`, { locked: true });
  await waitFor(() => doc.status === 'read-only', 'read-only', 1_000);
  expect(doc.readOnly).toBe(true);
  expect(doc.description).toMatch(/View only/);
  await facilitator.patch(`/api/boards/${board.id}`, { locked: false });
  await waitFor(() => doc.status === 'synced' && !doc.readOnly, 'writable again', 3_000);
  collab.release(board.docName);
  collab.release(board.docName);
  expect(doc.provider.shouldConnect).toBe(false);
});

it('refused with words for people', async () => {
  const { board } = await boardFixture(server);
  const stranger = server.client();
  await stranger.signup('Stranger');
  const doc = connectionsFor(stranger.cookie).open(board.docName);
  await waitFor(() => doc.status === 'refused', 'refused');
  expect(doc.refusal).toMatchObject({ code: 4403, message: 'You do not have access to this.' });
  const anonymous = connectionsFor(undefined).open(board.docName);
  await waitFor(() => anonymous.status === 'refused', 'refused anonymous');
  expect(anonymous.refusal?.code).toBe(4401);
});
