/**
 * The video grid in the real room page against the built server, three people in Chromium with the fake camera,
 * inside a loopback-only network namespace (video-room-run.ts does the work and prints measurements).
 * Frames shown by each remote tile's <video> (getVideoPlaybackQuality) rise only if frames are decoded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runInLoopbackNamespace } from './netns';

let results = new Map<string, any>();

beforeAll(async () => {
  results = await runInLoopbackNamespace('tests/e2e/video-room-run.ts');
}, 240_000); // Chromium pages with fake cameras on two cores: slow on a busy machine

describe('video in the room page', () => {
  it('shows everyone a named tile for each person, and plays both others’ video on every page', () => {
    expect(results.get('tiles')).toEqual({ Fran: ['Fran', 'Pat', 'Quinn'], Pat: ['Fran', 'Pat', 'Quinn'], Quinn: ['Fran', 'Pat', 'Quinn'] });
    const { before, after } = results.get('frames') as Record<'before' | 'after', Record<string, Record<string, number>>>;
    for (const [viewer, tiles] of Object.entries(after)) {
      expect(Object.keys(tiles)).toHaveLength(2);
      for (const [name, frames] of Object.entries(tiles)) expect(frames - before[viewer]![name]!).toBeGreaterThan(10);
    }
    expect(results.has('pageerror')).toBe(false);
  });

  it('lets the facilitator mute one person for the group', () => {
    expect(results.get('muted')).toEqual({ patButton: 1, quinnSeesPatMuted: true });
  });

  it('takes a removed participant’s tile away from everyone within a second', () => {
    const gone = results.get('quinnGoneMs') as Record<string, number | null>;
    for (const ms of Object.values(gone)) {
      expect(ms).not.toBeNull();
      expect(ms!).toBeLessThan(1000);
    }
  });
});
