/**
 * Which address a request comes from when reverse proxies stand in front of us. X-Forwarded-For is a list each proxy
 * appends to, so only its right end is written by proxies we run; anything to the left may be made up by the client.
 * We trust exactly the configured proxies, counting from the right, as Express's `trust proxy` does for a hop count
 * or an address list.
 */
import { isIP } from 'node:net';

/** None; the nearest N hops; or the proxies at these addresses (every hop whose address is listed). */
export type ProxyTrust = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; addresses: readonly string[] };

export class ProxyTrustError extends Error {}

/** TRUST_PROXY: `false`/`0`/empty, a hop count (`true` means 1), or a comma-separated list of proxy addresses. */
export function parseProxyTrust(value: string | undefined): ProxyTrust {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === 'false' || text === '0') return { kind: 'none' };
  if (text === 'true') return { kind: 'hops', hops: 1 };
  if (/^\d+$/.test(text)) return { kind: 'hops', hops: Number(text) };
  const addresses = text.split(',').map((part) => normalise(part.trim()));
  const bad = addresses.find((address) => isIP(address) === 0);
  if (bad !== undefined) throw new ProxyTrustError(`TRUST_PROXY: "${bad}" is neither a hop count nor an IP address.`);
  return { kind: 'addresses', addresses };
}

/** "::ffff:10.0.0.1" (how Node reports IPv4 on a dual-stack socket) is 10.0.0.1. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The client's address: the socket's peer, or the first untrusted hop counted from the right of X-Forwarded-For.
 * `proxied` tells whether the socket's peer is a trusted proxy (then X-Forwarded-Proto may be believed).
 */
export function clientAddress(remote: string | undefined, forwardedFor: string | undefined, trust: ProxyTrust): { ip: string; proxied: boolean } {
  const peer = remote ? normalise(remote) : 'unknown';
  if (trust.kind === 'none') return { ip: peer, proxied: false };
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((hop) => normalise(hop.trim()))
    .filter((hop) => hop !== '');
  // The chain from us outwards: the socket's peer, then X-Forwarded-For from its right end.
  const chain = [peer, ...hops.reverse()];
  if (trust.kind === 'hops') {
    const index = Math.min(trust.hops, chain.length - 1);
    return { ip: chain[index], proxied: trust.hops > 0 };
  }
  const trusted = (address: string) => trust.addresses.includes(address);
  let index = 0;
  while (index < chain.length - 1 && trusted(chain[index])) index += 1;
  return { ip: chain[index], proxied: trusted(peer) };
}
