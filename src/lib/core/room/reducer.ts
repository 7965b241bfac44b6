/**
 * The one way the room changes: applyCommand for what people ask (checked against who they are) and
 * applyServerEvent for what the server observed about connections. Both copy the state first and never change
 * their input; a refusal leaves everything as it was and says why in plain words.
 */
import { AppError, type ErrorBody, conflict, forbidden } from '../errors';
import { isFacilitating, type Role } from '../group/rules';
import * as agenda from './agenda';
import type { Change } from './change';
import { type RoomCommand, type RoomServerEvent, isFacilitatorCommand } from './commands';
import type { RoomEffect } from './effects';
import * as goAround from './go-around';
import * as people from './people';
import * as queue from './queue';
import { upNext } from './selectors';
import { type RoomState, findPerson, nameOf, requireInRoom } from './state';
import * as support from './support';
import { endTurn } from './timer';
import { handleTalkCommand } from '../chat/commands';
import * as parts from '../room-parts/rules';

export interface Actor {
  userId: string;
  role: Role;
}

export type RoomResult =
  | { ok: true; state: RoomState; effects: RoomEffect[] }
  | { ok: false; error: ErrorBody['error'] };

function run(state: RoomState, now: number, seq: number | undefined, actorId: string | null, apply: (draft: RoomState, change: Change) => void): RoomResult {
  const draft = structuredClone(state);
  const change: Change = { now, seq: seq ?? state.version + 1, actorId, effects: [] };
  try {
    apply(draft, change);
    parts.tidyParts(draft, change);
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toBody().error };
    throw error;
  }
  announceTurns(state, draft, change);
  draft.version = state.version + 1;
  return { ok: true, state: draft, effects: change.effects };
}

/** Private notices for "your turn" (a new turn began) and "you are next" (someone new is up next). */
function announceTurns(before: RoomState, after: RoomState, change: Change): void {
  const turn = after.currentTurn;
  if (turn && (turn.userId !== before.currentTurn?.userId || turn.startedAt !== before.currentTurn?.startedAt)) {
    change.effects.push({ type: 'notify', userId: turn.userId, notice: { kind: 'your_turn' } });
  }
  const next = upNext(after);
  if (next !== null && next !== upNext(before) && next !== turn?.userId) {
    change.effects.push({ type: 'notify', userId: next, notice: { kind: 'you_are_next' } });
  }
}

function requireActorInRoom(state: RoomState, actor: Actor): void {
  const me = findPerson(state, actor.userId);
  if (me?.removed) throw forbidden('You were removed from this session.');
  if (me?.presence === 'waiting') throw forbidden('You are in the waiting room. A facilitator will let you in soon.');
  if (!me || me.presence === 'gone') throw forbidden('Join the room first.');
}

/** The person a command is about: yourself unless you name someone else, which only facilitators may (`may`). */
function subject(actor: Actor, named: string | undefined, may: boolean, refusal: string): string {
  const userId = named ?? actor.userId;
  if (userId !== actor.userId && !may) throw forbidden(refusal);
  return userId;
}

function endSpeakersTurn(draft: RoomState, change: Change, userId: string, how: 'spoke' | 'passed', notSpeaking: string): void {
  const turn = draft.currentTurn;
  if (turn?.userId !== userId) throw conflict(notSpeaking);
  if (turn.source === 'go_around' && goAround.isGoAroundRunning(draft)) goAround.finishGoAroundTurn(draft, change, how);
  else endTurn(draft, change, how);
}

function endSession(draft: RoomState, change: Change): void {
  if (draft.goAround) goAround.endGoAround(draft, change);
  endTurn(draft, change, 'spoke');
  agenda.leaveCurrentStep(draft, change.now);
  people.closeAllVisits(draft, change);
  draft.queue = [];
  draft.spotlight = null;
  draft.ended = true;
  draft.endedAt = change.now;
  change.effects.push({ type: 'session_ended' }, { type: 'audit', action: 'room.end', actorId: change.actorId });
}

function handle(draft: RoomState, change: Change, command: RoomCommand, actor: Actor): void {
  const facilitating = isFacilitating(actor.role);
  switch (command.type) {
    case 'raise_hand':
      return queue.raiseHand(draft, change, subject(actor, command.userId, false, 'You can only raise your own hand.'));
    case 'lower_hand': {
      const userId = subject(actor, command.userId, facilitating, 'You can only lower your own hand.');
      return queue.lowerHand(draft, userId, userId === actor.userId ? 'Your' : `${nameOf(draft, userId)}'s`);
    }
    case 'pass_turn':
      subject(actor, command.userId, false, 'You can only pass your own turn.');
      return endSpeakersTurn(draft, change, actor.userId, 'passed', 'It is not your turn, so there is nothing to pass.');
    case 'finish_turn': {
      const userId = subject(actor, command.userId, facilitating, 'You can only finish your own turn.');
      const notSpeaking = userId === actor.userId ? 'It is not your turn.' : `${nameOf(draft, userId)} is not speaking.`;
      return endSpeakersTurn(draft, change, userId, 'spoke', notSpeaking);
    }
    case 'send_support':
      return support.sendSupport(draft, change, actor.userId);
    case 'admit':
      return people.admit(draft, change, command.userId);
    case 'admit_all':
      return people.admitAll(draft, change);
    case 'set_auto_admit':
      return people.setAdmission(draft, change, command.on ? 'auto' : 'manual');
    case 'send_to_waiting':
      return people.sendToWaiting(draft, change, command.userId);
    case 'remove':
      return people.removePerson(draft, change, command.userId);
    case 'call_next':
      return queue.callNext(draft, change);
    case 'call_person':
      return queue.callPerson(draft, change, command.userId);
    case 'skip':
      return goAround.skipInGoAround(draft, change, command.userId);
    case 'remove_from_queue':
      return queue.lowerHand(draft, command.userId, `${nameOf(draft, command.userId)}'s`);
    case 'move_in_queue':
      return queue.moveInQueue(draft, command.userId, command.direction);
    case 'clear_queue':
      return queue.clearQueue(draft);
    case 'set_turn_length':
      draft.turnLengthMs = command.seconds * 1000;
      return;
    case 'start_go_around':
      return goAround.startGoAround(draft, change, command);
    case 'next_in_go_around':
      return goAround.nextInGoAround(draft, change);
    case 'end_go_around':
      return goAround.endGoAround(draft, change);
    case 'set_agenda':
      return agenda.setAgenda(draft, command.steps, command.mode);
    case 'add_step':
      return agenda.addStep(draft, command.step, command.index);
    case 'update_step':
      return agenda.updateStep(draft, command.stepId, command);
    case 'remove_step':
      return agenda.removeStep(draft, command.stepId);
    case 'move_step':
      return agenda.moveStep(draft, command.stepId, command.toIndex);
    case 'apply_agenda_template':
      return agenda.applyTemplate(draft, command.template, command.mode);
    case 'go_to_step':
      return agenda.goToStep(draft, change, command.stepId);
    case 'link_step':
      return agenda.linkStep(draft, command.stepId, command);
    case 'spotlight':
      if (command.userId !== null) requireInRoom(draft, command.userId);
      draft.spotlight = command.userId;
      return;
    case 'set_layout':
      draft.layout = command.layout;
      return;
    case 'show_board':
      draft.stageBoardId = command.boardId;
      return;
    case 'acknowledge_support':
      return support.acknowledgeSupport(draft, change, command.signalId, actor.userId);
    case 'end_session':
      return endSession(draft, change);
    case 'answer_thermometer':
    case 'set_chat_mode':
    case 'set_reactions':
    case 'ask_thermometer':
    case 'close_thermometer':
    case 'show_thermometer_spread':
      return handleTalkCommand(draft, change, command, actor.userId);
    case 'start_side_room':
      return parts.startSideRoom(draft, change, actor.userId, command.userId);
    case 'return_to_group':
      return parts.returnToGroup(draft, change, actor.userId, facilitating, command.userId);
    case 'start_breakout':
      return parts.startBreakout(draft, change, actor.userId, command);
    case 'visit_pair':
      return parts.visitPair(draft, actor.userId, command.pairId);
    case 'pair_hand':
      return parts.pairHand(draft, change, actor.userId, command.raised ?? true);
    case 'end_breakout':
      return parts.endBreakout(draft, change, actor.userId, 'called_back');
    default: {
      const unknown: never = command;
      throw new AppError('validation_failed', 'Unknown command.', { command: String((unknown as { type?: unknown }).type) });
    }
  }
}

/**
 * Applies a command from `actor` (their role as the server knows it) at server time `now`. `seq` is the server's
 * sequence number for this command (defaults to the state version + 1); it orders hands raised in the same ms.
 */
export function applyCommand(state: RoomState, command: RoomCommand, actor: Actor, now: number, seq?: number): RoomResult {
  return run(state, now, seq, actor.userId, (draft, change) => {
    if (draft.ended) throw conflict('This session has ended.');
    requireActorInRoom(draft, actor);
    if (isFacilitatorCommand(command) && !isFacilitating(actor.role)) {
      throw forbidden('Only facilitators can do this.');
    }
    handle(draft, change, command, actor);
  });
}

/** Applies what the server observed about a connection. Never fed from client messages. */
export function applyServerEvent(state: RoomState, event: RoomServerEvent, now: number, seq?: number): RoomResult {
  return run(state, now, seq, null, (draft, change) => {
    switch (event.type) {
      case 'person_joined':
        return people.personJoined(draft, change, event);
      case 'person_disconnected':
        return people.personDisconnected(draft, event.userId);
      case 'person_reconnected':
        return people.personReconnected(draft, change, event.userId);
      case 'person_left':
        return people.personLeft(draft, change, event.userId);
      case 'person_role_changed':
        return people.personRoleChanged(draft, event.userId, event.role);
      case 'session_ended':
        if (draft.ended) throw conflict('This session has already ended.');
        return endSession(draft, change);
      case 'urgent_alert':
        return support.raiseUrgent(draft, change, event);
      case 'urgent_followed_up':
        return support.closeUrgent(draft, change, event.alertId, event.facilitatorId);
      case 'breakout_time_up':
        return parts.endBreakout(draft, change, null, 'time_up');
      case 'pair_worksheet_ready':
        return parts.linkPairWorksheet(draft, event.worksheetId, event.copies);
    }
  });
}
