import { describe, expect, it } from 'vitest';
import { encodingFor, MESH_LIMIT, scaleDownFor, screenShareCap, sendingCap, uplinkBitrate } from './bitrate';

describe('sendingCap', () => {
  it('gives 640x360 at about 500 kbps up to four people', () => {
    for (const size of [1, 2, 3, 4]) {
      expect(sendingCap(size)).toMatchObject({ width: 640, height: 360, videoBitrate: 500_000 });
    }
  });

  it('drops to about 300 kbps for five and six people', () => {
    for (const size of [5, 6]) {
      const cap = sendingCap(size);
      expect(cap.width).toBe(640);
      expect(cap.videoBitrate).toBeGreaterThanOrEqual(250_000);
      expect(cap.videoBitrate).toBeLessThanOrEqual(300_000);
    }
  });

  it('sends 320x180 at about 150 kbps from seven to ten people', () => {
    for (const size of [7, 8, 9, 10]) {
      const cap = sendingCap(size);
      expect([cap.width, cap.height]).toEqual([320, 180]);
      expect(cap.videoBitrate).toBeGreaterThanOrEqual(120_000);
      expect(cap.videoBitrate).toBeLessThanOrEqual(150_000);
    }
  });

  it('never raises the per-connection bitrate as the group grows', () => {
    for (let size = 2; size <= MESH_LIMIT + 2; size++) {
      expect(sendingCap(size).videoBitrate).toBeLessThanOrEqual(sendingCap(size - 1).videoBitrate);
      expect(sendingCap(size).audioBitrate).toBeLessThanOrEqual(sendingCap(size - 1).audioBitrate);
    }
  });
});

describe('uplinkBitrate', () => {
  it('stays near 1.5 Mbps (within 0.1 Mbps) for every group size up to ten, audio included', () => {
    for (let size = 1; size <= MESH_LIMIT; size++) expect(uplinkBitrate(size)).toBeLessThanOrEqual(1_600_000);
  });

  it('is under 1.5 Mbps at ten, but not needlessly low', () => {
    expect(uplinkBitrate(10)).toBeLessThanOrEqual(1_500_000);
    expect(uplinkBitrate(10)).toBeGreaterThan(1_300_000);
  });

  it('counts one copy per other person and nothing when alone', () => {
    expect(uplinkBitrate(1)).toBe(0);
    expect(uplinkBitrate(3)).toBe(2 * (sendingCap(3).videoBitrate + sendingCap(3).audioBitrate));
    expect(uplinkBitrate(3, { audioOnly: true })).toBe(2 * sendingCap(3).audioBitrate);
  });
});

describe('scaleDownFor', () => {
  it('scales a 1280x720 camera to the cap and leaves a small one alone', () => {
    expect(scaleDownFor({ width: 1280, height: 720 }, { width: 640, height: 360 })).toBe(2);
    expect(scaleDownFor({ width: 1280, height: 720 }, { width: 320, height: 180 })).toBe(4);
    expect(scaleDownFor({ width: 320, height: 240 }, { width: 640, height: 360 })).toBe(1);
  });

  it('fits the longer side of a portrait phone camera', () => {
    expect(scaleDownFor({ width: 720, height: 1280 }, { width: 640, height: 360 })).toBeCloseTo(3.56, 2);
  });

  it('is 1 for a source without a size yet', () => {
    expect(scaleDownFor({ width: 0, height: 0 }, { width: 640, height: 360 })).toBe(1);
  });
});

describe('encodingFor', () => {
  it('caps audio by bitrate only and video by bitrate, frame rate and size', () => {
    const cap = sendingCap(8);
    expect(encodingFor('audio', cap)).toEqual({ maxBitrate: cap.audioBitrate });
    expect(encodingFor('video', cap, { width: 640, height: 480 })).toEqual({
      maxBitrate: cap.videoBitrate,
      maxFramerate: 15,
      scaleResolutionDownBy: 2.67
    });
  });

  it('shares a screen sharper and slower at the same bitrate', () => {
    expect(screenShareCap(3)).toMatchObject({ width: 1280, maxFramerate: 5, videoBitrate: sendingCap(3).videoBitrate });
  });
});
