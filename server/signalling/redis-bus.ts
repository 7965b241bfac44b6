/**
 * SignallingBus over Redis (ioredis), following server/relay/redis-bus.ts: a channel per connected peer (PUBLISH's
 * receiver count tells whether some process holds it), a channel per session with peers here, one for events.
 * Issued grants live in Redis with their expiry, so an id issued by one process opens a socket on another.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { ServerMessage } from '../../src/lib/core/protocol';
import type { Logger } from '../log';
import type { BusEvent, SessionNotice, SignallingBus } from './bus';
import type { GrantStore, PeerGrant } from './grants';

const PEER = 'gst:sig:peer:';
const SESSION = 'gst:sig:session:';
const EVENTS = 'gst:sig:events';
const GRANT = 'gst:sig:grant:';

interface Envelope {
  from: string;
  body: unknown;
}

export async function createRedisSignallingBus(url: string, logger: Logger): Promise<SignallingBus> {
  const processId = randomUUID();
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
  const sub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
  await Promise.all([pub.connect(), sub.connect()]);
  for (const client of [pub, sub]) client.on('error', (error) => logger.warn('redis error', { error }));

  let onPeer: (peerId: string, message: ServerMessage) => void = () => {};
  let onSession: (sessionId: string, notice: SessionNotice) => void = () => {};
  const eventHandlers: Array<(event: BusEvent) => void> = [];
  const sessionWatchers = new Map<string, number>();

  await sub.subscribe(EVENTS);
  sub.on('message', (channel: string, text: string) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch (error) {
      logger.warn('unreadable signalling message from redis', { error });
      return;
    }
    if (channel.startsWith(PEER)) onPeer(channel.slice(PEER.length), envelope.body as ServerMessage);
    else if (envelope.from === processId) return;
    else if (channel.startsWith(SESSION)) onSession(channel.slice(SESSION.length), envelope.body as SessionNotice);
    else if (channel === EVENTS) for (const handler of eventHandlers) handler(envelope.body as BusEvent);
  });

  const publish = (channel: string, body: unknown) => pub.publish(channel, JSON.stringify({ from: processId, body } satisfies Envelope));
  const quietly = (promise: Promise<unknown>) => void promise.catch((error) => logger.warn('redis publish failed', { error }));

  const grants: GrantStore = {
    async save(grant: PeerGrant) {
      await pub.set(GRANT + grant.peerId, JSON.stringify(grant), 'PX', Math.max(1, grant.expiresAt - Date.now()));
    },
    async get(peerId: string) {
      const text = await pub.get(GRANT + peerId);
      return text ? (JSON.parse(text) as PeerGrant) : undefined;
    }
  };

  return {
    grants,
    async toPeer(peerId, message) {
      try {
        return (await publish(PEER + peerId, message)) > 0;
      } catch (error) {
        logger.warn('redis publish failed', { error });
        return false;
      }
    },
    toSession: (sessionId, notice) => quietly(publish(SESSION + sessionId, notice)),
    announce: (event) => quietly(publish(EVENTS, event)),
    async watchPeer(peerId) {
      await sub.subscribe(PEER + peerId);
    },
    unwatchPeer(peerId) {
      void sub.unsubscribe(PEER + peerId).catch(() => {});
    },
    async watchSession(sessionId) {
      const count = sessionWatchers.get(sessionId) ?? 0;
      sessionWatchers.set(sessionId, count + 1);
      if (count === 0) await sub.subscribe(SESSION + sessionId);
    },
    unwatchSession(sessionId) {
      sessionWatchers.delete(sessionId);
      void sub.unsubscribe(SESSION + sessionId).catch(() => {});
    },
    onPeerMessage(handler) {
      onPeer = handler;
    },
    onSessionNotice(handler) {
      onSession = handler;
    },
    onEvent(handler) {
      eventHandlers.push(handler);
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    }
  };
}
