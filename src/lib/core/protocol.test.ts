import { describe, expect, it } from 'vitest';
import { CLOSE, CLOSE_MESSAGES, closeName, isDocName, isPermanentClose, parseMediaRequest } from './protocol';

describe('close codes', () => {
  it('are unique and their reasons fit in a close frame', () => {
    const codes = Object.values(CLOSE).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const { reason } of Object.values(CLOSE)) expect(new TextEncoder().encode(reason).length).toBeLessThanOrEqual(123);
  });

  it('name the codes of the issue', () => {
    expect(closeName(4400)).toBe('malformed');
    expect(closeName(4401)).toBe('unauthenticated');
    expect(closeName(4403)).toBe('forbidden');
    expect(closeName(4404)).toBe('unknownDocument');
    expect(closeName(1009)).toBe('tooBig');
    expect(closeName(4999)).toBeUndefined();
  });

  it('refusals are permanent for the stock provider, transient problems are not', () => {
    expect(isPermanentClose(CLOSE.forbidden.code)).toBe(true);
    expect(isPermanentClose(CLOSE.revoked.code)).toBe(true);
    expect(isPermanentClose(CLOSE.rightsChanged.code)).toBe(false);
    expect(isPermanentClose(CLOSE.unavailable.code)).toBe(false);
    expect(isPermanentClose(CLOSE.goingAway.code)).toBe(false);
  });

  it('every code has words for people', () => {
    for (const name of Object.keys(CLOSE)) expect(CLOSE_MESSAGES[name as keyof typeof CLOSE].length).toBeGreaterThan(5);
  });
});

describe('document names', () => {
  it('accept kind:uuid only', () => {
    expect(isDocName('board:6f1c2b9e-1d2a-4c3b-9a8e-0123456789ab')).toBe(true);
    expect(isDocName('board:../../etc')).toBe(false);
    expect(isDocName('Board:6f1c2b9e-1d2a-4c3b-9a8e-0123456789ab')).toBe(false);
    expect(isDocName('')).toBe(false);
  });
});

describe('media requests (signalling MEDIA payloads)', () => {
  const peerId = `p${'a'.repeat(32)}`;

  it('accepts each action with exactly its fields', () => {
    expect(parseMediaRequest({ action: 'state', audio: true, video: false })).toEqual({ action: 'state', audio: true, video: false });
    expect(parseMediaRequest({ action: 'state', audio: false, video: true, screen: true, audioOnly: false })).toEqual({
      action: 'state',
      audio: false,
      video: true,
      screen: true,
      audioOnly: false
    });
    expect(parseMediaRequest({ action: 'ask_all_to_mute' })).toEqual({ action: 'ask_all_to_mute' });
    expect(parseMediaRequest({ action: 'mute', peerId })).toEqual({ action: 'mute', peerId });
  });

  it('refuses malformed, unknown, extra or mistyped fields', () => {
    for (const bad of [
      null,
      'state',
      [],
      {},
      { action: 'unmute_everyone' },
      { action: 'toString' },
      { action: 'state', audio: true },
      { action: 'state', audio: 'yes', video: true },
      { action: 'state', audio: true, video: true, screen: 1 },
      { action: 'state', audio: true, video: true, admin: true },
      { action: 'ask_all_to_mute', peerId },
      { action: 'mute' },
      { action: 'mute', peerId: 'p123' },
      { action: 'mute', peerId: `${peerId}0` }
    ])
      expect(parseMediaRequest(bad), JSON.stringify(bad)).toBeUndefined();
  });
});
