import { describe, expect, it } from 'vitest';
import { clientAddress, parseProxyTrust, ProxyTrustError } from './client-ip';

describe('TRUST_PROXY', () => {
  it('parses off, hop counts and address lists', () => {
    expect(parseProxyTrust(undefined)).toEqual({ kind: 'none' });
    expect(parseProxyTrust('false')).toEqual({ kind: 'none' });
    expect(parseProxyTrust('0')).toEqual({ kind: 'none' });
    expect(parseProxyTrust('true')).toEqual({ kind: 'hops', hops: 1 });
    expect(parseProxyTrust('2')).toEqual({ kind: 'hops', hops: 2 });
    expect(parseProxyTrust('10.0.0.1, ::1')).toEqual({ kind: 'addresses', addresses: ['10.0.0.1', '::1'] });
    expect(() => parseProxyTrust('proxy.example.org')).toThrow(ProxyTrustError);
  });
});

describe('the client address behind proxies', () => {
  it('ignores X-Forwarded-For without trust', () => {
    expect(clientAddress('203.0.113.9', '1.2.3.4', { kind: 'none' })).toEqual({ ip: '203.0.113.9', proxied: false });
  });

  it('with one trusted hop takes the right end, never a made-up left hop', () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; our proxy appended the address it saw.
    expect(clientAddress('10.0.0.1', '6.6.6.6, 198.51.100.7', { kind: 'hops', hops: 1 }).ip).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.1', '198.51.100.7', { kind: 'hops', hops: 1 }).ip).toBe('198.51.100.7');
  });

  it('with two hops skips exactly the two proxies', () => {
    expect(clientAddress('10.0.0.2', '6.6.6.6, 198.51.100.7, 10.0.0.1', { kind: 'hops', hops: 2 }).ip).toBe('198.51.100.7');
  });

  it('with fewer hops present than trusted, stops at the leftmost hop rather than running off the list', () => {
    expect(clientAddress('10.0.0.1', undefined, { kind: 'hops', hops: 1 }).ip).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', '198.51.100.7', { kind: 'hops', hops: 3 }).ip).toBe('198.51.100.7');
  });

  it('with an address list trusts only listed proxies, and only when the socket comes from one', () => {
    const trust = { kind: 'addresses', addresses: ['10.0.0.1', '10.0.0.2'] } as const;
    expect(clientAddress('::ffff:10.0.0.2', '6.6.6.6, 198.51.100.7, 10.0.0.1', trust)).toEqual({ ip: '198.51.100.7', proxied: true });
    // A client connecting directly cannot claim an address.
    expect(clientAddress('203.0.113.9', '6.6.6.6', trust)).toEqual({ ip: '203.0.113.9', proxied: false });
  });
});
