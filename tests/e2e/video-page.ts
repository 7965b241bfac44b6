/**
 * The browser side of the video test, bundled with esbuild into the test page: the real mesh manager, and a probe
 * that reads getStats() from each of its RTCPeerConnections.
 */
import { VideoMesh } from '../../src/lib/rtc/mesh';

export interface PairStats {
  peerId: string;
  framesDecoded: number;
  outboundVideoBytes: number;
  outboundAudioBytes: number;
  maxBitrate: number | null;
  iceState: string;
  localCandidates: string[];
}

export async function probe(mesh: VideoMesh): Promise<PairStats[]> {
  const result: PairStats[] = [];
  for (const [peerId, pc] of mesh.peerConnections()) {
    const report = await pc.getStats();
    let framesDecoded = 0;
    let outboundVideoBytes = 0;
    let outboundAudioBytes = 0;
    const localCandidates: string[] = [];
    report.forEach((stat: any) => {
      if (stat.type === 'inbound-rtp' && stat.kind === 'video') framesDecoded += stat.framesDecoded ?? 0;
      if (stat.type === 'outbound-rtp' && stat.kind === 'video') outboundVideoBytes += stat.bytesSent ?? 0;
      if (stat.type === 'outbound-rtp' && stat.kind === 'audio') outboundAudioBytes += stat.bytesSent ?? 0;
      if (stat.type === 'local-candidate') localCandidates.push(String(stat.address ?? stat.ip ?? ''));
    });
    const videoSender = pc.getSenders().find((sender) => sender.track?.kind === 'video');
    result.push({
      peerId,
      framesDecoded,
      outboundVideoBytes,
      outboundAudioBytes,
      maxBitrate: videoSender?.getParameters().encodings?.[0]?.maxBitrate ?? null,
      iceState: pc.iceConnectionState,
      localCandidates
    });
  }
  return result;
}

export { VideoMesh };
