/**
 * A light Yjs benchmark client over `ws`: y-protocols sync messages, one small Y.Doc per client, and (for the
 * therapy-group workload) awareness updates carrying a cursor and a stamp.
 * The same code talks to every server; only the framing differs ("dialect"):
 * - 'y-websocket': the room is the URL path, frames are [type][payload] (our relay and @y/websocket-server);
 * - 'hocuspocus': one socket can carry several documents, frames are [docName][type][payload], and the first
 *   frame for a document is an auth token.
 * Each update carries a stamp [senderIndex, seq, sentAt] in a Y.Map entry; receivers decode the update (without
 * applying it to a document, to keep the client side cheap) and report every stamp they see.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';

export type Dialect = 'y-websocket' | 'hocuspocus';

export interface RoomTarget {
  /** ws:// URL to open: for 'y-websocket' it already ends with the room name. */
  url: string;
  docName: string;
  dialect: Dialect;
  headers?: Record<string, string>;
}

/** [sender index, sequence number, send time in ms on the shared monotonic clock]. */
export type Stamp = [number, number, number];

/** Milliseconds on CLOCK_MONOTONIC: the same clock in every process of this machine. */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const MESSAGE_AWARENESS = 1;
const HOCUSPOCUS_SYNC_REPLY = 4;
const HOCUSPOCUS_AUTH_TOKEN = 0;
const HOCUSPOCUS_PERMISSION_DENIED = 1;
const Y_WEBSOCKET_PERMISSION_DENIED = 0;

/** The stamps inside an update, found by decoding it (cheaper than applying it to a document). */
export function stampsIn(update: Uint8Array): Stamp[] {
  const stamps: Stamp[] = [];
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
    for (const value of struct.content.arr) {
      if (Array.isArray(value) && value.length === 3 && value.every((part) => typeof part === 'number')) {
        stamps.push(value as Stamp);
      }
    }
  }
  return stamps;
}

export class BenchClient {
  readonly doc = new Y.Doc();
  private socket?: WebSocket;
  private seq = 0;
  synced = false;
  closedEarly?: string;

  constructor(
    readonly target: RoomTarget,
    readonly index: number,
    private readonly onStamp: (stamp: Stamp, receivedAt: number, receiver: BenchClient) => void,
    /** Stamps found in other clients' awareness (cursor) updates. */
    private readonly onAwarenessStamp?: (stamp: Stamp, receivedAt: number, receiver: BenchClient) => void
  ) {
    this.doc.on('update', (update: Uint8Array) => {
      const encoder = this.frame(MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.send(encoding.toUint8Array(encoder));
    });
  }

  /** Opens the socket and resolves once the server's sync step 2 arrived; `onOpen` runs when the upgrade is done. */
  open(timeoutMs = 30_000, onOpen?: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.target.url, { headers: this.target.headers, perMessageDeflate: false });
      this.socket = socket;
      socket.binaryType = 'nodebuffer';
      const timer = setTimeout(() => fail(`no sync within ${timeoutMs} ms`), timeoutMs);
      const fail = (reason: string) => {
        clearTimeout(timer);
        this.closedEarly ??= reason;
        socket.terminate();
        reject(new Error(`${this.target.docName}#${this.index}: ${reason}`));
      };
      socket.on('open', () => {
        onOpen?.();
        if (this.target.dialect === 'hocuspocus') {
          const auth = this.frame(MESSAGE_AUTH);
          encoding.writeVarUint(auth, HOCUSPOCUS_AUTH_TOKEN);
          encoding.writeVarString(auth, 'bench');
          this.send(encoding.toUint8Array(auth));
        }
        const step1 = this.frame(MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(step1, this.doc);
        this.send(encoding.toUint8Array(step1));
      });
      socket.on('message', (data: Buffer) => {
        try {
          this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        } catch (error) {
          fail(`bad frame: ${(error as Error).message}`);
          return;
        }
        if (this.synced) {
          clearTimeout(timer);
          resolve();
        }
      });
      socket.on('unexpected-response', (_request, response) => fail(`HTTP ${response.statusCode} on upgrade`));
      socket.on('error', (error) => fail(error.message));
      socket.on('close', (code, reason) => {
        if (!this.synced) fail(`closed ${code} ${reason.toString()}`);
        else this.closedEarly ??= `closed ${code} ${reason.toString()}`;
      });
    });
  }

  /** One small edit: two characters into a Y.Text and this client's stamp into a Y.Map, in one transaction. */
  sendUpdate(sentAt = monotonicMs()): void {
    const seq = ++this.seq;
    this.doc.transact(() => {
      const text = this.doc.getText('text');
      text.insert(text.length, 'ab');
      this.doc.getMap('stamps').set(String(this.index), [this.index, seq, sentAt]);
    });
  }

  private awarenessClock = 0;

  /** A cursor move: an awareness update for this client's id with its position and a stamp (as a browser sends). */
  sendAwareness(sentAt = monotonicMs()): void {
    const clock = ++this.awarenessClock;
    const state = JSON.stringify({ user: { name: `Person ${this.index}` }, cursor: { x: clock % 1280, y: (clock * 7) % 800 }, stamp: [this.index, clock, sentAt] });
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1);
    encoding.writeVarUint(update, this.doc.clientID);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, state);
    const encoder = this.frame(MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
    this.send(encoding.toUint8Array(encoder));
  }

  /** Bytes waiting in the socket's send buffer (back-pressure from a slow server). */
  get buffered(): number {
    return this.socket?.bufferedAmount ?? 0;
  }

  close(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        socket.terminate();
        resolve();
      }, 2_000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.close();
    });
  }

  private frame(type: number): encoding.Encoder {
    const encoder = encoding.createEncoder();
    if (this.target.dialect === 'hocuspocus') encoding.writeVarString(encoder, this.target.docName);
    encoding.writeVarUint(encoder, type);
    return encoder;
  }

  private send(message: Uint8Array): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(message);
  }

  private receive(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    if (this.target.dialect === 'hocuspocus') decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC || (this.target.dialect === 'hocuspocus' && type === HOCUSPOCUS_SYNC_REPLY)) {
      this.receiveSync(decoder);
    } else if (type === MESSAGE_AWARENESS && this.onAwarenessStamp) {
      const receivedAt = monotonicMs();
      const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
      for (let i = decoding.readVarUint(update); i > 0; i--) {
        decoding.readVarUint(update);
        decoding.readVarUint(update);
        const stamp = (JSON.parse(decoding.readVarString(update)) as { stamp?: Stamp } | null)?.stamp;
        if (stamp) this.onAwarenessStamp(stamp, receivedAt, this);
      }
    } else if (type === MESSAGE_AUTH) {
      const authType = decoding.readVarUint(decoder);
      const denied = this.target.dialect === 'hocuspocus' ? HOCUSPOCUS_PERMISSION_DENIED : Y_WEBSOCKET_PERMISSION_DENIED;
      if (authType === denied) throw new Error(`permission denied: ${decoding.readVarString(decoder)}`);
    }
    // Awareness (type 1) outside the therapy workload and Hocuspocus' sync-status acknowledgements (type 8) are not measured.
  }

  private receiveSync(decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      const reply = this.frame(MESSAGE_SYNC);
      syncProtocol.writeSyncStep2(reply, this.doc, decoding.readVarUint8Array(decoder));
      this.send(encoding.toUint8Array(reply));
    } else if (syncType === syncProtocol.messageYjsSyncStep2) {
      decoding.readVarUint8Array(decoder);
      this.synced = true;
    } else if (syncType === syncProtocol.messageYjsUpdate) {
      const receivedAt = monotonicMs();
      for (const stamp of stampsIn(decoding.readVarUint8Array(decoder))) this.onStamp(stamp, receivedAt, this);
    }
  }
}
