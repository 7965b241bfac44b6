/**
 * The mesh manager: one PeerJS peer against our own signalling (/peerjs, never the public cloud), one media
 * connection to every other admitted peer. Browser only; plain TypeScript with a change listener, so the video grid
 * (and the Chromium test) can drive it. The rules it follows are pure and tested in src/lib/core/rtc.
 *
 * - Join: ask our API for a peer id and ICE servers (admitted members only), get media, open the peer (mesh-peer.ts).
 * - Who calls whom: the server sends JOIN for every peer in the session; the smaller id calls (no glare).
 * - Leaves: the server sends LEAVE when a peer goes (left, removed, sent back); we hang up on it.
 * - Reconnection: an ICE failure, or the signalling socket dropping, is retried with backoff.
 * - Caps: every sender is capped for the group size (RTCRtpSender.setParameters), again whenever the size changes.
 * Each link's own record and events are in mesh-link.ts, the person's own media in own-media.ts.
 */
import type { MediaConnection, Peer } from 'peerjs';
import { screenShareCap, sendingCap, type SendingCap } from '../core/rtc/bitrate';
import { endedWithoutIceEvent, nextRetryDelayMs, ownCallPending } from '../core/rtc/link-timing';
import { followGrant, isCaller, reconnectDelayMs, refusesIncomingCall } from '../core/rtc/mesh';
import type { MediaNotice, MediaRequest, ServerMessage } from '../core/protocol';
import type { DeviceChoice } from './local-media';
import { attachConnection, closeConnection, connectedCheck, createLink, dropLink, takeStateNotice, unconnectedCheck, type Link } from './mesh-link';
import { openPeer, requestPeer } from './mesh-peer';
import { OwnMedia } from './own-media';
import { capSenders, putTracks, sendsEveryKind } from './senders';
import type { LocalState, MeshOptions, MeshSnapshot, MeshStatus } from './mesh-types';
import { traceLink, traceMesh } from './mesh-trace';

export type { LocalState, MeshOptions, MeshSnapshot, MeshStatus, RemotePeer } from './mesh-types';

const OFFER_CONSTRAINTS = { offerToReceiveAudio: true, offerToReceiveVideo: true };

export class VideoMesh {
  private peer: Peer | null = null;
  private readonly links = new Map<string, Link>();
  private readonly listeners = new Set<(snapshot: MeshSnapshot) => void>();
  private status: MeshStatus = 'idle';
  private selfPeerId: string | null = null;
  private facilitating = false;
  private notice: string | null = null;
  private readonly own = new OwnMedia();
  private readonly local: LocalState = this.own.state;
  private qualityTimer: ReturnType<typeof setInterval> | null = null;
  private signallingAttempts = 0;
  private signallingRetry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: MeshOptions) {
    traceMesh(this);
  }

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
    const grant = await requestPeer(this.options);
    if (!grant.ok) {
      this.notice = grant.notice;
      return this.setStatus('refused');
    }
    this.selfPeerId = grant.peerId;
    this.facilitating = grant.facilitating;
    const want = this.options.start ?? { audio: true, video: true };
    if (!this.local.stream) await this.startLocalMedia(want);
    const peer = openPeer(grant, this.options.server);
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
    for (const link of this.links.values()) dropLink(link);
    this.links.clear();
    this.peer?.destroy();
    this.peer = null;
    this.own.stop();
    this.setStatus('left');
  }

  // ---- the person's own media (own-media.ts): each change goes on every connection and is announced -------------

  async startLocalMedia(want: { audio: boolean; video: boolean }): Promise<boolean> {
    if (!(await this.own.start(want))) {
      this.emit();
      return false;
    }
    await this.replaceTracks();
    this.recallWhereMissing();
    this.announceState();
    return true;
  }

  setMicrophone(on: boolean): void {
    this.own.setMicrophone(on);
    this.announceState();
  }

  /** Anyone may turn their camera off or on at any time. */
  async setCamera(on: boolean): Promise<void> {
    if (!(await this.own.setCamera(on))) return this.emit();
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
    this.own.chooseDevices(choice);
    const microphone = this.local.microphone;
    await this.startLocalMedia({ audio: true, video: this.local.camera });
    this.setMicrophone(microphone);
  }

  /** Facilitators share a screen in place of their camera; stopping (or the browser's own stop button) goes back. */
  async shareScreen(on: boolean): Promise<void> {
    if (!on) this.own.stopScreen();
    else if (!this.facilitating || !(await this.own.startScreen(() => void this.shareScreen(false)))) return;
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
    if (message.type === 'GRANT') return this.grantChanged(message.payload);
    if (message.type === 'REFUSED') {
      this.notice = message.payload.msg;
      this.emit();
    }
  }

  /** The person's role changed while connected: the facilitator's controls follow, the call goes on. */
  private grantChanged(grant: { facilitating: boolean; msg: string }): void {
    const change = followGrant({ facilitating: this.facilitating, sharingScreen: this.local.sharingScreen }, grant);
    if (!change) return;
    this.facilitating = change.facilitating;
    this.notice = change.notice;
    if (change.stopScreenShare) void this.shareScreen(false);
    this.emit();
  }

  private peerJoined(peerId: string, userId: string): void {
    const existing = this.links.get(peerId);
    traceLink('join', peerId, { userId, known: !!existing, state: existing?.remote.state });
    if (existing) {
      // JOIN again for a peer we know: one of us reconnected to signalling. A link that is not up is called again.
      if (userId) existing.userId = existing.remote.userId = userId;
      if (existing.remote.state !== 'connected' && this.callsFirst(peerId) && !existing.retry) this.callAgain(existing, 'join again');
      return this.emit();
    }
    const link = createLink(peerId, userId);
    // One person, one tile: an older peer of the same person (a reload) is replaced. Not for calls that came before
    // their JOIN (no user id yet): two such callers are two people.
    for (const other of [...this.links.values()]) if (userId && other.userId === userId) this.peerLeft(other.peerId);
    this.links.set(peerId, link);
    if (this.callsFirst(peerId)) this.call(link, 'join');
    this.announceState();
    void this.applyCaps();
  }

  private peerLeft(peerId: string): void {
    const link = this.links.get(peerId);
    if (!link) return;
    traceLink('leave', peerId);
    dropLink(link);
    this.links.delete(peerId);
    void this.applyCaps();
    this.emit();
  }

  private mediaNotice(src: string, notice: MediaNotice): void {
    if (notice.action === 'state') {
      const link = this.links.get(src);
      if (!link) return;
      if (takeStateNotice(link, notice)) void this.replaceTracks();
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

  // ---- media connections (each link's own bookkeeping: mesh-link.ts) ---------------------------------------------

  /** Of the two of us, I am the one who calls (the smaller id: no glare). */
  private callsFirst(peerId: string): boolean {
    return !!this.selfPeerId && isCaller(this.selfPeerId, peerId);
  }

  private call(link: Link, reason: string): void {
    if (!this.peer || !this.local.stream) return traceLink('call skipped', link.peerId, { reason });
    const connection = this.peer.call(link.peerId, this.local.stream, { constraints: OFFER_CONSTRAINTS } as never);
    traceLink('call', link.peerId, { reason, conn: connection?.connectionId });
    if (!connection) return;
    link.outgoing = true;
    this.watch(link, connection);
  }

  /** Hangs up the link's connection and calls again (they replace their old connection with the new call). */
  private callAgain(link: Link, reason: string): void {
    this.closeConnection(link);
    this.call(link, reason);
  }

  private incoming(connection: MediaConnection): void {
    const link = this.links.get(connection.peer);
    if (!link) {
      // A call before their JOIN reached us: we learn who it is from the server's JOIN shortly; answer now.
      this.peerJoined(connection.peer, '');
      return this.incoming(connection);
    }
    const pending = ownCallPending(link, { hasConnection: !!link.connection, outgoing: link.outgoing });
    if (refusesIncomingCall({ selfIsCaller: this.callsFirst(connection.peer), ownCallPending: pending })) {
      traceLink('incoming refused', connection.peer, { conn: connection.connectionId, ours: link.connection?.connectionId });
      connection.close(); // Both called at once: the smaller id's call wins.
      return;
    }
    traceLink('incoming answered', connection.peer, { conn: connection.connectionId, replaces: link.connection?.connectionId, state: link.remote.state });
    if (link.connection) this.closeConnection(link);
    link.outgoing = false;
    connection.answer(this.local.stream ?? new MediaStream());
    this.watch(link, connection);
  }

  private watch(link: Link, connection: MediaConnection): void {
    attachConnection(link, connection, {
      stream: () => this.emit(),
      connected: () => {
        void this.applyCapsTo(link);
        void this.replaceTracks();
        this.emit();
      },
      lost: (lostConnection, state) => this.connectionFailed(link, lostConnection, state)
    });
    this.emit();
  }

  /** ICE failed or the network changed: the caller calls again after a backoff; the other side waits for the call. */
  private connectionFailed(link: Link, connection: MediaConnection, state: string): void {
    traceLink('lost', link.peerId, { conn: connection.connectionId, state, current: link.connection === connection });
    if (link.connection !== connection || this.links.get(link.peerId) !== link) return;
    if (state === 'disconnected') {
      // Often recovers by itself within seconds; if not, ICE reports failed.
      link.remote.state = 'reconnecting';
      return this.emit();
    }
    this.closeConnection(link);
    link.remote.state = 'reconnecting';
    link.remote.stream = null;
    if (this.callsFirst(link.peerId) && !link.retry) {
      link.retry = setTimeout(() => {
        link.retry = null;
        if (this.links.get(link.peerId) === link && !link.connection) this.call(link, `retry after ${state}`);
      }, nextRetryDelayMs(link));
    }
    this.emit();
  }

  /** A method of the mesh (not only of mesh-link.ts) because the glare test calls it: tests/e2e/mesh-glare-run.ts. */
  private closeConnection(link: Link): void {
    closeConnection(link);
  }

  /** Puts the current tracks (camera or shared screen, microphone) on every connection without renegotiating. */
  private async replaceTracks(): Promise<void> {
    const { audio, video } = this.own.sending();
    for (const link of this.links.values()) {
      const pc = link.connection?.peerConnection;
      if (pc) await putTracks(pc, audio, link.wantsNoVideo ? null : video);
    }
    await this.applyCaps();
  }

  /**
   * A connection made while I had no camera (or no microphone) cannot carry one without renegotiating, which PeerJS
   * does not do: call those peers again (they replace the old connection with the new call).
   */
  private recallWhereMissing(): void {
    const kinds = this.own.kinds();
    for (const link of this.links.values()) {
      const pc = link.connection?.peerConnection;
      if (pc && !sendsEveryKind(pc, kinds)) this.callAgain(link, 'a kind missing');
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
    const cap = this.own.screen ? screenShareCap(size) : this.cap();
    await capSenders(pc, cap, !!this.own.screen);
  }

  /**
   * Every few seconds, per link: a connection that ended without telling PeerJS is a failure; a call that never
   * connected, or a connection that carries none of their video, is called again (mesh-link.ts says when).
   */
  private async sampleQuality(): Promise<void> {
    for (const link of this.links.values()) {
      const pc = link.connection?.peerConnection;
      if (pc && endedWithoutIceEvent(pc)) {
        this.connectionFailed(link, link.connection!, 'failed');
        continue;
      }
      const reason = !pc || link.remote.state !== 'connected' ? unconnectedCheck(link, this.callsFirst(link.peerId)) : await connectedCheck(link, pc, this.local.audioOnly);
      if (reason) this.callAgain(link, reason);
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
