/**
 * Video end to end: three admitted people in headless Chromium with the fake camera, through our own signalling,
 * inside a network namespace with only loopback so that media stays on 127.0.0.1 (video-run.ts does the work and
 * prints measurements; this file judges them). Frames decoded are read from RTCPeerConnection.getStats(): the PeerJS
 * `stream` event alone proves nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runInLoopbackNamespace } from './netns';

let results = new Map<string, any>();

beforeAll(async () => {
  results = await runInLoopbackNamespace('tests/e2e/video-run.ts');
}, 240_000); // Chromium pages with fake cameras on two cores: slow on a busy machine

describe('video mesh in Chromium', () => {
  it('has each of three people decode video from the other two (framesDecoded rising for all six directions)', () => {
    const pairs = results.get('pairs') as Array<{ framesBefore: number; framesAfter: number; iceState: string }>;
    expect(pairs).toHaveLength(6);
    for (const pair of pairs) {
      expect(pair.framesBefore).toBeGreaterThan(0);
      expect(pair.framesAfter - pair.framesBefore).toBeGreaterThan(20);
      expect(['connected', 'completed']).toContain(pair.iceState);
    }
  });

  it('keeps media on loopback (host candidates only, no public STUN or TURN)', () => {
    const pairs = results.get('pairs') as Array<{ localCandidates: string[] }>;
    for (const pair of pairs) for (const address of pair.localCandidates) expect(address).toMatch(/^(127\.0\.0\.1|::1)?$/);
  });

  it('caps the sending bitrate for a group of three and stays under it', () => {
    const cap = results.get('cap') as number;
    const pairs = results.get('pairs') as Array<{ maxBitrate: number | null; outboundKbps: number }>;
    for (const pair of pairs) {
      expect(pair.maxBitrate).toBe(cap);
      expect(pair.outboundKbps).toBeGreaterThan(0);
      expect(pair.outboundKbps * 1000).toBeLessThanOrEqual(cap * 1.15);
    }
  });

  it('shows a measured connection quality for every peer', () => {
    const quality = results.get('quality') as string[][];
    for (const page of quality) for (const value of page) expect(['good', 'fair', 'poor']).toContain(value);
  });

  it('calls again when a connection drops, and video flows on the new one', () => {
    const ms = results.get('reconnectMs') as number | null;
    expect(ms).not.toBeNull();
    expect(ms!).toBeLessThan(10_000);
  });

  it('stops a removed participant’s streams for everyone within a second and refuses them a new peer id', () => {
    const hungUp = results.get('hangUpMs') as Record<string, number | null>;
    expect(Object.values(hungUp)).toHaveLength(2);
    for (const ms of Object.values(hungUp)) {
      expect(ms).not.toBeNull();
      expect(ms!).toBeLessThan(1000);
    }
    expect(results.get('removedStatus')).toBe('refused');
    expect(results.get('removedRejoinStatus')).toBe(403);
  });

  it('keeps the remaining pair decoding after the removal', () => {
    const { before, after } = results.get('remainingPair') as { before: Array<{ framesDecoded: number }>; after: Array<{ framesDecoded: number }> };
    expect(before).toHaveLength(1);
    expect(after[0]!.framesDecoded).toBeGreaterThan(before[0]!.framesDecoded);
  });

  it('does not let an outsider get a peer id or open the signalling socket', () => {
    expect(results.get('outsiderPeerStatus')).toBe(404);
    expect(results.get('outsiderSocketClose')).toBe(4403);
  });
});
