/**
 * How much each person sends in a mesh: every participant uploads one copy of their video and audio to each other
 * person, so the per-connection cap shrinks as the group grows. Uplink stays near 1.5 Mbps (under it at ten people).
 * Pure: the mesh manager applies the cap with RTCRtpSender.setParameters and re-applies it when the group size changes.
 */

/** Largest group the mesh is sized for; bigger groups need an SFU (docs/deployment.md). */
export const MESH_LIMIT = 10;

/** A sender's target for one peer connection. Bitrates in bits per second. */
export interface SendingCap {
  /** Who this tier is for, in words for logs and the debug panel. */
  tier: 'small' | 'medium' | 'large';
  width: number;
  height: number;
  maxFramerate: number;
  videoBitrate: number;
  audioBitrate: number;
}

const SMALL: SendingCap = { tier: 'small', width: 640, height: 360, maxFramerate: 24, videoBitrate: 500_000, audioBitrate: 32_000 };
const MEDIUM: SendingCap = { tier: 'medium', width: 640, height: 360, maxFramerate: 20, videoBitrate: 270_000, audioBitrate: 28_000 };
const LARGE: SendingCap = { tier: 'large', width: 320, height: 180, maxFramerate: 15, videoBitrate: 140_000, audioBitrate: 24_000 };

/** The cap for a group of `groupSize` people (self included): up to 4, 5-6, 7 and more. */
export function sendingCap(groupSize: number): SendingCap {
  if (groupSize <= 4) return SMALL;
  if (groupSize <= 6) return MEDIUM;
  return LARGE;
}

/** What one person uploads in total at the cap: one video and one audio stream to each of the others. */
export function uplinkBitrate(groupSize: number, options: { audioOnly?: boolean } = {}): number {
  const cap = sendingCap(groupSize);
  const perPeer = cap.audioBitrate + (options.audioOnly ? 0 : cap.videoBitrate);
  return Math.max(0, groupSize - 1) * perPeer;
}

/**
 * How much to scale a camera frame down so it fits the cap (RTCRtpEncodingParameters.scaleResolutionDownBy):
 * 1 when the camera already sends the cap's size or smaller.
 */
export function scaleDownFor(source: { width: number; height: number }, cap: Pick<SendingCap, 'width' | 'height'>): number {
  if (source.width <= 0 || source.height <= 0) return 1;
  const factor = Math.max(source.width / cap.width, source.height / cap.height);
  return Math.max(1, Math.round(factor * 100) / 100);
}

/** A shared screen is mostly still text: sharper and slower than a face, at the same bitrate. */
export function screenShareCap(groupSize: number): SendingCap {
  const cap = sendingCap(groupSize);
  return { ...cap, width: 1280, height: 720, maxFramerate: 5 };
}

/** The encoding a sender gets for `kind` (merged into its current parameters by the mesh manager). */
export function encodingFor(
  kind: 'audio' | 'video',
  cap: SendingCap,
  source?: { width: number; height: number }
): { maxBitrate: number; maxFramerate?: number; scaleResolutionDownBy?: number } {
  if (kind === 'audio') return { maxBitrate: cap.audioBitrate };
  return {
    maxBitrate: cap.videoBitrate,
    maxFramerate: cap.maxFramerate,
    ...(source ? { scaleResolutionDownBy: scaleDownFor(source, cap) } : {})
  };
}
