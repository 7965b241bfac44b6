/**
 * RelayBus over Redis pub/sub (ioredis): one channel per document for accepted updates and presence, one for
 * rights events. Each message carries the sending process's id so a process ignores its own.
 * Frame: [kind byte][16-byte process id][payload]. Updates are published only after they are durable.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log';
import type { BusKind, RelayBus } from './bus';

const DOC_PREFIX = 'gst:doc:';
const EVENTS_CHANNEL = 'gst:relay-events';
const KIND_BYTE: Record<BusKind, number> = { update: 0, awareness: 1 };

export async function createRedisBus(url: string, logger: Logger): Promise<RelayBus> {
  const processId = randomBytes(16);
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
  const sub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
  await Promise.all([pub.connect(), sub.connect()]);
  for (const client of [pub, sub]) client.on('error', (error) => logger.warn('redis error', { error }));

  const handlers = new Map<string, (kind: BusKind, bytes: Uint8Array) => void>();
  const eventListeners: Array<(event: { name: string; payload: unknown }) => void> = [];
  await sub.subscribe(EVENTS_CHANNEL);

  sub.on('messageBuffer', (channelBuffer: Buffer, message: Buffer) => {
    const channel = channelBuffer.toString();
    if (message.length < 17 || message.subarray(1, 17).equals(processId)) return;
    const payload = new Uint8Array(message.buffer, message.byteOffset + 17, message.length - 17);
    if (channel === EVENTS_CHANNEL) {
      try {
        const event = JSON.parse(Buffer.from(payload).toString()) as { name: string; payload: unknown };
        for (const listener of eventListeners) listener(event);
      } catch (error) {
        logger.warn('unreadable relay event from redis', { error });
      }
      return;
    }
    const handler = handlers.get(channel.slice(DOC_PREFIX.length));
    if (!handler) return;
    const kind: BusKind = message[0] === KIND_BYTE.update ? 'update' : 'awareness';
    handler(kind, new Uint8Array(payload));
  });

  const frame = (kind: number, payload: Uint8Array) => Buffer.concat([Buffer.from([kind]), processId, payload]);

  return {
    async subscribe(docName, onMessage) {
      handlers.set(docName, onMessage);
      await sub.subscribe(DOC_PREFIX + docName);
    },
    unsubscribe(docName) {
      handlers.delete(docName);
      void sub.unsubscribe(DOC_PREFIX + docName).catch(() => {});
    },
    publish(docName, kind, bytes) {
      void pub.publish(DOC_PREFIX + docName, frame(KIND_BYTE[kind], bytes)).catch((error) => logger.warn('redis publish failed', { error }));
    },
    publishEvent(event) {
      void pub.publish(EVENTS_CHANNEL, frame(9, Buffer.from(JSON.stringify(event)))).catch((error) => logger.warn('redis publish failed', { error }));
    },
    onEvent(listener) {
      eventListeners.push(listener);
    },
    async close() {
      handlers.clear();
      await Promise.allSettled([pub.quit(), sub.quit()]);
    }
  };
}
