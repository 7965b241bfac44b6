/**
 * The person's own camera and microphone: acquiring them (with a chosen device), and a screen to share.
 * Browser only. Failures come back as a kind explanation (src/lib/core/rtc/permissions.ts), never as a thrown error.
 */
import { explainMediaProblem, type MediaProblemHelp } from '../core/rtc/permissions';

export interface DeviceChoice {
  audioDeviceId?: string;
  videoDeviceId?: string;
}

/** What the camera is asked for: enough for the largest cap (640x360); senders scale down from there. */
const VIDEO_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24, max: 30 } };
const AUDIO_CONSTRAINTS: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

export type Acquired = { ok: true; stream: MediaStream } | { ok: false; help: MediaProblemHelp };

export async function acquireMedia(want: { audio: boolean; video: boolean }, choice: DeviceChoice = {}): Promise<Acquired> {
  if (!want.audio && !want.video) return { ok: true, stream: new MediaStream() };
  if (!navigator.mediaDevices?.getUserMedia) return { ok: false, help: explainMediaProblem('TypeError') };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: want.audio ? { ...AUDIO_CONSTRAINTS, ...(choice.audioDeviceId ? { deviceId: { exact: choice.audioDeviceId } } : {}) } : false,
      video: want.video ? { ...VIDEO_CONSTRAINTS, ...(choice.videoDeviceId ? { deviceId: { exact: choice.videoDeviceId } } : {}) } : false
    });
    return { ok: true, stream };
  } catch (error) {
    return { ok: false, help: explainMediaProblem((error as { name?: string }).name) };
  }
}

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
}

/** Labels are empty until the person has allowed media once; the grid then shows "Camera 1", "Camera 2". */
export async function listDevices(): Promise<DeviceLists> {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  return {
    cameras: devices.filter((device) => device.kind === 'videoinput'),
    microphones: devices.filter((device) => device.kind === 'audioinput')
  };
}

export async function acquireScreen(): Promise<MediaStreamTrack | undefined> {
  try {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { max: 5 } }, audio: false });
    return stream.getVideoTracks()[0];
  } catch {
    return undefined;
  }
}
