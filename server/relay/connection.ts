/**
 * One client connection to one document: limits (frame size, message rate, first-sync deadline, queue while the
 * document loads) and the hand-off of decoded frames to its room. Transport-agnostic: the WebSocket adapter
 * gives it a Transport.
 */
import type { Access } from '../../src/lib/core/documents/rights';
import { CLOSE, type CloseCode } from '../../src/lib/core/protocol';
import type { Identity } from './access';
import { MalformedFrame, readFrame } from './frames';
import type { Peer, Room } from './room';
import { TokenBucket } from '../http/token-bucket';

export interface Transport {
  send(bytes: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface ConnectionLimits {
  maxFrameBytes: number;
  messagesPerSecond: number;
  messageBurst: number;
  firstSyncDeadlineMs: number;
  maxQueuedWhileLoading: number;
}

export interface ConnectionHooks {
  onClosed(connection: Connection, close: CloseCode | undefined): void;
  onBytesIn(bytes: number): void;
  onBytesOut(bytes: number): void;
  onError(error: unknown, connection: Connection): void;
}

export class Connection implements Peer {
  private room: Room | undefined;
  private queue: Uint8Array[] = [];
  private readonly bucket: TokenBucket;
  private deadline: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly transport: Transport,
    readonly identity: Identity,
    /** Access until the room takes over (it holds the live value once joined). */
    private initialAccess: Access,
    private readonly limits: ConnectionLimits,
    private readonly hooks: ConnectionHooks
  ) {
    this.bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, performance.now());
    this.deadline = setTimeout(() => this.close(CLOSE.firstSyncDeadline), limits.firstSyncDeadlineMs);
    this.deadline.unref?.();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get access(): Access {
    return this.room?.accessOf(this) ?? this.initialAccess;
  }

  /** The document is loaded: join it and replay what arrived meanwhile. */
  attach(room: Room): void {
    if (this.closed) return;
    this.room = room;
    room.add(this, this.initialAccess as Exclude<Access, 'none'>);
    const queued = this.queue;
    this.queue = [];
    for (const bytes of queued) this.handle(bytes);
  }

  setAccess(access: Access): void {
    if (this.room) this.room.setAccess(this, access);
    else if (access === 'none') this.close(CLOSE.revoked);
    else this.initialAccess = access;
  }

  /** The room answered our first sync. */
  synced(): void {
    clearTimeout(this.deadline);
  }

  receive(bytes: Uint8Array): void {
    if (this.closed) return;
    this.hooks.onBytesIn(bytes.byteLength);
    if (bytes.byteLength > this.limits.maxFrameBytes) return this.close(CLOSE.tooBig);
    if (!this.bucket.take(performance.now())) return this.close(CLOSE.rateLimited);
    if (!this.room) {
      if (this.queue.length >= this.limits.maxQueuedWhileLoading) return this.close(CLOSE.rateLimited);
      this.queue.push(bytes);
      return;
    }
    this.handle(bytes);
  }

  send(bytes: Uint8Array): void {
    if (this.closed) return;
    this.transport.send(bytes);
    this.hooks.onBytesOut(bytes.byteLength);
  }

  /** Closes from our side with a named code. */
  close(close: CloseCode): void {
    if (this.closed) return;
    this.finish(close);
    try {
      this.transport.close(close.code, close.reason);
    } catch {
      /* already gone */
    }
  }

  /** The transport closed (the client left, or the socket died). */
  transportClosed(): void {
    if (!this.closed) this.finish(undefined);
  }

  private finish(close: CloseCode | undefined): void {
    this.closed = true;
    clearTimeout(this.deadline);
    this.queue = [];
    this.room?.remove(this);
    this.hooks.onClosed(this, close);
  }

  private handle(bytes: Uint8Array): void {
    const room = this.room!;
    try {
      const frame = readFrame(bytes);
      room.receive(this, frame).catch((error) => this.fail(error));
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (error instanceof MalformedFrame) return this.close(CLOSE.malformed);
    this.hooks.onError(error, this);
    this.close(CLOSE.internal);
  }
}
