/**
 * RoomService: the live session rooms of this app. Every change goes through one path: load the room FOR UPDATE,
 * apply the pure rules (src/lib/core/room), store the result, then carry out its effects: mirror the shared view
 * into the session_state document (through the 'room.changed' event), send private notices over the room streams,
 * cut off access (through 'session.access_revoked', which the relay acts on), record attendance and audit.
 */
import { randomUUID } from 'node:crypto';
import { AppError, conflict } from '../../src/lib/core/errors';
import { isFacilitating, type Role } from '../../src/lib/core/group/rules';
import {
  type Actor,
  type RoomCommand,
  type RoomEffect,
  type RoomResult,
  type RoomServerEvent,
  type RoomState,
  applyCommand,
  applyServerEvent,
  createRoomState,
  findPerson,
  sharedView,
  statusOf,
  type MyRoomStatus
} from '../../src/lib/core/room';
import { streamEffectsOf, type EventBus, type RoomStreamEffect } from '../events';
import type { Logger } from '../log';
import type { SessionRecord, Store } from '../storage/store';
import { sessionStateDocName } from '../../src/lib/core/documents/names';

import { type RoomListener, RoomStreams } from './streams';
import { BreakoutTimers } from '../room-parts/breakout-timer';
import { RemoteReloads } from './remote-reloads';
import { NoOtherProcesses, type SharedRoomStreams } from './shared-streams';

export interface RoomServiceDeps {
  store: Store;
  events: EventBus;
  logger: Logger;
  now: () => Date;
}

export interface RoomServiceOptions {
  /** How long someone whose last stream closed stays "reconnecting" before they count as gone. */
  leaveGraceMs: number;
}

/** Who asked, for the audit log. */
export interface Requester {
  ip: string | null;
}

type Step = (state: RoomState, now: number) => RoomResult | null;

export class RoomService {
  readonly streams = new RoomStreams();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  private readonly lastSent = new WeakMap<RoomListener, string>();
  /** Pairs return when their time is up (src/lib/core/room-parts). */
  private readonly breakouts: BreakoutTimers;
  /** Reloads after changes made elsewhere: in order, and never an older state sent after a newer one made here. */
  private readonly reloads: RemoteReloads;

  constructor(
    private readonly deps: RoomServiceDeps,
    private readonly options: RoomServiceOptions,
    /** Which people have a stream open on another process (REDIS_URL): their presence is held there. */
    private readonly shared: SharedRoomStreams = new NoOtherProcesses()
  ) {
    const { events, logger } = deps;
    this.reloads = new RemoteReloads((error, sessionId) => logger.error('room: following a change made elsewhere failed', { error, sessionId }));
    this.breakouts = new BreakoutTimers(
      () => deps.now().getTime(),
      (session) =>
        void this.apply(
          session,
          (state, now) => ((state.parts?.breakout?.endsAt ?? Infinity) <= now ? applyServerEvent(state, { type: 'breakout_time_up' }, now) : null),
          { ip: null }
        ).catch((error) => logger.error('room: ending the breakout failed', { error }))
    );
    const quietly = (what: string, work: () => Promise<unknown>) =>
      void work().catch((error) => logger.error(`room: ${what} failed`, { error }));
    events.on('session.started', ({ sessionId }) => quietly('opening the room', () => this.openRoomOf(sessionId)));
    events.on('session.ended', ({ sessionId }) => {
      this.reloads.forget(sessionId);
      quietly('ending the room', () => this.endRoomOf(sessionId));
    });
    events.on('member.role_changed', ({ groupId, userId, role }) => {
      // At once, before anything else is sent: a demoted co-facilitator's open stream stops getting facilitator alerts.
      // (Made on another process, the channel registry re-reads the membership and calls followRole.)
      for (const listener of this.streams.ofPerson(groupId, userId)) this.followRole(listener, role);
      quietly('changing a role', () => this.roleChanged(groupId, userId, role));
    });
    events.on('measure.urgent_alert', ({ groupId, alertId, userId, displayName }) =>
      quietly('raising an urgent alert', () =>
        this.inLiveRoom(groupId, { type: 'urgent_alert', alertId, userId, displayName, reason: 'phq9_item9' })
      )
    );
    events.on('measure.alert_followed_up', ({ groupId, alertId, facilitatorId }) =>
      quietly('closing an urgent alert', () => this.inLiveRoom(groupId, { type: 'urgent_followed_up', alertId, facilitatorId }))
    );
    events.on('member.removed', ({ userId }) => {
      for (const sessionId of this.streams.sessionsOf(userId)) this.streams.closeUser(sessionId, userId);
    });
    // A command ran on another process (REDIS_URL): the streams here get what they would have got there.
    events.on('live.remote', (event) => {
      if (event.type === 'room_changed') this.followRemote(event.sessionId, event.effects);
    });
  }

  /**
   * On start: arms the breakout timer of every live session whose stored room has pairs working (one whose time is
   * already up ends at once), so the pairs return when their time ends even if nobody opens a room stream after a
   * restart. Returns how many it armed.
   */
  async resumeBreakouts(): Promise<number> {
    let armed = 0;
    for (const session of await this.deps.store.sessions.listLive()) {
      const state = await this.state(session.id);
      if (!state || state.ended || !state.parts?.breakout) continue;
      this.breakouts.follow(session, state);
      armed++;
    }
    return armed;
  }

  /** Stops this service's timers (breakouts, leave grace); the rooms stay as stored. */
  close(): void {
    this.breakouts.close();
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
  }

  /** Creates the session's room and its read-only session_state document unless they exist. */
  async ensureRoom(session: SessionRecord): Promise<RoomState> {
    const { store, now } = this.deps;
    const docName = sessionStateDocName(session.id);
    if (!(await store.documents.byDocName(docName))) {
      try {
        await store.documents.create({
          id: randomUUID(),
          docName,
          kind: 'session_state',
          groupId: session.groupId,
          ownerId: null,
          title: `Room of ${session.title}`,
          createdBy: null
        });
      } catch (error) {
        // Another request created it meanwhile (unique doc name); anything else is a real failure.
        if (!(await store.documents.byDocName(docName))) throw error;
      }
    }
    const opened = (session.startedAt ?? now()).getTime();
    return (await store.rooms.ensure(session.id, createRoomState({ now: opened }))).state;
  }

  async state(sessionId: string): Promise<RoomState | undefined> {
    return (await this.deps.store.rooms.get(sessionId))?.state;
  }

  /** Applies a person's command; a refusal is thrown as an AppError (403, 404, 409). */
  async command(session: SessionRecord, actor: Actor, command: RoomCommand, requester: Requester): Promise<RoomState> {
    const result = await this.apply(session, (state, now) => applyCommand(state, command, actor, now), requester);
    if (!result) throw conflict('Nothing changed.');
    if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
    return result.state;
  }

  /**
   * The breakout's worksheet was made (server/worksheets/pairs.ts): each pair named gets its copy. Refused (409) when
   * the pairs have returned meanwhile or already have one.
   */
  async linkPairWorksheet(session: SessionRecord, worksheetId: string, copies: Record<string, string>): Promise<void> {
    const event: RoomServerEvent = { type: 'pair_worksheet_ready', worksheetId, copies };
    const result = await this.apply(session, (state, now) => applyServerEvent(state, event, now), { ip: null });
    if (result && !result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
  }

  /**
   * A stream opened: the person arrives (waiting room or room) or comes back. Refusals are thrown. Resolves with the
   * stream's id, to hand back to `disconnected`. The stream is registered before the person joins, so a process whose
   * old stream of theirs closes after this join sees this one.
   */
  async connect(session: SessionRecord, user: { id: string; displayName: string }, role: Role): Promise<string> {
    this.cancelGrace(session.id, user.id);
    const streamId = await this.shared.opened(session.id, user.id);
    const joined: RoomServerEvent = { type: 'person_joined', userId: user.id, displayName: user.displayName, role };
    try {
      const result = await this.apply(session, (state, now) => applyServerEvent(state, joined, now), { ip: null });
      if (result && !result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
    } catch (error) {
      await this.shared.closed(session.id, user.id, streamId);
      throw error;
    }
    return streamId;
  }

  /**
   * The person behind an open stream has a new role: from now on the stream carries what that role receives. They
   * are told (the page hides or shows the facilitator's parts), and someone who now facilitates gets the full state.
   */
  followRole(listener: RoomListener, role: Role): void {
    if (listener.role === role) return;
    listener.role = role;
    listener.send('notice', { kind: 'role_changed', role });
    if (isFacilitating(role)) void this.greet(listener.sessionId, listener).catch((error) => this.deps.logger.error('room: greeting failed', { error }));
  }

  /** Sends a new stream what it needs to start: the person's status, and the full state to facilitators. */
  async greet(sessionId: string, listener: RoomListener): Promise<void> {
    const state = await this.state(sessionId);
    if (!state) return;
    this.sendTo(listener, state);
    const session = await this.deps.store.sessions.get(sessionId);
    if (session) this.breakouts.follow(session, state);
  }

  /**
   * A stream closed: when it was the person's last, here and on every other process, they are reconnecting, and gone
   * after the grace period unless a stream of theirs opened meanwhile, here or elsewhere.
   */
  disconnected(session: SessionRecord, userId: string, streamId: string): void {
    void this.shared
      .closed(session.id, userId, streamId)
      .then(() => this.afterStreamClosed(session, userId))
      .catch((error) => this.deps.logger.error('room: disconnection not recorded', { error }));
  }

  private async afterStreamClosed(session: SessionRecord, userId: string): Promise<void> {
    // Back on another process already (before this one saw the old connection end): that process holds their presence.
    if (this.streams.count(session.id, userId) > 0 || (await this.shared.openElsewhere(session.id, userId))) return;
    const observe = (event: RoomServerEvent, when: (state: RoomState) => boolean) =>
      this.apply(session, (state, now) => (when(state) ? applyServerEvent(state, event, now) : null), { ip: null });
    const presence = (state: RoomState) => findPerson(state, userId)?.presence;
    const key = `${session.id}:${userId}`;
    clearTimeout(this.graceTimers.get(key));
    const timer = setTimeout(() => {
      this.graceTimers.delete(key);
      void (async () => {
        if (this.streams.count(session.id, userId) > 0) return;
        // Their stream on another process may have joined just before this process stored "reconnecting": in then.
        if (await this.shared.openElsewhere(session.id, userId)) {
          await observe({ type: 'person_reconnected', userId }, (s) => presence(s) === 'reconnecting');
          return;
        }
        await observe({ type: 'person_left', userId }, (s) => presence(s) === 'reconnecting');
      })().catch((error) => this.deps.logger.error('room: leaving not recorded', { error }));
    }, this.options.leaveGraceMs);
    timer.unref?.();
    this.graceTimers.set(key, timer);
    await observe({ type: 'person_disconnected', userId }, (s) => presence(s) === 'admitted' || presence(s) === 'waiting');
  }

  private cancelGrace(sessionId: string, userId: string): void {
    const key = `${sessionId}:${userId}`;
    clearTimeout(this.graceTimers.get(key));
    this.graceTimers.delete(key);
  }

  private async openRoomOf(sessionId: string): Promise<void> {
    const session = await this.deps.store.sessions.get(sessionId);
    if (session?.status === 'live') await this.ensureRoom(session);
  }

  /**
   * The session was ended through the sessions API: the room ends too (unless it already has). The API awaits this
   * before it answers, so everyone's access is cut before anyone hears the session ended: a participant who reopens
   * a board just after is not cut off by a late revocation. 'session.ended' also calls it (ended elsewhere).
   */
  async endRoomOf(sessionId: string): Promise<void> {
    const session = await this.deps.store.sessions.get(sessionId);
    const state = await this.state(sessionId);
    if (!session || !state || state.ended) return;
    await this.apply(session, (current, now) => (current.ended ? null : applyServerEvent(current, { type: 'session_ended' }, now)), { ip: null });
  }

  /** Applies a server event in the group's live room, if it has one that is open. */
  private async inLiveRoom(groupId: string, event: RoomServerEvent): Promise<void> {
    const live = await this.deps.store.sessions.liveForGroup(groupId);
    if (!live || !(await this.state(live.id))) return;
    await this.apply(live, (state, now) => (state.ended ? null : applyServerEvent(state, event, now)), { ip: null });
  }

  private async roleChanged(groupId: string, userId: string, role: Role): Promise<void> {
    const live = await this.deps.store.sessions.liveForGroup(groupId);
    if (live) {
      await this.apply(
        live,
        (state, now) => (findPerson(state, userId) ? applyServerEvent(state, { type: 'person_role_changed', userId, role }, now) : null),
        { ip: null }
      );
    }
  }

  /** The one way a room changes. `step` returns null when there is nothing to do. */
  private async apply(session: SessionRecord, step: Step, requester: Requester): Promise<RoomResult | null> {
    const at = this.deps.now();
    const outcome = await this.deps.store.rooms.change(session.id, (before) => {
      const result = step(before, at.getTime());
      return { state: result?.ok ? result.state : undefined, value: { before, result } };
    });
    if (!outcome) throw conflict('The room of this session is not open.');
    const { before, result } = outcome;
    if (result?.ok) await this.carryOut(session, before, result.state, result.effects, requester);
    return result;
  }

  private async carryOut(session: SessionRecord, before: RoomState, after: RoomState, effects: RoomEffect[], requester: Requester) {
    const { events } = this.deps;
    const sessionId = session.id;
    // The session's record ends before anyone hears of it: a facilitator who reads the summary and starts the next
    // session at once must find this one ended, not a 409.
    const ending = effects.some((effect) => effect.type === 'session_ended');
    const endedAt = this.deps.now();
    const endedRecord = ending && (await this.deps.store.sessions.transition(sessionId, ['live'], 'ended', endedAt));
    this.reloads.changedHere(sessionId);
    const streamEffects = streamEffectsOf(effects);
    events.emit('room.changed', { groupId: session.groupId, sessionId, view: sharedView(after), streamEffects });
    this.breakouts.follow(session, after);
    this.tellStreams(sessionId, after, streamEffects);
    const revoke = (userId: string) => events.emit('session.access_revoked', { groupId: session.groupId, sessionId, userId });
    for (const effect of effects) {
      if (effect.type === 'revoke_access') revoke(effect.userId);
      else if (effect.type === 'cut_off') revoke(effect.userId);
      else if (effect.type === 'session_ended') {
        for (const person of after.people) if (!isFacilitating(person.role)) revoke(person.userId);
      }
    }
    this.closeStreams(sessionId, streamEffects);
    await this.recordAttendance(sessionId, before, after);
    await this.archivePairWorksheet(before, after);
    await this.audit(session, effects, requester);
    if (endedRecord) await this.closeEndedSession(session, requester, endedAt);
  }

  /**
   * What a change says on this process's streams: private words first (so someone being removed hears it before
   * their stream closes), then everyone's status and the facilitators' full state (unless `state` is null: a newer
   * one was sent meanwhile).
   */
  private tellStreams(sessionId: string, state: RoomState | null, effects: RoomStreamEffect[]): void {
    for (const effect of effects) {
      if (effect.type === 'notify') this.streams.toUser(sessionId, effect.userId, 'notice', effect.notice);
      else if (effect.type === 'notify_facilitators') this.streams.toFacilitators(sessionId, 'alert', effect.alert);
      else if (effect.type === 'session_ended') {
        for (const listener of this.streams.listeners(sessionId)) listener.send('notice', { kind: 'session_ended' });
      }
    }
    if (state) for (const listener of this.streams.listeners(sessionId)) this.sendTo(listener, state);
  }

  /** Then the streams of people cut off, or of the participants of a session that ended, close. */
  private closeStreams(sessionId: string, effects: RoomStreamEffect[]): void {
    for (const effect of effects) {
      if (effect.type === 'cut_off') this.streams.closeUser(sessionId, effect.userId);
      else if (effect.type === 'session_ended') {
        for (const listener of this.streams.listeners(sessionId)) if (!isFacilitating(listener.role)) listener.close();
      }
    }
  }

  /**
   * A room changed on another process: the stored room is read again (one session's reloads in order) and this
   * process's streams get it, each filtered for its own audience as always. Nothing is read without a stream here.
   */
  private followRemote(sessionId: string, effects: RoomStreamEffect[]): void {
    if (this.streams.listeners(sessionId).length === 0) return;
    this.reloads.reload(
      sessionId,
      () => this.state(sessionId),
      async (state, fresh) => {
        if (!state) return;
        // Not fresh: a change made here while reading was sent already; the notices still go out.
        this.tellStreams(sessionId, fresh ? state : null, effects);
        this.closeStreams(sessionId, effects);
        const session = fresh ? await this.deps.store.sessions.get(sessionId) : undefined;
        if (session) this.breakouts.follow(session, state);
      }
    );
  }

  /**
   * The pairs returned (called back, time up, the session ended): their worksheets stay with the session, read-only.
   * Archiving is a rights change, so open sockets are re-checked at once (writers drop to reading).
   */
  private async archivePairWorksheet(before: RoomState, after: RoomState): Promise<void> {
    const worksheetId = before.parts?.breakout?.worksheetId;
    if (!worksheetId || after.parts?.breakout?.worksheetId === worksheetId) return;
    const copies = await this.deps.store.worksheets.archiveCopies(worksheetId, this.deps.now());
    for (const copy of copies) this.deps.events.emit('document.changed', { documentId: copy.documentId, docName: copy.docName });
  }

  /** Sends the person's status when it changed, and facilitators the full state. */
  private sendTo(listener: RoomListener, state: RoomState): void {
    if (isFacilitating(listener.role)) listener.send('state', state);
    const status: MyRoomStatus = statusOf(state, listener.userId);
    const json = JSON.stringify(status);
    if (this.lastSent.get(listener) === json) return;
    this.lastSent.set(listener, json);
    listener.send('status', status);
  }

  /** Opens and closes attendance stays as visits open and close in the room. */
  private async recordAttendance(sessionId: string, before: RoomState, after: RoomState): Promise<void> {
    const { attendance } = this.deps.store;
    for (const person of after.people) {
      const was = findPerson(before, person.userId)?.visits.find((visit) => visit.to === null);
      const is = person.visits.find((visit) => visit.to === null);
      if (was && was.from !== is?.from) {
        const closed = person.visits.find((visit) => visit.from === was.from);
        await attendance.close(sessionId, person.userId, new Date(closed?.to ?? after.endedAt ?? Date.now()));
      }
      if (is && is.from !== was?.from) await attendance.open(sessionId, person.userId, new Date(is.from));
    }
  }

  private async audit(session: SessionRecord, effects: RoomEffect[], requester: Requester): Promise<void> {
    for (const effect of effects) {
      if (effect.type !== 'audit') continue;
      await this.deps.store.audit.append({
        actorUserId: effect.actorId,
        action: effect.action,
        targetType: effect.targetUserId ? 'user' : 'session',
        targetId: effect.targetUserId ?? session.id,
        groupId: session.groupId,
        ip: requester.ip,
        details: { sessionId: session.id, ...effect.details }
      });
    }
  }

  /** The room ended by command and its record with it: attendance closed, boards versioned by 'session.ended'. */
  private async closeEndedSession(session: SessionRecord, requester: Requester, at: Date): Promise<void> {
    const { store, events } = this.deps;
    await store.attendance.closeAll(session.id, at);
    events.emit('session.ended', { groupId: session.groupId, sessionId: session.id });
    await store.audit.append({
      actorUserId: null,
      action: 'session.end',
      targetType: 'session',
      targetId: session.id,
      groupId: session.groupId,
      ip: requester.ip,
      details: { from: 'room' }
    });
  }
}
