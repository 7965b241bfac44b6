/**
 * The person's own media in the mesh: their stream (microphone, camera), a shared screen, the devices chosen, and what
 * the tile and the others are told of them (LocalState). Acquiring goes through local-media.ts. The mesh manager
 * (mesh.ts) puts these tracks on every connection and announces the state after each change. Browser only.
 */
import { acquireMedia, acquireScreen, type DeviceChoice } from './local-media';
import type { LocalState } from './mesh-types';

export class OwnMedia {
  readonly state: LocalState = { stream: null, microphone: false, camera: false, audioOnly: false, sharingScreen: false, problem: null };
  /** The shared screen's track: sent in place of the camera while it lasts. */
  screen: MediaStreamTrack | null = null;
  private devices: DeviceChoice = {};

  /** Gets the microphone and camera asked for; on a problem, an empty stream and the help to show (returns false). */
  async start(want: { audio: boolean; video: boolean }): Promise<boolean> {
    const acquired = await acquireMedia(want, this.devices);
    if (!acquired.ok) {
      this.state.problem = acquired.help;
      this.state.stream = new MediaStream();
      return false;
    }
    for (const track of this.state.stream?.getTracks() ?? []) track.stop();
    this.state.stream = acquired.stream;
    this.state.problem = null;
    this.state.microphone = acquired.stream.getAudioTracks().length > 0;
    this.state.camera = acquired.stream.getVideoTracks().length > 0;
    this.state.audioOnly = want.audio && !want.video;
    return true;
  }

  /** Mute or unmute: the microphone track stays, only its sound stops (unmuting is instant). */
  setMicrophone(on: boolean): void {
    for (const track of this.state.stream?.getAudioTracks() ?? []) track.enabled = on;
    this.state.microphone = on && (this.state.stream?.getAudioTracks().length ?? 0) > 0;
  }

  /** Camera off stops the camera itself (its light goes out); on asks for it again. False: it could not start. */
  async setCamera(on: boolean): Promise<boolean> {
    const stream = this.state.stream ?? new MediaStream();
    this.state.stream = stream;
    if (!on) {
      for (const track of stream.getVideoTracks()) {
        track.stop();
        stream.removeTrack(track);
      }
      this.state.camera = false;
    } else if (stream.getVideoTracks().length === 0) {
      const acquired = await acquireMedia({ audio: false, video: true }, this.devices);
      if (!acquired.ok) {
        this.state.problem = acquired.help;
        return false;
      }
      const [track] = acquired.stream.getVideoTracks();
      if (track) stream.addTrack(track);
      this.state.camera = true;
      this.state.audioOnly = false;
    }
    return true;
  }

  /** The devices used from the next start on. */
  chooseDevices(choice: DeviceChoice): void {
    this.devices = { ...this.devices, ...choice };
  }

  /** Asks for a screen to share; `ended` runs when the browser's own stop button ends it. False: none was chosen. */
  async startScreen(ended: () => void): Promise<boolean> {
    const track = await acquireScreen();
    if (!track) return false;
    this.screen = track;
    this.state.sharingScreen = true;
    track.addEventListener('ended', ended);
    return true;
  }

  stopScreen(): void {
    this.screen?.stop();
    this.screen = null;
    this.state.sharingScreen = false;
  }

  /** What to send: the microphone, and the shared screen or else the camera (null: nothing of that kind). */
  sending(): { audio: MediaStreamTrack | null; video: MediaStreamTrack | null } {
    const audio = this.state.stream?.getAudioTracks()[0] ?? null;
    const camera = this.state.stream?.getVideoTracks()[0] ?? null;
    return { audio, video: this.screen ?? camera };
  }

  /** The kinds of track the stream holds ('audio', 'video'). */
  kinds(): Set<string> {
    return new Set((this.state.stream?.getTracks() ?? []).map((track) => track.kind));
  }

  /** Leaving: every track stops (the camera's light goes out). */
  stop(): void {
    for (const track of this.state.stream?.getTracks() ?? []) track.stop();
    this.screen?.stop();
    this.state.stream = null;
  }
}
