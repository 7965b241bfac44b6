/**
 * The mesh manager: one PeerJS peer against our own signalling (/peerjs, never the public cloud), one media
 * connection to every other admitted peer. Browser only; plain TypeScript with a change listener, so the video grid
 * (and the Chromium test) can drive it. The rules it follows are pure and tested in src/lib/core/rtc.
 *
 * - Join: ask our API for a peer id and ICE servers (admitted members only), get media, open the peer.
 * - Who calls whom: the server sends JOIN for every peer in the session; the smaller id calls (no glare).
 * - Leaves: the server sends LEAVE when a peer goes (left, removed, sent back); we hang up on it.
 * - Reconnection: an ICE failure, or the signalling socket dropping, is retried with backoff.
 * - Caps: every sender is capped for the group size (RTCRtpSender.setParameters), again whenever the size changes.
 */
import { Peer, type MediaConnection } from 'peerjs';
import { screenShareCap, sendingCap, type SendingCap } from '../core/rtc/bitrate';
import { isCaller, reconnectDelayMs, shouldRecallForMissingVideo } from '../core/rtc/mesh';
import { classifyQuality, qualityInput, type StatsSample } from '../core/rtc/quality';
import { PEERJS_KEY, SIGNALLING_PATH, type MediaNotice, type MediaRequest, type ServerMessage } from '../core/protocol';
import { acquireMedia, acquireScreen, type DeviceChoice } from './local-media';
import { capSenders, putTracks, sendsEveryKind } from './senders';
import type { LocalState, MeshOptions, MeshSnapshot, MeshStatus, RemotePeer } from './mesh-types';
import { sampleConnection } from './stats';

export type { LocalState, MeshOptions, MeshSnapshot, MeshStatus, RemotePeer } from './mesh-types';

interface Link {
  peerId: string;
  userId: string;
  connection: MediaConnection | null;
  outgoing: boolean;
  attempts: number;
  retry: ReturnType<typeof setTimeout> | null;
  remote: RemotePeer;
  lastSample?: StatsSample;
  /** They asked for sound only: we send them no video. */
  wantsNoVideo: boolean;
  /** When ICE connected on the current connection (performance.now()), for the missing-video watch. */
  connectedAt?: number;
  /** Calls again made because their video never arrived (reset once it does). */
  videoRecalls?: number;
}

const OFFER_CONSTRAINTS = { offerToReceiveAudio: true, offerToReceiveVideo: true };

export class VideoMesh {
  private peer: Peer | null = null;
  private readonly links = new Map<string, Link>();
  private readonly listeners = new Set<(snapshot: MeshSnapshot) => void>();
  private status: MeshStatus = 'idle';
  private selfPeerId: string | null = null;
  private facilitating = false;
  private notice: string | null = null;
  private readonly local: LocalState = { stream: null, microphone: false, camera: false, audioOnly: false, sharingScreen: false, problem: null };
  private screenTrack: MediaStreamTrack | null = null;
  private devices: DeviceChoice = {};
  private qualityTimer: ReturnType<typeof setInterval> | null = null;
  private signallingAttempts = 0;
  private signallingRetry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: MeshOptions) {}

  onChange(listener: (snapshot: MeshSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  snapshot(): MeshSnapshot {
    return {
      status: this.status,
      selfPeerId: this.selfPeerId,
      facilitating: this.facilitating,
      local: { ...this.local },
      peers: [...this.links.values()].map((link) => ({ ...link.remote })),
      cap: this.cap(),
      notice: this.notice
    };
  }

  /** Every live RTCPeerConnection by remote peer id (for the stats panel and the Chromium test). */
  peerConnections(): Map<string, RTCPeerConnection> {
    const result = new Map<string, RTCPeerConnection>();
    for (const [id, link] of this.links) if (link.connection?.peerConnection) result.set(id, link.connection.peerConnection);
    return result;
  }

  async join(): Promise<void> {
    if (this.status !== 'idle' && this.status !== 'left' && this.status !== 'refused') return;
    this.setStatus('joining');
    const fetcher = this.options.fetch ?? fetch.bind(globalThis);
    const res = await fetcher(`/api/sessions/${encodeURIComponent(this.options.sessionId)}/media/peer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}'
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      this.notice = body?.error?.message ?? 'The video could not start.';
      return this.setStatus('refused');
    }
    this.selfPeerId = body.peerId as string;
    this.facilitating = Boolean(body.facilitating);
    const want = this.options.start ?? { audio: true, video: true };
    if (!this.local.stream) await this.startLocalMedia(want);
    const server = this.options.server ?? {
      host: location.hostname,
      port: Number(location.port) || (location.protocol === 'https:' ? 443 : 80),
      secure: location.protocol === 'https:'
    };
    const peer = new Peer(this.selfPeerId, {
      host: server.host,
      port: server.port,
      secure: server.secure,
      path: SIGNALLING_PATH,
      key: PEERJS_KEY,
      // Our ICE servers only (none: host candidates on one network); never PeerJS's public STUN/TURN defaults.
      config: { iceServers: body.iceServers ?? [] },
      debug: 0
    });
    this.peer = peer;
    peer.on('open', () => {
      this.signallingAttempts = 0;
      this.setStatus('connected');
      this.announceState();
    });
    peer.on('call', (connection) => this.incoming(connection));
    peer.on('disconnected', () => this.signallingLost());
    peer.on('error', (error) => this.peerError(error as Error & { type?: string }));
    peer.socket.on('message', (message: ServerMessage) => this.serverMessage(message));
    this.qualityTimer = setInterval(() => void this.sampleQuality(), this.options.qualityEveryMs ?? 3000);
  }

  leave(): void {
    if (this.qualityTimer) clearInterval(this.qualityTimer);
    if (this.signallingRetry) clearTimeout(this.signallingRetry);
    for (const link of this.links.values()) this.dropLink(link);
    this.links.clear();
    this.peer?.destroy();
    this.peer = null;
    for (const track of this.local.stream?.getTracks() ?? []) track.stop();
    this.screenTrack?.stop();
    this.local.stream = null;
    this.setStatus('left');
  }

  // ---- the person's own media -------------------------------------------------------------------------------

  async startLocalMedia(want: { audio: boolean; video: boolean }): Promise<boolean> {
    const acquired = await acquireMedia(want, this.devices);
    if (!acquired.ok) {
      this.local.problem = acquired.help;
      this.local.stream = new MediaStream();
      this.emit();
      return false;
    }
    for (const track of this.local.stream?.getTracks() ?? []) track.stop();
    this.local.stream = acquired.stream;
    this.local.problem = null;
    this.local.microphone = acquired.stream.getAudioTracks().length > 0;
    this.local.camera = acquired.stream.getVideoTracks().length > 0;
    this.local.audioOnly = want.audio && !want.video;
    await this.replaceTracks();
    this.recallWhereMissing();
    this.announceState();
    return true;
  }

  /** Mute or unmute: the microphone track stays, only its sound stops (unmuting is instant). */
  setMicrophone(on: boolean): void {
    for (const track of this.local.stream?.getAudioTracks() ?? []) track.enabled = on;
    this.local.microphone = on && (this.local.stream?.getAudioTracks().length ?? 0) > 0;
    this.announceState();
  }

  /** Camera off stops the camera itself (its light goes out); on asks for it again. Anyone may do this at any time. */
  async setCamera(on: boolean): Promise<void> {
    const stream = this.local.stream ?? new MediaStream();
    this.local.stream = stream;
    if (!on) {
      for (const track of stream.getVideoTracks()) {
        track.stop();
        stream.removeTrack(track);
      }
      this.local.camera = false;
    } else if (stream.getVideoTracks().length === 0) {
      const acquired = await acquireMedia({ audio: false, video: true }, this.devices);
      if (!acquired.ok) {
        this.local.problem = acquired.help;
        return this.emit();
      }
      const [track] = acquired.stream.getVideoTracks();
      if (track) stream.addTrack(track);
      this.local.camera = true;
      this.local.audioOnly = false;
    }
    await this.replaceTracks();
    if (on) this.recallWhereMissing();
    this.announceState();
  }

  /** Sound only: my camera off, and others stop sending me video (saves a weak connection). */
  async setAudioOnly(on: boolean): Promise<void> {
    this.local.audioOnly = on;
    await this.setCamera(!on);
  }

  async chooseDevices(choice: DeviceChoice): Promise<void> {
    this.devices = { ...this.devices, ...choice };
    const microphone = this.local.microphone;
    await this.startLocalMedia({ audio: true, video: this.local.camera });
    this.setMicrophone(microphone);
  }

  /** Facilitators share a screen in place of their camera; stopping (or the browser's own stop button) goes back. */
  async shareScreen(on: boolean): Promise<void> {
    if (!on) {
      this.screenTrack?.stop();
      this.screenTrack = null;
      this.local.sharingScreen = false;
    } else {
      if (!this.facilitating) return;
      const track = await acquireScreen();
      if (!track) return;
      this.screenTrack = track;
      this.local.sharingScreen = true;
      track.addEventListener('ended', () => void this.shareScreen(false));
    }
    await this.replaceTracks();
    this.announceState();
  }

  // ---- facilitator controls -----------------------------------------------------------------------------------

  askEveryoneToMute(): void {
    this.sendMedia({ action: 'ask_all_to_mute' });
  }

  muteForGroup(peerId: string): void {
    this.sendMedia({ action: 'mute', peerId });
  }

  // ---- signalling ------------------------------------------------------------------------------------------------

  private serverMessage(message: ServerMessage): void {
    if (message.type === 'JOIN') return this.peerJoined(message.src, message.payload.userId);
    if (message.type === 'LEAVE') return this.peerLeft(message.src);
    if (message.type === 'MEDIA') return this.mediaNotice(message.src, message.payload);
    if (message.type === 'REFUSED') {
      this.notice = message.payload.msg;
      this.emit();
    }
  }

  private peerJoined(peerId: string, userId: string): void {
    const existing = this.links.get(peerId);
    if (existing) {
      // JOIN again for a peer we know: one of us reconnected to signalling. A link that is not up is called again.
      if (userId) existing.userId = existing.remote.userId = userId;
      if (existing.remote.state !== 'connected' && this.selfPeerId && isCaller(this.selfPeerId, peerId) && !existing.retry) {
        this.closeConnection(existing);
        this.call(existing);
      }
      return this.emit();
    }
    const link: Link = {
      peerId,
      userId,
      connection: null,
      outgoing: false,
      attempts: 0,
      retry: null,
      wantsNoVideo: false,
      remote: { peerId, userId, stream: null, state: 'calling', audio: true, video: true, screen: false, mutedForGroup: false, quality: 'unknown' }
    };
    // One person, one tile: an older peer of the same person (a reload) is replaced.
    for (const other of [...this.links.values()]) if (other.userId === userId) this.peerLeft(other.peerId);
    this.links.set(peerId, link);
    if (this.selfPeerId && isCaller(this.selfPeerId, peerId)) this.call(link);
    this.announceState();
    void this.applyCaps();
  }

  private peerLeft(peerId: string): void {
    const link = this.links.get(peerId);
    if (!link) return;
    this.dropLink(link);
    this.links.delete(peerId);
    void this.applyCaps();
    this.emit();
  }

  private mediaNotice(src: string, notice: MediaNotice): void {
    if (notice.action === 'state') {
      const link = this.links.get(src);
      if (!link) return;
      Object.assign(link.remote, { audio: notice.audio, video: notice.video, screen: notice.screen ?? false });
      if (notice.audio) link.remote.mutedForGroup = false;
      if ((notice.audioOnly ?? false) !== link.wantsNoVideo) {
        link.wantsNoVideo = notice.audioOnly ?? false;
        void this.replaceTracks();
      }
    } else if (notice.action === 'ask_all_to_mute') {
      if (!this.facilitating && this.local.microphone) {
        this.notice = 'A facilitator asked everyone to mute. You are muted now; unmute when you want to speak.';
        this.setMicrophone(false);
      }
    } else if (notice.peerId === this.selfPeerId) {
      this.notice = 'A facilitator muted your microphone for the group. You can unmute when you are ready.';
      this.setMicrophone(false);
    } else {
      const link = this.links.get(notice.peerId);
      if (link) link.remote.mutedForGroup = true;
    }
    this.emit();
  }

  private sendMedia(request: MediaRequest): void {
    if (this.peer?.open) this.peer.socket.send({ type: 'MEDIA', payload: request });
  }

  private announceState(): void {
    this.sendMedia({
      action: 'state',
      audio: this.local.microphone,
      video: this.local.camera || this.local.sharingScreen,
      screen: this.local.sharingScreen,
      audioOnly: this.local.audioOnly
    });
    this.emit();
  }

  private signallingLost(): void {
    if (this.status === 'left' || this.status === 'refused' || !this.peer || this.peer.destroyed) return;
    this.setStatus('reconnecting');
    const delay = reconnectDelayMs(this.signallingAttempts++);
    this.signallingRetry = setTimeout(() => {
      if (this.peer && this.peer.disconnected && !this.peer.destroyed) this.peer.reconnect();
    }, delay);
  }

  private peerError(error: Error & { type?: string }): void {
    if (error.type === 'peer-unavailable') return; // EXPIRE: they left before answering; LEAVE or a new JOIN follows.
    if (error.type === 'server-error' || error.type === 'unavailable-id' || error.type === 'socket-error') {
      // The server refused or cut us (removed, sent back to the waiting room, signed out): stop all media.
      this.notice = error.message || 'The video stopped.';
      this.leave();
      this.setStatus('refused');
      return;
    }
    if (error.type === 'network' || error.type === 'disconnected') this.signallingLost();
  }

  // ---- media connections -------------------------------------------------------------------------------------------

  private call(link: Link): void {
    if (!this.peer || !this.local.stream) return;
    const connection = this.peer.call(link.peerId, this.local.stream, { constraints: OFFER_CONSTRAINTS } as never);
    if (!connection) return;
    link.outgoing = true;
    this.watch(link, connection);
  }

  private incoming(connection: MediaConnection): void {
    const link = this.links.get(connection.peer);
    if (!link) {
      // A call before their JOIN reached us: we learn who it is from the server's JOIN shortly; answer now.
      this.peerJoined(connection.peer, '');
      return this.incoming(connection);
    }
    if (link.connection && link.outgoing && link.remote.state === 'calling' && this.selfPeerId && isCaller(this.selfPeerId, connection.peer)) {
      connection.close(); // Both called at once: the smaller id's call wins.
      return;
    }
    if (link.connection) this.closeConnection(link);
    link.outgoing = false;
    connection.answer(this.local.stream ?? new MediaStream());
    this.watch(link, connection);
  }

  private watch(link: Link, connection: MediaConnection): void {
    link.connection = connection;
    link.connectedAt = undefined;
    link.remote.state = link.attempts > 0 ? 'reconnecting' : 'calling';
    connection.on('stream', (stream) => {
      link.remote.stream = stream;
      this.emit();
    });
    connection.on('iceStateChanged', (state) => {
      if (state === 'connected' || state === 'completed') {
        link.attempts = 0;
        link.connectedAt ??= performance.now();
        link.remote.state = 'connected';
        void this.applyCapsTo(link);
        void this.replaceTracks();
        this.emit();
      } else if (state === 'failed' || state === 'disconnected') {
        this.connectionFailed(link, connection, state);
      }
    });
    connection.on('close', () => this.connectionFailed(link, connection, 'closed'));
    connection.on('error', () => this.connectionFailed(link, connection, 'failed'));
    this.emit();
  }

  /** ICE failed or the network changed: the caller calls again after a backoff; the other side waits for the call. */
  private connectionFailed(link: Link, connection: MediaConnection, state: string): void {
    if (link.connection !== connection || this.links.get(link.peerId) !== link) return;
    if (state === 'disconnected') {
      // Often recovers by itself within seconds; if not, ICE reports failed.
      link.remote.state = 'reconnecting';
      return this.emit();
    }
    this.closeConnection(link);
    link.remote.state = 'reconnecting';
    link.remote.stream = null;
    if (this.selfPeerId && isCaller(this.selfPeerId, link.peerId) && !link.retry) {
      link.retry = setTimeout(() => {
        link.retry = null;
        if (this.links.get(link.peerId) === link && !link.connection) this.call(link);
      }, reconnectDelayMs(link.attempts++));
    }
    this.emit();
  }

  private closeConnection(link: Link): void {
    const connection = link.connection;
    link.connection = null;
    connection?.removeAllListeners();
    connection?.close();
  }

  private dropLink(link: Link): void {
    if (link.retry) clearTimeout(link.retry);
    link.retry = null;
    this.closeConnection(link);
  }

  /** Puts the current tracks (camera or shared screen, microphone) on every connection without renegotiating. */
  private async replaceTracks(): Promise<void> {
    const audio = this.local.stream?.getAudioTracks()[0] ?? null;
    const camera = this.local.stream?.getVideoTracks()[0] ?? null;
    for (const link of this.links.values()) {
      const pc = link.connection?.peerConnection;
      if (pc) await putTracks(pc, audio, link.wantsNoVideo ? null : (this.screenTrack ?? camera));
    }
    await this.applyCaps();
  }

  /**
   * A connection made while I had no camera (or no microphone) cannot carry one without renegotiating, which PeerJS
   * does not do: call those peers again (they replace the old connection with the new call).
   */
  private recallWhereMissing(): void {
    const kinds = new Set((this.local.stream?.getTracks() ?? []).map((track) => track.kind));
    for (const link of this.links.values()) {
      const pc = link.connection?.peerConnection;
      if (pc && !sendsEveryKind(pc, kinds)) {
        this.closeConnection(link);
        this.call(link);
      }
    }
  }

  // ---- bitrate caps and quality ------------------------------------------------------------------------------------

  private cap(): SendingCap {
    return sendingCap(this.links.size + 1);
  }

  private async applyCaps(): Promise<void> {
    await Promise.all([...this.links.values()].map((link) => this.applyCapsTo(link)));
    this.emit();
  }

  private async applyCapsTo(link: Link): Promise<void> {
    const pc = link.connection?.peerConnection;
    if (!pc) return;
    const size = this.links.size + 1;
    const cap = this.screenTrack ? screenShareCap(size) : this.cap();
    await capSenders(pc, cap, !!this.screenTrack);
  }

  private async sampleQuality(): Promise<void> {
    for (const link of this.links.values()) {
      const pc = link.connection?.peerConnection;
      if (!pc || link.remote.state !== 'connected') continue;
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed' || pc.signalingState === 'closed') {
        // Closed or failed without an ICE event reaching PeerJS (e.g. the browser dropped it): treat as an ICE failure.
        this.connectionFailed(link, link.connection!, 'failed');
        continue;
      }
      try {
        const sample = await sampleConnection(pc);
        const expectVideo = link.remote.video && !this.local.audioOnly;
        link.remote.quality = classifyQuality(qualityInput(link.lastSample, sample, expectVideo));
        link.lastSample = sample;
        if ((sample.framesDecoded ?? 0) > 0) link.videoRecalls = 0;
        const watch = {
          connectedForMs: performance.now() - (link.connectedAt ?? performance.now()),
          framesDecoded: sample.framesDecoded,
          expectVideo,
          recalls: link.videoRecalls ?? 0
        };
        if (shouldRecallForMissingVideo(watch)) {
          // Connected, camera on, yet not one frame: a fresh call (the other side replaces its connection with it).
          link.videoRecalls = watch.recalls + 1;
          link.lastSample = undefined;
          this.closeConnection(link);
          this.call(link);
        }
      } catch {
        link.remote.quality = 'unknown';
      }
    }
    this.emit();
  }

  private setStatus(status: MeshStatus): void {
    this.status = status;
    this.emit();
  }

  private emit(): void {
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }
}
