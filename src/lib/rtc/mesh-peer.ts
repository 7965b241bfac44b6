/**
 * The mesh's way in: a peer id and ICE servers from our API (admitted members of a live session only), then one
 * PeerJS peer against our own signalling (/peerjs), never PeerJS's public cloud or its STUN/TURN defaults. The mesh
 * manager (mesh.ts) follows the peer's events. Browser only.
 */
import { Peer } from 'peerjs';
import { PEERJS_KEY, SIGNALLING_PATH } from '../core/protocol';
import type { MeshOptions } from './mesh-types';

export type PeerGrant =
  | { ok: true; peerId: string; facilitating: boolean; iceServers: RTCIceServer[] }
  /** In the server's words when it said why. */
  | { ok: false; notice: string };

export async function requestPeer(options: MeshOptions): Promise<PeerGrant> {
  const fetcher = options.fetch ?? fetch.bind(globalThis);
  const res = await fetcher(`/api/sessions/${encodeURIComponent(options.sessionId)}/media/peer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}'
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) return { ok: false, notice: body?.error?.message ?? 'The video could not start.' };
  return { ok: true, peerId: body.peerId as string, facilitating: Boolean(body.facilitating), iceServers: body.iceServers ?? [] };
}

export function openPeer(grant: { peerId: string; iceServers: RTCIceServer[] }, server: MeshOptions['server']): Peer {
  const at = server ?? {
    host: location.hostname,
    port: Number(location.port) || (location.protocol === 'https:' ? 443 : 80),
    secure: location.protocol === 'https:'
  };
  return new Peer(grant.peerId, {
    host: at.host,
    port: at.port,
    secure: at.secure,
    path: SIGNALLING_PATH,
    key: PEERJS_KEY,
    // Our ICE servers only (none: host candidates on one network); never PeerJS's public STUN/TURN defaults.
    config: { iceServers: grant.iceServers },
    debug: 0
  });
}
