/**
 * The connection-quality indicator: a few numbers read from RTCPeerConnection.getStats() turned into good / fair /
 * poor. Pure: the mesh manager samples stats every few seconds and passes two samples in.
 */

export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

export interface QualityInput {
  /** Share of packets lost in the last interval, 0..1 (undefined before two samples). */
  packetLoss?: number;
  /** Round-trip time in milliseconds. */
  rttMs?: number;
  /** Frames decoded per second of the remote video; undefined when no video is expected (camera off, audio only). */
  framesPerSecond?: number;
}

const LIMITS = {
  fair: { packetLoss: 0.02, rttMs: 250, framesPerSecond: 12 },
  poor: { packetLoss: 0.08, rttMs: 600, framesPerSecond: 5 }
} as const;

/** The worst of the three signals decides; with no signal at all the quality is unknown. */
export function classifyQuality({ packetLoss, rttMs, framesPerSecond }: QualityInput): Quality {
  if (packetLoss === undefined && rttMs === undefined && framesPerSecond === undefined) return 'unknown';
  const poor =
    (packetLoss ?? 0) >= LIMITS.poor.packetLoss ||
    (rttMs ?? 0) >= LIMITS.poor.rttMs ||
    (framesPerSecond !== undefined && framesPerSecond < LIMITS.poor.framesPerSecond);
  if (poor) return 'poor';
  const fair =
    (packetLoss ?? 0) >= LIMITS.fair.packetLoss ||
    (rttMs ?? 0) >= LIMITS.fair.rttMs ||
    (framesPerSecond !== undefined && framesPerSecond < LIMITS.fair.framesPerSecond);
  return fair ? 'fair' : 'good';
}

/** The parts of one getStats() report the indicator needs, taken from inbound-rtp and the nominated candidate pair. */
export interface StatsSample {
  /** Milliseconds (performance.now() or the report's timestamp). */
  at: number;
  packetsReceived: number;
  packetsLost: number;
  /** Remote video frames decoded so far; undefined without a video receiver. */
  framesDecoded?: number;
  /** currentRoundTripTime of the nominated candidate pair, in seconds as the report gives it. */
  roundTripTimeSeconds?: number;
}

/** The indicator's input from two samples of the same connection (earlier first). */
export function qualityInput(previous: StatsSample | undefined, current: StatsSample, expectVideo: boolean): QualityInput {
  const input: QualityInput = {};
  if (current.roundTripTimeSeconds !== undefined) input.rttMs = Math.round(current.roundTripTimeSeconds * 1000);
  if (!previous || current.at <= previous.at) return input;
  const received = current.packetsReceived - previous.packetsReceived;
  const lost = Math.max(0, current.packetsLost - previous.packetsLost);
  if (received + lost > 0) input.packetLoss = lost / (received + lost);
  if (expectVideo && current.framesDecoded !== undefined && previous.framesDecoded !== undefined) {
    input.framesPerSecond = ((current.framesDecoded - previous.framesDecoded) * 1000) / (current.at - previous.at);
  }
  return input;
}

export const QUALITY_LABELS: Record<Quality, string> = {
  good: 'Good connection',
  fair: 'Connection is a little unsteady',
  poor: 'Weak connection',
  unknown: 'Connecting…'
};
