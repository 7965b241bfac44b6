/**
 * Finding 5: presence is bound to the signed-in person. An awareness state claiming the facilitator's id and name
 * reaches the others as the sender's own; after the facilitator leaves, their awareness client id cannot be taken
 * over by someone else for as long as the document is in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESENCE_FIELD } from '../../src/lib/core/board/presence';
import { awarenessFrame } from '../../server/relay/frames';
import { encodeAwarenessUpdate } from '../../server/relay/awareness-binding';
import { boardFixture, openProvider, rawSocket, startRelayServer, synced, waitFor, type RelayServer, type TestProvider } from '../relay/server';

let server: RelayServer;
const providers: TestProvider[] = [];
beforeAll(async () => {
  server = await startRelayServer();
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await server.close();
});

function open(docName: string, cookie: string | undefined): TestProvider {
  const provider = openProvider(server, docName, cookie);
  providers.push(provider);
  return provider;
}

const stateOf = (p: TestProvider, clientId: number) => p.provider.awareness.getStates().get(clientId) as any;

describe('presence', () => {
  it('rewrites a claimed user id and name to the sender’s own, at the top and inside the board’s presence field', async () => {
    const { facilitator, facilitatorUser, participant, participantUser, board } = await boardFixture(server);
    const fran = open(board.docName, facilitator.cookie);
    const pat = open(board.docName, participant.cookie);
    await Promise.all([synced(fran), synced(pat)]);
    const impostor = { id: facilitatorUser.id, name: 'Fran', colour: '#000000' };
    pat.provider.awareness.setLocalState({
      user: impostor,
      [PRESENCE_FIELD]: { user: impostor, cursor: { x: 1, y: 2 }, viewport: { x: 0, y: 0, zoom: 9 } }
    });
    const patId = pat.doc.clientID;
    await waitFor(() => stateOf(fran, patId) !== undefined, 'Pat’s presence at Fran');
    const seen = stateOf(fran, patId);
    expect(seen.user).toMatchObject({ id: participantUser.id, name: 'Pat' });
    expect(seen[PRESENCE_FIELD].user).toMatchObject({ id: participantUser.id, name: 'Pat', colour: '#000000' });
    expect(seen[PRESENCE_FIELD].cursor).toEqual({ x: 1, y: 2 });
    expect(JSON.stringify(seen)).not.toContain(facilitatorUser.id);
  });

  it('does not hand the facilitator’s client id to someone else after they leave', async () => {
    const { facilitator, facilitatorUser, participant, board } = await boardFixture(server);
    const watcherClient = server.client();
    // A third person watches (the facilitator's second device, here).
    await watcherClient.post('/api/auth/login', { email: facilitatorUser.email, password: 'correct horse battery' });
    const watcher = open(board.docName, watcherClient.cookie);
    const fran = open(board.docName, facilitator.cookie);
    await Promise.all([synced(watcher), synced(fran)]);
    fran.provider.awareness.setLocalState({ [PRESENCE_FIELD]: { user: { id: facilitatorUser.id, name: 'Fran' }, viewport: { x: 5, y: 5, zoom: 1 } } });
    const franId = fran.doc.clientID;
    await waitFor(() => stateOf(watcher, franId) !== undefined, 'Fran’s presence');
    fran.destroy();
    await waitFor(() => stateOf(watcher, franId) === undefined, 'Fran gone');

    // A crafted update for Fran's client id with a clock far ahead, so Yjs itself would accept it.
    const pat = rawSocket(server, board.docName, participant.cookie);
    await pat.opened;
    const claim = { [PRESENCE_FIELD]: { user: { id: facilitatorUser.id, name: 'Fran' }, viewport: { x: 99, y: 99, zoom: 4 } } };
    pat.ws.send(awarenessFrame(encodeAwarenessUpdate([{ clientId: franId, clock: 10_000, state: JSON.stringify(claim) }])));
    // Pat's own client id is accepted (and bound to Pat), which shows the frame was read.
    pat.ws.send(awarenessFrame(encodeAwarenessUpdate([{ clientId: 4242, clock: 1, state: JSON.stringify(claim) }])));
    await waitFor(() => stateOf(watcher, 4242) !== undefined, 'Pat’s own presence');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stateOf(watcher, franId)).toBeUndefined();
  });
});
