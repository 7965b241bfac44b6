/**
 * The WebSocket face of the relay: GET /collab/:docName with an upgrade. The session cookie is checked before the
 * upgrade; a refused socket is upgraded only to be closed with its named code, so the stock y-websocket provider
 * sees why (and stops retrying for 44xx) without ever receiving a document byte.
 */
import type { Socket } from 'node:net';
import type { UpgradeWebSocket, WSContext, WSEvents } from 'hono/ws';
import { getCookie } from 'hono/cookie';
import { CLOSE } from '../../src/lib/core/protocol';
import { SESSION_COOKIE } from '../auth/login-sessions';
import type { AppContext } from '../http/context';
import { allowedOrigins } from '../http/security';
import { decideUpgrade, type UpgradeDecision } from './access';
import type { Connection, Transport } from './connection';
import type { Relay } from './relay';

/** The `ws` socket under Hono's context: sends and messages go to it directly (see collabHandler). */
type RawSocket = {
  readyState: number;
  send(data: Uint8Array): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): void;
  /** ws's TCP socket (undocumented but stable since ws 1): corked below. */
  _socket?: Pick<Socket, 'cork' | 'uncork'>;
};

/**
 * Every frame one socket is sent in one event-loop turn leaves in one system call: the socket is corked at its first
 * send and uncorked in the loop's check phase. A group-commit batch resolves in one turn, so a peer that gets several
 * of its updates (or a sync's frames) pays one writev instead of one each; one writev per peer per frame was most of
 * the relay's CPU (bench/README.md). The delay is the rest of the current turn.
 */
const corked = new Set<Pick<Socket, 'cork' | 'uncork'>>();
const uncorkAll = () => {
  for (const socket of corked) socket.uncork();
  corked.clear();
};
function corkForThisTurn(socket: Pick<Socket, 'cork' | 'uncork'> | undefined): void {
  if (!socket || corked.has(socket)) return;
  if (corked.size === 0) setImmediate(uncorkAll);
  socket.cork();
  corked.add(socket);
}

function transportOf(ws: WSContext): Transport {
  const raw = ws.raw as RawSocket;
  return {
    send: (bytes) => {
      if (raw.readyState !== 1) return;
      corkForThisTurn(raw._socket);
      raw.send(bytes);
    },
    close: (code, reason) => ws.close(code, reason)
  };
}

/** A binary message as one byte view, without copying (ws hands us a Buffer; fragments arrive joined). */
function bytesOf(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

async function decide(c: AppContext, relay: Relay): Promise<UpgradeDecision> {
  const { config, now, logger } = c.get('deps');
  const origin = c.req.header('origin');
  // Browsers always send Origin on WebSockets: another site's page must not ride the person's cookie.
  if (origin !== undefined && !allowedOrigins(c, config.origin).includes(origin)) {
    return { ok: false, close: CLOSE.forbidden, reason: 'cross_origin' };
  }
  // The document starts loading while its rights are read; a refusal lets it go again (never sent to anyone).
  let release: ((admitted: boolean) => void) | undefined;
  try {
    const decision = await decideUpgrade(relay.upgrades.store, {
      token: getCookie(c, SESSION_COOKIE),
      docName: c.req.param('docName') ?? '',
      now: now(),
      idleMs: config.sessionIdleMs,
      onDocumentKnown: (doc) => (release = relay.preload({ docName: doc.docName, documentId: doc.id }))
    });
    release?.(decision.ok);
    return decision;
  } catch (error) {
    release?.(false);
    logger.error('collaboration upgrade could not be checked', { error });
    return { ok: false, close: CLOSE.unavailable, reason: 'unavailable' };
  }
}

export function collabHandler(relay: Relay, upgradeWebSocket: UpgradeWebSocket) {
  return upgradeWebSocket(async (c) => {
    const decision = await decide(c as unknown as AppContext, relay);
    let connection: Connection | undefined;
    const receive = (bytes: Uint8Array | undefined) => {
      if (!connection) return;
      // Text frames are not part of the protocol.
      if (bytes) connection.receive(bytes);
      else connection.close(CLOSE.malformed);
    };
    const events: WSEvents = {
      onOpen(_event, ws) {
        const transport = transportOf(ws);
        // Messages come straight from the ws socket from now on: without an onMessage, @hono/node-ws builds no
        // MessageEvent and copies no ArrayBuffer per message (the relay's hot path; bench/README.md, issue 14).
        // onMessage stays until the messages it buffered before onOpen are replayed (synchronously, right after).
        queueMicrotask(() => delete events.onMessage);
        if (!decision.ok) return relay.refuse(transport, decision.close);
        connection = relay.open(transport, decision.identity, decision.access);
        if (!connection) return;
        (ws.raw as RawSocket).on('message', (data, isBinary) => receive(isBinary ? bytesOf(data) : undefined));
      },
      onMessage(event) {
        receive(event.data instanceof ArrayBuffer ? new Uint8Array(event.data) : undefined);
      },
      onClose() {
        connection?.transportClosed();
      },
      onError() {
        connection?.transportClosed();
      }
    };
    return events;
  });
}
