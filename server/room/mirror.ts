/**
 * Mirrors each room's shared view into its read-only session_state document: on 'room.changed' the relay writes it
 * as the server (stored, then sent to every reader, in this and other processes). Writes of one session are made
 * in order.
 */
import { writeSharedView } from '../../src/lib/core/room';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { Relay } from '../relay/relay';
import { sessionStateDocName } from '../../src/lib/core/documents/names';

export function mirrorRoomsIntoDocuments(deps: { events: EventBus; relay: Pick<Relay, 'writeAsServer'>; logger: Logger }): () => void {
  const chains = new Map<string, Promise<void>>();
  return deps.events.on('room.changed', ({ sessionId, view }) => {
    const write = (chains.get(sessionId) ?? Promise.resolve())
      .then(() => deps.relay.writeAsServer(sessionStateDocName(sessionId), (doc) => writeSharedView(doc, view)))
      .catch((error) => deps.logger.error('room state could not be mirrored', { error, sessionId }));
    chains.set(sessionId, write);
    void write.then(() => {
      if (chains.get(sessionId) === write) chains.delete(sessionId);
    });
  });
}
