/**
 * The live session room as one page sees it: how the person may enter (agreement, safety check-in), their own status
 * and private notices (Server-Sent Events), the shared view read from the read-only session_state document, and for
 * facilitators the full state and support alerts. Commands go to the server, which alone changes the room.
 * While the person is inside the room and the page is visible or their camera or microphone is on, it sends the
 * presence heartbeat that keeps a listener signed in (src/lib/core/room/presence.ts, docs/threat-model.md).
 */
import { api, ApiError, failure } from '$lib/api/client';
import type { Role } from '$lib/core/group/rules';
import {
  type MyRoomStatus,
  type Notice,
  type RoomCommand,
  type RoomState,
  type SharedRoomView,
  type FacilitatorAlert,
  SHARED_VIEW_MAP,
  isNext,
  presenceHeartbeatDue,
  queuePosition,
  readSharedView
} from '$lib/core/room';
import { isFacilitating } from '$lib/core/group/rules';
import type { GroupSession } from '$lib/core/session/rules';
import { CollabDocument } from '$lib/sync/collab.svelte';

export interface RoomEntry {
  session: GroupSession;
  /** The group's name, for the check-in and waiting room ("Tuesday CBT group · Session 4"). */
  groupName: string;
  docName: string;
  me: { userId: string; displayName: string; role: Role };
  agreementAccepted: boolean;
  checkinRequired: boolean;
  status: MyRoomStatus;
}

export type RoomPhase = 'loading' | 'refused' | 'agreement' | 'checkin' | 'connecting' | 'waiting' | 'inside' | 'removed' | 'ended';

type Support = 'sending' | 'received' | 'acknowledged' | null;

export class RoomModel {
  entry = $state<RoomEntry | null>(null);
  refusal = $state<{ status: number; message: string } | null>(null);
  status = $state<MyRoomStatus | null>(null);
  view = $state<SharedRoomView | null>(null);
  /** Facilitators only: the whole room, support signals and talk time included. */
  full = $state<RoomState | null>(null);
  alerts = $state<FacilitatorAlert[]>([]);
  support = $state<Support>(null);
  /** Polite announcements ("you are next", "your turn") for the live region. */
  announcement = $state('');
  actionError = $state<string>();
  now = $state(Date.now());
  streamLost = $state(false);
  /** The person's own camera or microphone is on (set by the video grid): being present counts then, tab hidden or not. */
  mediaOn = $state(false);

  readonly sessionId: string;
  #events: EventSource | null = null;
  /** Handlers of other room features (chat, reactions) for events on the same stream, kept across reconnects. */
  #extra = new Map<string, Set<(data: unknown) => void>>();
  #collab: CollabDocument | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;
  #heartbeat = { lastSentAt: null as number | null, everyMs: 60_000, sending: false };
  #onVisibility = () => this.#beat();

  facilitating = $derived(this.entry ? isFacilitating(this.entry.me.role) : false);
  me = $derived(this.entry?.me.userId ?? '');
  groupName = $derived(this.entry?.groupName ?? '');

  phase = $derived.by((): RoomPhase => {
    if (this.refusal) return 'refused';
    if (!this.entry) return 'loading';
    const status = this.status ?? this.entry.status;
    if (status.removed) return 'removed';
    if (status.ended) return 'ended';
    if (!this.entry.agreementAccepted) return 'agreement';
    if (this.entry.checkinRequired) return 'checkin';
    if (!this.status) return 'connecting';
    if (status.presence === 'waiting') return 'waiting';
    if (status.presence === 'admitted' || status.presence === 'reconnecting') return 'inside';
    return 'connecting';
  });

  myQueuePosition = $derived(this.view ? queuePosition(this.view as unknown as RoomState, this.me) : null);
  speaking = $derived(this.view?.currentTurn?.userId === this.me);
  upNext = $derived(this.view ? isNext(this.view as unknown as RoomState, this.me) : false);

  constructor(sessionId: string) {
    this.sessionId = sessionId;
  }

  async load(): Promise<void> {
    try {
      this.entry = await api.get<RoomEntry>(`/api/sessions/${this.sessionId}/room/me`);
      this.refusal = null;
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      this.refusal = { status, message: failure(error).message };
      return;
    }
    if (!this.#ticker) {
      this.#ticker = setInterval(() => {
        this.now = Date.now();
        this.#beat();
      }, 1000);
      document.addEventListener('visibilitychange', this.#onVisibility);
    }
    if (this.entry.agreementAccepted && !this.entry.checkinRequired && !this.entry.status.removed) this.#listen();
  }

  /** The check-in was saved: enter the waiting room. */
  async checkedIn(): Promise<void> {
    await this.load();
  }

  async send(command: RoomCommand): Promise<boolean> {
    this.actionError = undefined;
    try {
      await api.post(`/api/sessions/${this.sessionId}/room/commands`, command);
      return true;
    } catch (error) {
      this.actionError = failure(error).message;
      return false;
    }
  }

  async sendSupport(): Promise<void> {
    this.support = 'sending';
    if (!(await this.send({ type: 'send_support' }))) this.support = null;
  }

  /** Listens to `name` events of the room stream (chat, reactions); returns the function that stops listening. */
  on<T>(name: string, handle: (data: T) => void): () => void {
    let handlers = this.#extra.get(name);
    if (!handlers) this.#extra.set(name, (handlers = new Set()));
    const handler = handle as (data: unknown) => void;
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  dismissAlert(signalId: string): void {
    this.alerts = this.alerts.filter((alert) => alert.signalId !== signalId);
  }

  destroy(): void {
    this.#events?.close();
    this.#events = null;
    this.#closeDocument();
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  /** Sends the presence heartbeat when it is due; the server answers when the next one is. */
  #beat(): void {
    const beat = this.#heartbeat;
    const now = Date.now();
    const visible = document.visibilityState === 'visible';
    if (beat.sending || !presenceHeartbeatDue({ status: this.status, visible, mediaOn: this.mediaOn, now, ...beat })) return;
    beat.sending = true;
    beat.lastSentAt = now;
    api
      .post<{ presence: { everyMs: number } }>(`/api/sessions/${this.sessionId}/room/presence`)
      .then(({ presence }) => (beat.everyMs = presence.everyMs))
      // Refused (the session ended, sent to the waiting room): the room stream says so; try again at the next turn.
      .catch(() => {})
      .finally(() => (beat.sending = false));
  }

  #listen(): void {
    if (this.#events) return;
    const events = new EventSource(`/api/sessions/${this.sessionId}/room/events`);
    this.#events = events;
    const on = <T>(name: string, handle: (data: T) => void) =>
      events.addEventListener(name, (event) => handle(JSON.parse((event as MessageEvent).data) as T));
    on<MyRoomStatus>('status', (status) => this.#statusChanged(status));
    on<RoomState>('state', (state) => (this.full = state));
    on<Notice>('notice', (notice) => this.#notice(notice));
    on<FacilitatorAlert>('alert', (alert) => (this.alerts = [...this.alerts, alert]));
    for (const name of ['chat', 'reaction']) on<unknown>(name, (data) => this.#extra.get(name)?.forEach((handle) => handle(data)));
    events.onopen = () => (this.streamLost = false);
    events.onerror = () => {
      this.streamLost = true;
      // After removal or the end the server closes the stream for good: stop retrying then.
      if (this.status?.removed || this.status?.ended) this.#stopListening();
      else if (events.readyState === EventSource.CLOSED) {
        this.#events = null;
        setTimeout(() => void this.load(), 3000);
      }
    };
  }

  #stopListening(): void {
    this.#events?.close();
    this.#events = null;
  }

  #statusChanged(status: MyRoomStatus): void {
    this.status = status;
    const inside = status.presence === 'admitted' || status.presence === 'reconnecting';
    if ((inside || this.facilitating) && !status.removed) this.#openDocument();
    else this.#closeDocument();
    if (status.removed || status.ended) this.#stopListening();
  }

  #notice(notice: Notice): void {
    switch (notice.kind) {
      case 'you_are_next':
        this.announcement = 'You are next.';
        return;
      case 'your_turn':
        this.announcement = 'It is your turn to speak.';
        return;
      case 'support_received':
        this.support = 'received';
        return;
      case 'support_acknowledged':
        this.support = 'acknowledged';
        return;
      case 'admitted':
        this.announcement = 'You are in the room now.';
        return;
      case 'sent_to_waiting':
        this.announcement = 'A facilitator asked you to wait in the waiting room for a moment.';
        return;
      case 'removed':
        this.status = { ...(this.status ?? this.entry!.status), removed: true };
        this.#closeDocument();
        return;
      case 'session_ended':
        this.status = { ...(this.status ?? this.entry!.status), ended: true };
        if (!this.facilitating) this.#closeDocument();
        return;
      case 'role_changed':
        // From now on the stream carries what the new role receives; a demoted co-facilitator's tools go.
        if (this.entry) this.entry = { ...this.entry, me: { ...this.entry.me, role: notice.role } };
        if (!isFacilitating(notice.role)) {
          this.full = null;
          this.alerts = [];
        }
        this.announcement = isFacilitating(notice.role) ? 'You are now a co-facilitator of this group.' : 'You now take part as a participant.';
        return;
      case 'signed_out':
        // The next request answers 401 and the app asks the person to sign in again.
        this.#stopListening();
        this.#closeDocument();
        this.announcement = 'You were signed out.';
        void this.load();
        return;
    }
  }

  #openDocument(): void {
    if (this.#collab || !this.entry) return;
    const collab = new CollabDocument(this.entry.docName);
    this.#collab = collab;
    const map = collab.doc.getMap(SHARED_VIEW_MAP);
    const read = () => (this.view = readSharedView(collab.doc));
    map.observe(read);
    read();
  }

  #closeDocument(): void {
    this.#collab?.destroy();
    this.#collab = null;
  }

  /** For tests of the page: whether the read-only document is open. */
  get documentOpen(): boolean {
    return this.#collab !== null;
  }
}
