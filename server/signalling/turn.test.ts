import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mediaOptionsFromEnv, MediaConfigError } from './options';
import { iceServersFor, turnCredential, turnPassword } from './turn';

describe('turnPassword', () => {
  it('is base64 of HMAC-SHA1 (RFC 2202 test case 2)', () => {
    const expected = Buffer.from('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79', 'hex').toString('base64');
    expect(turnPassword('Jefe', 'what do ya want for nothing?')).toBe(expected);
  });
});

describe('turnCredential', () => {
  it('puts the expiry and the user in the username and signs exactly that', () => {
    const now = new Date('2025-03-01T10:00:00.500Z');
    const credential = turnCredential('s3cret', 'user-1', now, 3600);
    const expiry = Date.parse('2025-03-01T11:00:00Z') / 1000;
    expect(credential.username).toBe(`${expiry}:user-1`);
    expect(credential.expiresAt.toISOString()).toBe('2025-03-01T11:00:00.000Z');
    expect(credential.credential).toBe(createHmac('sha1', 's3cret').update(`${expiry}:user-1`).digest('base64'));
    expect(turnCredential('other', 'user-1', now, 3600).credential).not.toBe(credential.credential);
  });
});

describe('iceServersFor', () => {
  const now = new Date('2025-03-01T10:00:00Z');

  it('is empty with nothing configured (host candidates only)', () => {
    expect(iceServersFor(mediaOptionsFromEnv({}), 'u', now)).toEqual({ iceServers: [], expiresAt: null });
  });

  it('passes ICE_SERVERS through and adds TURN with fresh credentials', () => {
    const options = mediaOptionsFromEnv({
      ICE_SERVERS: '[{"urls":"stun:stun.example.org:3478"}]',
      TURN_SECRET: 'abc',
      TURN_URLS: 'turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349',
      TURN_TTL_SECONDS: '600'
    });
    const { iceServers, expiresAt } = iceServersFor(options, 'u7', now);
    expect(iceServers[0]).toEqual({ urls: 'stun:stun.example.org:3478' });
    expect(iceServers[1]).toMatchObject({
      urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'],
      username: `${now.getTime() / 1000 + 600}:u7`
    });
    expect(expiresAt?.getTime()).toBe(now.getTime() + 600_000);
  });
});

describe('mediaOptionsFromEnv', () => {
  it('refuses ICE_SERVERS that are not JSON or not servers', () => {
    expect(() => mediaOptionsFromEnv({ ICE_SERVERS: 'stun:x' })).toThrow(MediaConfigError);
    expect(() => mediaOptionsFromEnv({ ICE_SERVERS: '[{"url":"stun:x"}]' })).toThrow(MediaConfigError);
  });

  it('needs TURN_SECRET and TURN_URLS together, with turn: URLs', () => {
    expect(() => mediaOptionsFromEnv({ TURN_SECRET: 'x' })).toThrow(/TURN_URLS/);
    expect(() => mediaOptionsFromEnv({ TURN_URLS: 'turn:a' })).toThrow(/TURN_SECRET/);
    expect(() => mediaOptionsFromEnv({ TURN_SECRET: 'x', TURN_URLS: 'stun:a' })).toThrow(/turn:/);
  });

  it('defaults the credential lifetime to four hours (a session with margin)', () => {
    expect(mediaOptionsFromEnv({ TURN_SECRET: 'x', TURN_URLS: 'turn:a' }).turn?.ttlSeconds).toBe(14_400);
  });
});
