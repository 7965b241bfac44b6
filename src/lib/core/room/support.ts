/**
 * The quiet "I need support" signal: only facilitators are alerted (with who and when), it is audit-logged, and the
 * participant is told it was received and, later, that a facilitator saw it. Signals are never shown to other
 * participants (see sharedView in selectors.ts).
 */
import { AppError, conflict } from '../errors';
import type { Change } from './change';
import type { RoomServerEvent } from './commands';
import { type RoomState, type SupportSignal, type ThermometerMark, nameOf } from './state';

export function sendSupport(draft: RoomState, change: Change, userId: string): void {
  raiseSupportSignal(draft, change, userId);
}

/**
 * Opens a support signal for `userId` and alerts the facilitators privately. `thermometer` marks one raised by a low
 * check-in answer (core/chat/thermometer.ts): the same alert, saying why; the member is not told (they did not ask).
 */
export function raiseSupportSignal(draft: RoomState, change: Change, userId: string, thermometer?: ThermometerMark): string {
  const signalId = `support-${draft.supportSignals.length + 1}`;
  draft.supportSignals.push({ id: signalId, userId, at: change.now, acknowledgedBy: null, acknowledgedAt: null, ...(thermometer ? { thermometer } : {}) });
  const details: Record<string, string> = thermometer ? { signalId, roundId: thermometer.roundId } : { signalId };
  change.effects.push(
    {
      type: 'notify_facilitators',
      alert: { kind: 'support_signal', signalId, userId, displayName: nameOf(draft, userId), at: change.now, ...(thermometer ? { thermometer } : {}) }
    },
    ...(thermometer ? [] : [{ type: 'notify' as const, userId, notice: { kind: 'support_received' as const, signalId } }]),
    { type: 'audit', action: thermometer ? 'room.thermometer_low' : 'room.support_signal', actorId: userId, targetUserId: userId, details }
  );
  return signalId;
}

export function acknowledgeSupport(draft: RoomState, change: Change, signalId: string, facilitatorId: string): void {
  const signal = draft.supportSignals.find((candidate) => candidate.id === signalId);
  if (!signal) throw new AppError('not_found', 'That support signal was not found.');
  if (signal.urgent) throw conflict('This is an urgent alert: record your follow-up for it; seeing it is not enough.');
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

/**
 * The server raises an urgent signal for a member's risk answer (PHQ-9 item 9 above 0): the same private path to the
 * facilitators as the support signal, marked urgent. The member hears nothing over the room (the answer form shows them
 * the group's crisis resources itself), and nobody else learns of it.
 */
export function raiseUrgent(draft: RoomState, change: Change, event: Extract<RoomServerEvent, { type: 'urgent_alert' }>): void {
  if (draft.supportSignals.some((signal) => signal.urgent?.alertId === event.alertId)) return;
  const signalId = `support-${draft.supportSignals.length + 1}`;
  const urgent = { reason: event.reason, alertId: event.alertId };
  draft.supportSignals.push({ id: signalId, userId: event.userId, at: change.now, acknowledgedBy: null, acknowledgedAt: null, urgent });
  change.effects.push(
    {
      type: 'notify_facilitators',
      alert: { kind: 'urgent_alert', signalId, userId: event.userId, displayName: event.displayName, at: change.now, ...urgent }
    },
    { type: 'audit', action: 'room.urgent_alert', actorId: null, targetUserId: event.userId, details: { signalId, alertId: event.alertId } }
  );
}

/** Follow-up was recorded for the alert: its urgent signal closes (nothing to do if it was raised in no room). */
export function closeUrgent(draft: RoomState, change: Change, alertId: string, facilitatorId: string): void {
  const signal = draft.supportSignals.find((candidate) => candidate.urgent?.alertId === alertId);
  if (!signal || signal.acknowledgedBy !== null) return;
  signal.acknowledgedBy = facilitatorId;
  signal.acknowledgedAt = change.now;
  change.effects.push({
    type: 'audit',
    action: 'room.urgent_followed_up',
    actorId: facilitatorId,
    targetUserId: signal.userId,
    details: { signalId: signal.id, alertId }
  });
}

/** Urgent signals still waiting for follow-up, oldest first. */
export function openUrgentSignals(state: RoomState) {
  return state.supportSignals.filter((signal) => signal.urgent && signal.acknowledgedBy === null);
}

/** Signals not yet acknowledged (urgent ones included), oldest first. */
export function openSupportSignals(state: RoomState) {
  return state.supportSignals.filter((signal) => signal.acknowledgedBy === null);
}

/** One line of the session's support history, in a facilitator's words. */
export interface SupportHistoryLine {
  urgent: boolean;
  /** Still needs a facilitator: not seen yet, or (urgent) no follow-up recorded yet. */
  open: boolean;
  text: string;
}

/**
 * How the Support tab lists a signal. A participant's "I need support" is asked, then seen; an urgent alert (the server
 * raised it for a questionnaire answer) is never "asked" by anyone and closes only with recorded follow-up, so it
 * says what the answer was and whether follow-up is recorded.
 */
export function supportHistoryLine(signal: SupportSignal, nameOf: (userId: string) => string, time: (at: number) => string): SupportHistoryLine {
  const who = nameOf(signal.userId);
  const by = signal.acknowledgedBy ? nameOf(signal.acknowledgedBy) : null;
  const when = signal.acknowledgedAt !== null ? ` at ${time(signal.acknowledgedAt)}` : '';
  if (signal.urgent) {
    const what = `Urgent: ${who}'s questionnaire answer at ${time(signal.at)} (PHQ-9 question 9, thoughts of being better off dead or of self-harm)`;
    return by
      ? { urgent: true, open: false, text: `${what} · follow-up recorded by ${by}${when}` }
      : { urgent: true, open: true, text: `${what} · follow-up not recorded yet (the urgent alert above)` };
  }
  const what = signal.thermometer
    ? `${who} answered ${signal.thermometer.value} of 10 on the thermometer at ${time(signal.at)}`
    : `${who} asked at ${time(signal.at)}`;
  return by ? { urgent: false, open: false, text: `${what} · seen by ${by}${when}` } : { urgent: false, open: true, text: `${what} · not seen yet (at the top of the room)` };
}
