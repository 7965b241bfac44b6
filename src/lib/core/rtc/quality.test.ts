import { describe, expect, it } from 'vitest';
import { classifyQuality, qualityInput } from './quality';

describe('classifyQuality', () => {
  it('is good with little loss, a short round trip and smooth video', () => {
    expect(classifyQuality({ packetLoss: 0.001, rttMs: 40, framesPerSecond: 24 })).toBe('good');
  });

  it('lets the worst signal decide', () => {
    expect(classifyQuality({ packetLoss: 0, rttMs: 300, framesPerSecond: 24 })).toBe('fair');
    expect(classifyQuality({ packetLoss: 0.03, rttMs: 20, framesPerSecond: 24 })).toBe('fair');
    expect(classifyQuality({ packetLoss: 0, rttMs: 20, framesPerSecond: 8 })).toBe('fair');
    expect(classifyQuality({ packetLoss: 0.1, rttMs: 20, framesPerSecond: 24 })).toBe('poor');
    expect(classifyQuality({ packetLoss: 0, rttMs: 800, framesPerSecond: 24 })).toBe('poor');
    expect(classifyQuality({ packetLoss: 0, rttMs: 20, framesPerSecond: 2 })).toBe('poor');
  });

  it('judges an audio-only link by loss and round trip alone', () => {
    expect(classifyQuality({ packetLoss: 0, rttMs: 30 })).toBe('good');
  });

  it('is unknown with nothing measured yet', () => {
    expect(classifyQuality({})).toBe('unknown');
  });
});

describe('qualityInput', () => {
  const first = { at: 1000, packetsReceived: 1000, packetsLost: 10, framesDecoded: 100, roundTripTimeSeconds: 0.05 };

  it('measures loss, frame rate and round trip over the interval', () => {
    const second = { at: 3000, packetsReceived: 1950, packetsLost: 60, framesDecoded: 140, roundTripTimeSeconds: 0.12 };
    expect(qualityInput(first, second, true)).toEqual({ rttMs: 120, packetLoss: 50 / 1000, framesPerSecond: 20 });
  });

  it('gives only the round trip from a single sample', () => {
    expect(qualityInput(undefined, first, true)).toEqual({ rttMs: 50 });
  });

  it('leaves out the frame rate when no video is expected', () => {
    const second = { ...first, at: 2000, packetsReceived: 1100, framesDecoded: 100 };
    expect(qualityInput(first, second, false)).toEqual({ rttMs: 50, packetLoss: 0 });
    expect(classifyQuality(qualityInput(first, second, false))).toBe('good');
  });

  it('reports frozen video as poor', () => {
    const second = { ...first, at: 3000, packetsReceived: 1200 };
    expect(classifyQuality(qualityInput(first, second, true))).toBe('poor');
  });
});
