/** Reads the few numbers the quality indicator and the tests need from RTCPeerConnection.getStats(). Browser only. */
import type { StatsSample } from '../core/rtc/quality';

interface Stat {
  type: string;
  kind?: string;
  [key: string]: unknown;
}

export async function sampleConnection(pc: RTCPeerConnection): Promise<StatsSample> {
  const report = await pc.getStats();
  const sample: StatsSample = { at: performance.now(), packetsReceived: 0, packetsLost: 0 };
  report.forEach((raw) => {
    const stat = raw as Stat;
    if (stat.type === 'inbound-rtp') {
      sample.packetsReceived += Number(stat.packetsReceived ?? 0);
      sample.packetsLost += Number(stat.packetsLost ?? 0);
      if (stat.kind === 'video') sample.framesDecoded = (sample.framesDecoded ?? 0) + Number(stat.framesDecoded ?? 0);
    } else if (stat.type === 'candidate-pair' && stat.nominated && stat.state === 'succeeded' && typeof stat.currentRoundTripTime === 'number') {
      sample.roundTripTimeSeconds = stat.currentRoundTripTime;
    }
  });
  return sample;
}
