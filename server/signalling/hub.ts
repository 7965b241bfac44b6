/**
 * The signalling hub: the PeerJS server protocol over sockets it does not own (mount.ts gives it @hono/node-ws
 * sockets; tests can give it anything with send and close). It knows nothing of HTTP, cookies or the room: the socket
 * arrives with its grant already checked.
 *
 * Rules: a peer signals only peers of its own session and of its own part of the room (the group, a side room, a
 * breakout pair: server/room-parts); when parts change, peers newly together get JOIN and peers newly apart get
 * LEAVE (in that order, so a link that stays is never dropped first); the server sets `src`; a message for a peer that is not
 * connected waits QUEUE_EXPIRE_MS, then its sender gets EXPIRE; a silent socket is closed after ALIVE_TIMEOUT_MS;
 * bad frames get ERROR or a close with a reason, never an exception; when a peer goes, the others get LEAVE
 * (the stock client then hangs up on it).
 *
 * Beside it: partition.ts (who is in which part, and who meets or hangs up when parts change), waiting.ts (messages
 * for a peer not yet connected), grants.ts (the grants it met). This file owns the sockets and sends everything.
 */
import { CLOSE, type CloseCode } from '../../src/lib/core/protocol';
import {
  ALIVE_TIMEOUT_MS,
  MAX_SIGNAL_FRAME_BYTES,
  parseMediaRequest,
  QUEUE_EXPIRE_MS,
  SIGNALLING_MESSAGES,
  type MediaNotice,
  type ServerMessage
} from '../../src/lib/core/protocol';
import type { Logger } from '../log';
import type { BusEvent, RevokeTarget, SessionNotice, SignallingBus } from './bus';
import { grantMatches, KnownGrants, type GrantStore, type PeerGrant } from './grants';
import { TokenBucket } from '../http/token-bucket';
import type { PartsLookup } from '../room-parts';
import { PeerPartition, type PlacedPeer } from './partition';
import { WaitingMessages } from './waiting';

export interface PeerSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface HubOptions {
  aliveTimeoutMs: number;
  expireMs: number;
  maxFrameBytes: number;
  messagesPerSecond: number;
  messageBurst: number;
  /** Messages waiting for one absent peer; more are dropped (the sender gets EXPIRE for them). */
  maxQueuedPerPeer: number;
  sweepEveryMs: number;
}

export const DEFAULT_HUB_OPTIONS: HubOptions = {
  aliveTimeoutMs: ALIVE_TIMEOUT_MS,
  expireMs: QUEUE_EXPIRE_MS,
  maxFrameBytes: MAX_SIGNAL_FRAME_BYTES,
  messagesPerSecond: 50,
  messageBurst: 300,
  maxQueuedPerPeer: 200,
  sweepEveryMs: 250
};

interface Peer extends PlacedPeer {
  socket: PeerSocket;
  /** The client's per-Peer random token (PeerJS `token`): the same token may take over its id after a network change. */
  token: string;
  lastSeen: number;
  bucket: TokenBucket;
  /** Keeps one sender's messages in order while grants are looked up. */
  chain: Promise<void>;
}

export interface HubDeps {
  grants: GrantStore;
  logger: Logger;
  bus?: SignallingBus;
  now?: () => number;
  options?: Partial<HubOptions>;
  /**
   * Asked before a facilitator's media action (mute one, ask all to mute): is the grant's holder still facilitating?
   * Role changes reach this process's peers at once (regrant); this also covers a change made on another process.
   */
  stillFacilitating?: (grant: PeerGrant) => Promise<boolean>;
  /** Where each person is in the room; without it everyone in a session is in one part. */
  parts?: PartsLookup;
}

const RELAYED = new Set(['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE']);

export class SignallingHub {
  private readonly peers = new Map<string, Peer>();
  private readonly partition: PeerPartition;
  private readonly waiting: WaitingMessages;
  private readonly knownGrants: KnownGrants;
  private readonly options: HubOptions;
  private readonly now: () => number;
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(private readonly deps: HubDeps) {
    this.options = { ...DEFAULT_HUB_OPTIONS, ...deps.options };
    this.now = deps.now ?? Date.now;
    this.partition = new PeerPartition(deps.parts);
    this.waiting = new WaitingMessages({ maxPerPeer: this.options.maxQueuedPerPeer, expireMs: this.options.expireMs });
    this.knownGrants = new KnownGrants(deps.grants);
    this.sweeper = setInterval(() => this.sweep(), this.options.sweepEveryMs);
    this.sweeper.unref?.();
    deps.bus?.onPeerMessage((peerId, message) => {
      const peer = this.peers.get(peerId);
      if (!peer) return;
      if (message.type === 'JOIN') this.learnRemote(peer.grant.sessionId, message.src, message.payload.userId);
      this.send(peer, message);
    });
    deps.bus?.onSessionNotice((sessionId, notice) => this.onRemoteNotice(sessionId, notice));
    deps.bus?.onEvent((event) => this.onBusEvent(event));
    deps.parts?.onChange((sessionId) => this.repartition(sessionId));
  }

  get peerCount(): number {
    return this.peers.size;
  }

  isConnected(peerId: string): boolean {
    return this.peers.has(peerId);
  }

  /**
   * A checked socket opens: OPEN, then a JOIN for everyone already there (and to them), then any waiting messages.
   * The id already connected: the same client reconnecting (same token, e.g. after a network change) takes over
   * quietly, as the stock PeerServer allows; anyone else gets ID-TAKEN.
   */
  open(socket: PeerSocket, grant: PeerGrant, token = ''): boolean {
    const existing = this.peers.get(grant.peerId);
    if (existing && token && existing.token === token) return this.takeOver(existing, socket);
    if (existing) {
      this.write(socket, { type: 'ID-TAKEN', payload: { msg: SIGNALLING_MESSAGES.idTaken } });
      socket.close(CLOSE.forbidden.code, 'id taken');
      return false;
    }
    const now = this.now();
    const bucket = new TokenBucket(this.options.messagesPerSecond, this.options.messageBurst, now);
    const peer: Peer = { grant, socket, token, lastSeen: now, bucket, chain: Promise.resolve(), part: this.partition.partOf(grant) };
    this.knownGrants.remember(grant);
    const sessionPeers = this.localSessionPeers(grant.sessionId).filter((other) => other.part === peer.part);
    this.peers.set(grant.peerId, peer);
    this.send(peer, { type: 'OPEN' });
    for (const other of sessionPeers) {
      this.send(peer, { type: 'JOIN', src: other.grant.peerId, payload: { userId: other.grant.userId } });
      this.send(other, { type: 'JOIN', src: grant.peerId, payload: { userId: grant.userId } });
    }
    this.flushQueue(grant.peerId);
    const bus = this.deps.bus;
    if (bus) {
      void Promise.all([bus.watchPeer(grant.peerId), bus.watchSession(grant.sessionId)])
        .then(() => {
          bus.announce({ kind: 'online', peerId: grant.peerId });
          bus.toSession(grant.sessionId, { kind: 'join', peerId: grant.peerId, userId: grant.userId });
        })
        .catch((error) => this.deps.logger.warn('signalling bus subscribe failed', { error }));
    }
    return true;
  }

  private takeOver(peer: Peer, socket: PeerSocket): boolean {
    const old = peer.socket;
    peer.socket = socket;
    peer.lastSeen = this.now();
    try {
      old.close(1000, 'replaced by a new connection');
    } catch {
      /* already gone */
    }
    this.send(peer, { type: 'OPEN' });
    peer.part = this.partition.partOf(peer.grant);
    for (const other of this.localSessionPeers(peer.grant.sessionId)) {
      if (other !== peer && other.part === peer.part) this.send(peer, { type: 'JOIN', src: other.grant.peerId, payload: { userId: other.grant.userId } });
    }
    this.flushQueue(peer.grant.peerId);
    return true;
  }

  /** A frame from a peer's socket. Never throws. */
  receive(peerId: string, socket: PeerSocket, data: string | ArrayBuffer | Uint8Array): void {
    const peer = this.peers.get(peerId);
    if (!peer || peer.socket !== socket) return;
    try {
      this.handle(peer, data);
    } catch (error) {
      this.deps.logger.error('signalling message failed', { error });
      this.drop(peer, CLOSE.internal);
    }
  }

  /** The socket closed by itself (the person left, the network went): the others hang up on this peer. */
  closed(peerId: string, socket: PeerSocket): void {
    const peer = this.peers.get(peerId);
    if (!peer || peer.socket !== socket) return;
    this.forget(peer);
  }

  /** Cuts every matching peer here at once, and (with a bus) everywhere else. */
  revoke(target: RevokeTarget, reason: 'revoked' | 'session_ended' = 'revoked'): number {
    this.deps.bus?.announce({ kind: 'revoke', target, reason });
    return this.revokeHere(target, reason);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const peer of [...this.peers.values()]) this.drop(peer, CLOSE.goingAway);
    this.waiting.clear();
  }

  private revokeHere(target: RevokeTarget, reason: 'revoked' | 'session_ended'): number {
    const cut = [...this.peers.values()].filter((peer) => grantMatches(peer.grant, target));
    for (const peer of cut) {
      this.send(peer, { type: 'ERROR', payload: { msg: SIGNALLING_MESSAGES.revoked } });
      this.drop(peer, reason === 'revoked' ? CLOSE.revoked : CLOSE.goingAway);
    }
    return cut.length;
  }

  private handle(peer: Peer, data: string | ArrayBuffer | Uint8Array): void {
    peer.lastSeen = this.now();
    if (typeof data !== 'string') return this.drop(peer, CLOSE.malformed, SIGNALLING_MESSAGES.malformed);
    if (Buffer.byteLength(data) > this.options.maxFrameBytes) return this.drop(peer, CLOSE.tooBig, SIGNALLING_MESSAGES.tooBig);
    if (!peer.bucket.take(this.now())) return this.drop(peer, CLOSE.rateLimited);
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return this.drop(peer, CLOSE.malformed, SIGNALLING_MESSAGES.malformed);
    }
    if (!message || typeof message !== 'object' || Array.isArray(message)) return this.error(peer, 'A message is a JSON object.');
    const { type, dst, payload } = message as { type?: unknown; dst?: unknown; payload?: unknown };
    if (type === 'HEARTBEAT') return;
    if (type === 'MEDIA') return this.media(peer, payload);
    if (typeof type !== 'string' || !RELAYED.has(type)) return this.error(peer, `Unknown message type.`);
    if (typeof dst !== 'string' || dst.length === 0 || dst.length > 64) return this.error(peer, 'A message needs a dst peer id.');
    const relayed = { type, src: peer.grant.peerId, dst, ...(payload !== undefined ? { payload } : {}) } as ServerMessage;
    peer.chain = peer.chain.then(() => this.route(peer, dst, relayed)).catch((error) => {
      this.deps.logger.warn('signalling route failed', { error });
    });
  }

  private async route(from: Peer, dst: string, message: ServerMessage): Promise<void> {
    const local = this.peers.get(dst);
    const target = local?.grant ?? (await this.knownGrants.get(dst));
    if (target && target.sessionId !== from.grant.sessionId) {
      this.deps.logger.warn('cross-session signalling refused', { sessionId: from.grant.sessionId });
      return this.error(from, SIGNALLING_MESSAGES.otherSession);
    }
    if (target && !this.partition.samePart(from.grant, target)) {
      this.deps.logger.warn('cross-part signalling refused', { sessionId: from.grant.sessionId });
      return this.error(from, SIGNALLING_MESSAGES.otherPart);
    }
    if (local) return this.send(local, message);
    if (this.deps.bus && (await this.deps.bus.toPeer(dst, message))) return;
    this.enqueue(from.grant, dst, message);
  }

  /**
   * The holder's role changed: their grants here say so from now on (a demoted co-facilitator can no longer mute
   * anyone; a promoted participant can), and the stored grant too, so a reconnect with the same id agrees.
   */
  regrant(target: RevokeTarget, facilitating: boolean): number {
    const changed = [...this.peers.values()].filter((peer) => grantMatches(peer.grant, target) && peer.grant.facilitating !== facilitating);
    for (const peer of changed) {
      peer.grant = { ...peer.grant, facilitating };
      this.knownGrants.remember(peer.grant);
      // The client hears it at once (and drops or gains the facilitator's media controls) without reconnecting.
      const msg = facilitating ? SIGNALLING_MESSAGES.grantedFacilitator : SIGNALLING_MESSAGES.grantWithdrawn;
      this.send(peer, { type: 'GRANT', payload: { facilitating, msg } });
      void this.deps.grants.save(peer.grant).catch((error) => this.deps.logger.warn('signalling grant not re-saved', { error }));
    }
    return changed.length;
  }

  private media(peer: Peer, payload: unknown): void {
    const request = parseMediaRequest(payload);
    if (!request) return this.error(peer, 'That media request is not valid.');
    if (request.action === 'state') return this.toSession(peer, request);
    const refuse = () => this.send(peer, { type: 'REFUSED', payload: { msg: SIGNALLING_MESSAGES.notFacilitator } });
    if (!peer.grant.facilitating) return refuse();
    peer.chain = peer.chain.then(async () => {
      if (this.deps.stillFacilitating && !(await this.deps.stillFacilitating(peer.grant))) {
        this.regrant({ sessionId: peer.grant.sessionId, userId: peer.grant.userId }, false);
        return refuse();
      }
      if (request.action === 'ask_all_to_mute') return this.toSession(peer, { action: 'ask_all_to_mute' });
      const target = this.peers.get(request.peerId)?.grant ?? (await this.knownGrants.get(request.peerId));
      if (!target || target.sessionId !== peer.grant.sessionId) return this.error(peer, SIGNALLING_MESSAGES.otherSession);
      this.toSession(peer, { action: 'muted', peerId: request.peerId });
    }).catch((error) => this.deps.logger.warn('signalling media request failed', { error }));
  }

  private toSession(from: Peer, notice: MediaNotice): void {
    const message: ServerMessage = { type: 'MEDIA', src: from.grant.peerId, payload: notice };
    for (const other of this.localSessionPeers(from.grant.sessionId)) if (other !== from) this.send(other, message);
    this.deps.bus?.toSession(from.grant.sessionId, { kind: 'media', message });
  }

  private onRemoteNotice(sessionId: string, notice: SessionNotice): void {
    const here = this.localSessionPeers(sessionId);
    if (notice.kind === 'media') {
      const src = (notice.message as { src?: string }).src;
      for (const peer of here) if (peer.grant.peerId !== src) this.send(peer, notice.message);
    } else if (notice.kind === 'leave') {
      this.partition.forgetRemote(sessionId, notice.peerId);
      for (const peer of here) this.send(peer, { type: 'LEAVE', src: notice.peerId, dst: peer.grant.peerId });
    } else if (notice.kind === 'present') {
      for (const { peerId, userId } of notice.peers) this.learnRemote(sessionId, peerId, userId);
    } else {
      if (this.peers.has(notice.peerId)) return;
      this.learnRemote(sessionId, notice.peerId, notice.userId);
      if (here.length > 0) {
        const peers = here.map((peer) => ({ peerId: peer.grant.peerId, userId: peer.grant.userId }));
        this.deps.bus?.toSession(sessionId, { kind: 'present', peers });
      }
      const part = this.partition.partOfUser(sessionId, notice.userId);
      for (const peer of here) {
        if (peer.part !== part) continue;
        this.send(peer, { type: 'JOIN', src: notice.peerId, payload: { userId: notice.userId } });
        void this.deps.bus?.toPeer(notice.peerId, { type: 'JOIN', src: peer.grant.peerId, payload: { userId: peer.grant.userId } });
      }
    }
  }

  private learnRemote(sessionId: string, peerId: string, userId: string): void {
    if (!this.peers.has(peerId)) this.partition.learnRemote(sessionId, peerId, userId);
  }

  private onBusEvent(event: BusEvent): void {
    if (event.kind === 'revoke') this.revokeHere(event.target, event.reason);
    else if (this.waiting.has(event.peerId)) void this.flushRemote(event.peerId);
  }

  private enqueue(from: PeerGrant, dst: string, message: ServerMessage): void {
    if (!this.waiting.add(from, dst, message, this.now())) this.expire(from, dst);
  }

  private flushQueue(peerId: string): void {
    const peer = this.peers.get(peerId);
    const queue = peer && this.waiting.take(peerId);
    if (!queue || !peer) return;
    for (const item of queue) {
      if (item.from.sessionId === peer.grant.sessionId && this.partition.samePart(item.from, peer.grant)) this.send(peer, item.message);
    }
  }

  private async flushRemote(peerId: string): Promise<void> {
    const queue = this.waiting.take(peerId);
    if (!queue) return;
    const target = await this.knownGrants.get(peerId);
    for (const item of queue) {
      if (target && (target.sessionId !== item.from.sessionId || !this.partition.samePart(item.from, target))) continue;
      if (!(await this.deps.bus!.toPeer(peerId, item.message))) this.enqueue(item.from, peerId, item.message);
    }
  }

  /** Tells the sender that `dst` never came: the stock client reports "Could not connect to peer". */
  private expire(from: PeerGrant, dst: string): void {
    const message: ServerMessage = { type: 'EXPIRE', src: dst, dst: from.peerId };
    const local = this.peers.get(from.peerId);
    if (local) this.send(local, message);
    else void this.deps.bus?.toPeer(from.peerId, message);
  }

  private sweep(): void {
    const now = this.now();
    for (const { from, dst } of this.waiting.sweep(now)) this.expire(from, dst);
    for (const peer of [...this.peers.values()]) {
      if (now - peer.lastSeen > this.options.aliveTimeoutMs) this.drop(peer, { code: 4408, reason: 'no heartbeat' });
    }
  }


  /** The session's parts changed: peers now together meet, peers now apart hang up (PeerPartition.repartition). */
  repartition(sessionId: string): void {
    for (const [peer, message] of this.partition.repartition(sessionId, this.localSessionPeers(sessionId))) this.send(peer, message);
  }

  private localSessionPeers(sessionId: string): Peer[] {
    return [...this.peers.values()].filter((peer) => peer.grant.sessionId === sessionId);
  }

  /** ERROR for a request the server refuses; the stock client gives up its Peer on it, ours reports it. */
  private error(peer: Peer, msg: string): void {
    this.send(peer, { type: 'ERROR', payload: { msg } });
  }

  private drop(peer: Peer, close: CloseCode, msg?: string): void {
    if (msg) this.error(peer, msg);
    try {
      peer.socket.close(close.code, close.reason);
    } catch (error) {
      this.deps.logger.warn('signalling socket close failed', { error });
    }
    this.forget(peer);
  }

  private forget(peer: Peer): void {
    if (this.peers.get(peer.grant.peerId) !== peer) return;
    this.peers.delete(peer.grant.peerId);
    const { peerId, sessionId } = peer.grant;
    for (const other of this.localSessionPeers(sessionId)) this.send(other, { type: 'LEAVE', src: peerId, dst: other.grant.peerId });
    const bus = this.deps.bus;
    if (bus) {
      bus.toSession(sessionId, { kind: 'leave', peerId });
      bus.unwatchPeer(peerId);
      if (this.localSessionPeers(sessionId).length === 0) {
        bus.unwatchSession(sessionId);
        this.partition.forgetSession(sessionId);
      }
    }
  }

  private send(peer: Peer, message: ServerMessage): void {
    this.write(peer.socket, message);
  }

  private write(socket: PeerSocket, message: ServerMessage): void {
    try {
      socket.send(JSON.stringify(message));
    } catch (error) {
      this.deps.logger.debug('signalling send failed', { error });
    }
  }
}
