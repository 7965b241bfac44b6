/** Security middleware: headers on every response, and refusal of cross-origin mutating requests. */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../src/lib/core/errors';
import type { Config } from '../config';
import { clientAddress, type ProxyTrust } from './client-ip';
import type { AppEnv } from './context';

type RequestLike = { env?: unknown; req: { url: string; header(name: string): string | undefined } };

/** The client's address and whether it came through a trusted proxy (X-Forwarded-For counted from the right). */
export function requestAddress(c: RequestLike, trust: ProxyTrust): { ip: string; proxied: boolean } {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return clientAddress(incoming?.socket?.remoteAddress, c.req.header('x-forwarded-for'), trust);
}

/** Headers every response carries, pages included (set on the Node response before SvelteKit writes it). */
export function baseSecurityHeaders(https: boolean): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    // Invite links carry a token: never leak a URL to another site.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()',
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {})
  };
}

/** JSON answers are never cached and never rendered as a document. */
const API_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'"
};

/**
 * Whether the browser reached us over https: an https ORIGIN says so whatever the hop in front (a TLS terminator
 * we were not told about still serves https to the browser); otherwise a trusted proxy's X-Forwarded-Proto, or our own URL.
 */
export function isHttps(c: RequestLike, config: Pick<Config, 'origin' | 'trustProxy'>): boolean {
  if (config.origin?.startsWith('https:')) return true;
  if (requestAddress(c, config.trustProxy).proxied) {
    const proto = c.req.header('x-forwarded-proto')?.split(',').pop()?.trim();
    if (proto === 'https') return true;
  }
  return new URL(c.req.url).protocol === 'https:';
}

/** Every answer Hono gives carries the base headers; JSON answers also API_HEADERS. Pages get theirs in main.ts. */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  // Pages were written straight to the Node response (with their headers) by SvelteKit.
  if (c.res.headers.has('x-hono-already-sent')) return;
  const https = isHttps(c, c.get('deps').config);
  const headers = c.res.headers.get('content-type')?.startsWith('application/json')
    ? { ...baseSecurityHeaders(https), ...API_HEADERS }
    : baseSecurityHeaders(https);
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origins our own pages are served from: ORIGIN when configured, otherwise this request's host. */
export function allowedOrigins(c: { req: { url: string; header(name: string): string | undefined } }, origin?: string): string[] {
  if (origin) return [origin];
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  return [`http://${host}`, `https://${host}`];
}

/**
 * A mutating request whose Origin header names another site is refused (403). Requests without an Origin
 * header come from non-browser clients and are allowed; the SameSite=Lax cookie covers older browsers.
 */
export const refuseCrossOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowedOrigins(c, c.get('deps').config.origin).includes(origin)) {
      throw new AppError('cross_origin', 'Cross-origin requests are not allowed.');
    }
  }
  await next();
};
