/**
 * The quiet "I need support" signal: only facilitators are alerted (with who and when), it is audit-logged, and the
 * participant is told it was received and, later, that a facilitator saw it. Signals are never shown to other
 * participants (see sharedView in selectors.ts).
 */
import { AppError, conflict } from '../errors';
import type { Change } from './change';
import { type RoomState, nameOf } from './state';

export function sendSupport(draft: RoomState, change: Change, userId: string): void {
  const signalId = `support-${draft.supportSignals.length + 1}`;
  draft.supportSignals.push({ id: signalId, userId, at: change.now, acknowledgedBy: null, acknowledgedAt: null });
  change.effects.push(
    {
      type: 'notify_facilitators',
      alert: { kind: 'support_signal', signalId, userId, displayName: nameOf(draft, userId), at: change.now }
    },
    { type: 'notify', userId, notice: { kind: 'support_received', signalId } },
    { type: 'audit', action: 'room.support_signal', actorId: userId, targetUserId: userId, details: { signalId } }
  );
}

export function acknowledgeSupport(draft: RoomState, change: Change, signalId: string, facilitatorId: string): void {
  const signal = draft.supportSignals.find((candidate) => candidate.id === signalId);
  if (!signal) throw new AppError('not_found', 'That support signal was not found.');
  if (signal.acknowledgedBy !== null) {
    throw conflict(`${nameOf(draft, signal.acknowledgedBy)} has already acknowledged this signal.`);
  }
  signal.acknowledgedBy = facilitatorId;
  signal.acknowledgedAt = change.now;
  change.effects.push(
    { type: 'notify', userId: signal.userId, notice: { kind: 'support_acknowledged', signalId } },
    { type: 'audit', action: 'room.support_acknowledged', actorId: facilitatorId, targetUserId: signal.userId, details: { signalId } }
  );
}

/** Signals not yet acknowledged, oldest first. */
export function openSupportSignals(state: RoomState) {
  return state.supportSignals.filter((signal) => signal.acknowledgedBy === null);
}
