/**
 * composeServer: the one composition root. From one Config and one Store it builds, once each, the Hono app
 * (API, /healthz) with its room service, the relay (/collab, /metrics, with the session-end board versions), the
 * mirror of live session rooms into their read-only documents, the media service and the PeerJS signalling (/peerjs),
 * and on start it re-arms the breakout timers of live rooms (pairs return when their time ends across a restart). server/main.ts, every
 * test server and every benchmark server call it; they add only a listener (and main.ts the SvelteKit pages).
 */
import type { Server } from 'node:http';
import { createApp, type App } from './app';
import type { Config } from './config';
import { EventBus } from './events';
import type { AppDeps } from './http/context';
import { LocalSignInLimits } from './http/rate-limit';
import { createRedisSignInLimits } from './http/shared-attempts';
import { createRedisBuckets } from './http/shared-buckets';
import type { Logger } from './log';
import { mountRelay, type MountedRelay } from './relay/mount';
import { mirrorRoomsIntoDocuments } from './room/mirror';
import { RoomService } from './room/service';
import { createRedisRoomStreams, NoOtherProcesses } from './room/shared-streams';
import type { SignallingBus } from './signalling/bus';
import type { HubOptions } from './signalling/hub';
import { mountSignalling, type MountedSignalling } from './signalling/mount';
import { createRedisSignallingBus } from './signalling/redis-bus';
import { configureMedia, type MediaService } from './signalling/service';
import type { Store } from './storage/store';

export interface ComposeInput {
  config: Config;
  store: Store;
  logger: Logger;
  /** The current time (tests move it). */
  now?: () => Date;
  events?: EventBus;
  /** Node process figures on /metrics (the real server; tests leave them out). */
  processMetrics?: boolean;
  /** Test seams: a stand-in admission, hub timings, an in-memory bus shared by two test servers. */
  media?: Partial<MediaService>;
  hubOptions?: Partial<HubOptions>;
  signallingBus?: SignallingBus;
}

export interface ComposedServer {
  app: App;
  deps: AppDeps;
  collab: MountedRelay;
  signalling: MountedSignalling;
  /** Call once the HTTP server exists: WebSocket upgrades for /collab and /peerjs. */
  injectWebSocket(server: Server): void;
  /** Closes signalling, then the relay (1001 to every socket, the backlog stored); the store stays open. */
  close(): Promise<void>;
}

export async function composeServer(input: ComposeInput): Promise<ComposedServer> {
  const { config, store, logger } = input;
  const events = input.events ?? new EventBus();
  // With REDIS_URL the chat and reaction limits count across every process, not per process.
  const rateBuckets = config.relay.redisUrl ? await createRedisBuckets(config.relay.redisUrl, logger) : undefined;
  // … and so do the sign-in limits (passwords, second-factor codes): N processes must not give N times the attempts.
  const signInLimits = config.relay.redisUrl ? await createRedisSignInLimits(config.relay.redisUrl, logger) : new LocalSignInLimits();
  const deps: AppDeps = { store, config, logger, events, now: input.now ?? (() => new Date()), rateBuckets, signInLimits };
  // A person's leave grace asks whether they came back on another process before it marks them gone.
  const roomStreams = config.relay.redisUrl ? await createRedisRoomStreams(config.relay.redisUrl, logger) : new NoOtherProcesses();
  const rooms = new RoomService(deps, config.room, roomStreams);
  const app = createApp(deps, { rooms });
  if (input.media) configureMedia(deps, input.media);
  // Before any catch-all the caller adds: /collab/:docName (WebSocket) and /metrics.
  const collab = await mountRelay(app, deps, config.relay, { processMetrics: input.processMetrics });
  // The live session rooms' shared view goes into their read-only documents, written by the server alone.
  const stopMirror = mirrorRoomsIntoDocuments({ events, relay: collab.relay, logger });
  const bus = input.signallingBus ?? (config.relay.redisUrl ? await createRedisSignallingBus(config.relay.redisUrl, logger) : undefined);
  // /peerjs/peerjs (WebSocket) on the relay's one upgrader.
  const signalling = mountSignalling(app, deps, collab.upgradeWebSocket, { bus, hubOptions: input.hubOptions });
  // Pairs working in a live room when this process starts return when their time ends, streams or not. (Should the
  // look-up fail, the server still starts: a room stream opening arms its room's timer as before.)
  try {
    const resumed = await rooms.resumeBreakouts();
    if (resumed) logger.info('room: breakout timers armed on start', { rooms: resumed });
  } catch (error) {
    logger.error('room: arming breakout timers on start failed', { error });
  }
  return {
    app,
    deps,
    collab,
    signalling,
    injectWebSocket: (server) => collab.injectWebSocket(server),
    async close() {
      rooms.close();
      await roomStreams.close();
      stopMirror();
      await signalling.close();
      await collab.close();
      await rateBuckets?.close();
      await signInLimits.close();
    }
  };
}
