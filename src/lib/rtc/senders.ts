/**
 * What one RTCPeerConnection sends, changed without renegotiating (PeerJS does not renegotiate): the tracks on its
 * transceivers and the caps on its senders. Browser only; the mesh manager (mesh.ts) calls these per connection.
 */
import { encodingFor, type SendingCap } from '../core/rtc/bitrate';

/** Puts `audio` and `video` (null: send nothing of that kind) on the connection's transceivers. */
export async function putTracks(pc: RTCPeerConnection, audio: MediaStreamTrack | null, video: MediaStreamTrack | null): Promise<void> {
  for (const transceiver of pc.getTransceivers()) {
    const kind = transceiver.receiver.track?.kind;
    const next = kind === 'audio' ? audio : kind === 'video' ? video : undefined;
    if (next === undefined || transceiver.sender.track === next) continue;
    if (next && (transceiver.currentDirection === 'recvonly' || transceiver.currentDirection === 'inactive')) continue;
    await transceiver.sender.replaceTrack(next).catch(() => {});
  }
}

/** Whether the connection was negotiated to send every one of `kinds` ('audio', 'video'). */
export function sendsEveryKind(pc: RTCPeerConnection, kinds: Iterable<string>): boolean {
  const sends = (kind: string) =>
    pc.getTransceivers().some((t) => t.receiver.track?.kind === kind && (t.currentDirection === 'sendrecv' || t.currentDirection === 'sendonly'));
  return [...kinds].every(sends);
}

/** Caps every sender of the connection for the group size (`cap`); a shared screen keeps its resolution. */
export async function capSenders(pc: RTCPeerConnection, cap: SendingCap, sharingScreen: boolean): Promise<void> {
  for (const sender of pc.getSenders()) {
    const track = sender.track;
    if (!track) continue;
    const kind = track.kind as 'audio' | 'video';
    const settings = kind === 'video' ? track.getSettings() : {};
    const source = settings.width && settings.height ? { width: settings.width, height: settings.height } : undefined;
    const parameters = sender.getParameters();
    if (!parameters.encodings?.length) continue; // not negotiated yet; applied again once connected
    const encoding = encodingFor(kind, cap, source);
    parameters.encodings = parameters.encodings.map((current) => ({ ...current, ...encoding }));
    if (kind === 'video') parameters.degradationPreference = sharingScreen ? 'maintain-resolution' : 'balanced';
    await sender.setParameters(parameters).catch(() => {});
  }
}
