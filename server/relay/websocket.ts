/**
 * The WebSocket face of the relay: GET /collab/:docName with an upgrade. The session cookie is checked before the
 * upgrade; a refused socket is upgraded only to be closed with its named code, so the stock y-websocket provider
 * sees why (and stops retrying for 44xx) without ever receiving a document byte.
 */
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import { getCookie } from 'hono/cookie';
import { CLOSE } from '../../src/lib/core/protocol';
import { SESSION_COOKIE } from '../auth/login-sessions';
import type { AppContext } from '../http/context';
import { allowedOrigins } from '../http/security';
import { decideUpgrade, type UpgradeDecision } from './access';
import type { Connection, Transport } from './connection';
import type { Relay } from './relay';

function transportOf(ws: WSContext): Transport {
  return {
    send: (bytes) => {
      if (ws.readyState === 1) ws.send(bytes as Uint8Array<ArrayBuffer>);
    },
    close: (code, reason) => ws.close(code, reason)
  };
}

async function decide(c: AppContext, relay: Relay): Promise<UpgradeDecision> {
  const { config, now, logger } = c.get('deps');
  const origin = c.req.header('origin');
  // Browsers always send Origin on WebSockets: another site's page must not ride the person's cookie.
  if (origin !== undefined && !allowedOrigins(c, config.origin).includes(origin)) {
    return { ok: false, close: CLOSE.forbidden, reason: 'cross_origin' };
  }
  try {
    return await decideUpgrade(relay.upgrades.store, {
      token: getCookie(c, SESSION_COOKIE),
      docName: c.req.param('docName') ?? '',
      now: now(),
      idleMs: config.sessionIdleMs
    });
  } catch (error) {
    logger.error('collaboration upgrade could not be checked', { error });
    return { ok: false, close: CLOSE.unavailable, reason: 'unavailable' };
  }
}

export function collabHandler(relay: Relay, upgradeWebSocket: UpgradeWebSocket) {
  return upgradeWebSocket(async (c) => {
    const decision = await decide(c as unknown as AppContext, relay);
    let connection: Connection | undefined;
    return {
      onOpen(_event, ws) {
        const transport = transportOf(ws);
        if (!decision.ok) return relay.refuse(transport, decision.close);
        connection = relay.open(transport, decision.identity, decision.access);
      },
      onMessage(event) {
        if (!connection) return;
        // Binary frames arrive as ArrayBuffer; text frames are not part of the protocol.
        if (event.data instanceof ArrayBuffer) connection.receive(new Uint8Array(event.data));
        else connection.close(CLOSE.malformed);
      },
      onClose() {
        connection?.transportClosed();
      },
      onError() {
        connection?.transportClosed();
      }
    };
  });
}
