/** Test helpers for the room rules (used by the *.test.ts files beside it; not part of the app). */
import { expect } from 'vitest';
import type { CommandOf, RoomCommand, RoomServerEvent } from './commands';
import type { FACILITATOR_COMMAND_TYPES } from './commands';
import type { RoomEffect } from './effects';
import { type Actor, type RoomResult, applyCommand, applyServerEvent } from './reducer';
import { type RoomState, createRoomState } from './state';

export const T0 = Date.UTC(2025, 0, 6, 18, 0, 0);
export const MINUTE = 60_000;

export const FACILITATOR: Actor = { userId: 'fay', role: 'facilitator' };
export const CO_FACILITATOR: Actor = { userId: 'cole', role: 'co_facilitator' };
export const ANA: Actor = { userId: 'ana', role: 'participant' };
export const BEN: Actor = { userId: 'ben', role: 'participant' };
export const CAT: Actor = { userId: 'cat', role: 'participant' };

const NAMES: Record<string, string> = { fay: 'Fay', cole: 'Cole', ana: 'Ana', ben: 'Ben', cat: 'Cat', dan: 'Dan' };

export function accepted(result: RoomResult): { state: RoomState; effects: RoomEffect[] } {
  if (!result.ok) throw new Error(`refused: ${result.error.code}: ${result.error.message}`);
  return result;
}

export function act(state: RoomState, actor: Actor, command: RoomCommand, now = T0, seq?: number): RoomState {
  return accepted(applyCommand(state, command, actor, now, seq)).state;
}

export function observe(state: RoomState, event: RoomServerEvent, now = T0, seq?: number): RoomState {
  return accepted(applyServerEvent(state, event, now, seq)).state;
}

export function join(state: RoomState, actor: Actor, now = T0): RoomState {
  return observe(state, { type: 'person_joined', userId: actor.userId, displayName: NAMES[actor.userId] ?? actor.userId, role: actor.role }, now);
}

/** Expects a refusal with `code` and a plain-language message, and returns the error. */
export function expectRefused(result: RoomResult, code: string) {
  if (result.ok) throw new Error(`expected a refusal (${code}) but the command was accepted`);
  expect(result.error.code).toBe(code);
  expect(result.error.message.length).toBeGreaterThan(5);
  return result.error;
}

/** A room with the facilitator and `participants` admitted, all at T0. */
export function roomWith(...participants: Actor[]): RoomState {
  let state = join(createRoomState({ now: T0 }), FACILITATOR);
  for (const participant of participants) {
    state = join(state, participant);
    state = act(state, FACILITATOR, { type: 'admit', userId: participant.userId });
  }
  return state;
}

/** Deeply freezes a value so any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export function noticesFor(effects: RoomEffect[], userId: string): string[] {
  return effects.flatMap((effect) => (effect.type === 'notify' && effect.userId === userId ? [effect.notice.kind] : []));
}

type FacilitatorType = (typeof FACILITATOR_COMMAND_TYPES)[number];

/** One well-formed example of every facilitator command, aimed at Ana where it names someone. */
export const SAMPLE_FACILITATOR_COMMANDS: { [T in FacilitatorType]: CommandOf<T> } = {
  admit: { type: 'admit', userId: 'ana' },
  admit_all: { type: 'admit_all' },
  set_auto_admit: { type: 'set_auto_admit', on: true },
  send_to_waiting: { type: 'send_to_waiting', userId: 'ana' },
  remove: { type: 'remove', userId: 'ana' },
  call_next: { type: 'call_next' },
  call_person: { type: 'call_person', userId: 'ana' },
  skip: { type: 'skip' },
  remove_from_queue: { type: 'remove_from_queue', userId: 'ana' },
  move_in_queue: { type: 'move_in_queue', userId: 'ana', direction: 'down' },
  clear_queue: { type: 'clear_queue' },
  set_turn_length: { type: 'set_turn_length', seconds: 90 },
  start_go_around: { type: 'start_go_around', order: 'listed' },
  next_in_go_around: { type: 'next_in_go_around' },
  end_go_around: { type: 'end_go_around' },
  set_agenda: { type: 'set_agenda', steps: [{ title: 'Check-in', plannedMinutes: 10, tool: 'go_around' }] },
  add_step: { type: 'add_step', step: { title: 'Break', plannedMinutes: 5, tool: 'break' } },
  update_step: { type: 'update_step', stepId: 's1', title: 'Arrival' },
  remove_step: { type: 'remove_step', stepId: 's2' },
  move_step: { type: 'move_step', stepId: 's2', toIndex: 0 },
  apply_agenda_template: { type: 'apply_agenda_template', template: 'cbt_group', mode: 'append' },
  go_to_step: { type: 'go_to_step', stepId: 's1' },
  link_step: { type: 'link_step', stepId: 's1', worksheetId: 'worksheet-1', boardId: null },
  spotlight: { type: 'spotlight', userId: 'ana' },
  set_layout: { type: 'set_layout', layout: 'stage' },
  show_board: { type: 'show_board', boardId: 'board-1' },
  acknowledge_support: { type: 'acknowledge_support', signalId: 'support-1' },
  end_session: { type: 'end_session' },
  set_chat_mode: { type: 'set_chat_mode', mode: 'announcements' },
  set_reactions: { type: 'set_reactions', on: false },
  ask_thermometer: { type: 'ask_thermometer' },
  close_thermometer: { type: 'close_thermometer' },
  show_thermometer_spread: { type: 'show_thermometer_spread', show: true },
  start_side_room: { type: 'start_side_room', userId: 'ana' },
  start_breakout: { type: 'start_breakout', minutes: 5 },
  visit_pair: { type: 'visit_pair', pairId: 'pair-1' },
  end_breakout: { type: 'end_breakout' }
};
