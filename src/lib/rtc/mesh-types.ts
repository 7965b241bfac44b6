/** The mesh manager's public shapes (mesh.ts): what the video grid and the tests read from it. */
import type { SendingCap } from '../core/rtc/bitrate';
import type { MediaProblemHelp } from '../core/rtc/permissions';
import type { Quality } from '../core/rtc/quality';

export interface RemotePeer {
  peerId: string;
  userId: string;
  stream: MediaStream | null;
  state: 'calling' | 'connected' | 'reconnecting';
  /** Their own microphone and camera, as they announced them. */
  audio: boolean;
  video: boolean;
  screen: boolean;
  /** A facilitator muted them for the group: we do not play their sound until they unmute themselves. */
  mutedForGroup: boolean;
  quality: Quality;
}

export interface LocalState {
  stream: MediaStream | null;
  microphone: boolean;
  camera: boolean;
  audioOnly: boolean;
  sharingScreen: boolean;
  problem: MediaProblemHelp | null;
}

export type MeshStatus = 'idle' | 'joining' | 'connected' | 'reconnecting' | 'refused' | 'left';

export interface MeshSnapshot {
  status: MeshStatus;
  selfPeerId: string | null;
  facilitating: boolean;
  local: LocalState;
  peers: RemotePeer[];
  cap: SendingCap;
  /** A message for the person (a facilitator asked everyone to mute, you were muted, the video stopped). */
  notice: string | null;
}

export interface MeshOptions {
  sessionId: string;
  /** Where our server is; defaults to this page's location. */
  server?: { host: string; port: number; secure: boolean };
  fetch?: typeof fetch;
  /** Start with sound only or without any media (after a permission problem). */
  start?: { audio: boolean; video: boolean };
  qualityEveryMs?: number;
}
