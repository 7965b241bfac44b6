/**
 * What people may ask the room to do (commands, checked by the server before reducer.ts applies them) and what the
 * server itself reports (events, never accepted from clients). The command types are inferred from the zod schema in
 * command-schema.ts (server-side only; imported here as a type, so no validator reaches the browser).
 */
import type { z } from 'zod';
import type { ErrorBody } from '../errors';
import type { Role } from '../group/rules';
import type { roomCommandSchema } from './command-schema';

export type RoomCommand = z.output<typeof roomCommandSchema>;
export type RoomCommandType = RoomCommand['type'];
export type CommandOf<T extends RoomCommandType> = Extract<RoomCommand, { type: T }>;

/** Commands anyone in the room may send (about themselves, or about others when facilitating). */
export const PARTICIPANT_COMMAND_TYPES = [
  'raise_hand',
  'lower_hand',
  'pass_turn',
  'finish_turn',
  'send_support',
  'answer_thermometer',
  'return_to_group',
  'pair_hand'
] as const satisfies readonly RoomCommandType[];
/** Commands only facilitators may send. command-schema.test.ts checks both lists against the schema. */
export const FACILITATOR_COMMAND_TYPES = [
  'admit',
  'admit_all',
  'set_auto_admit',
  'send_to_waiting',
  'remove',
  'call_next',
  'call_person',
  'skip',
  'remove_from_queue',
  'move_in_queue',
  'clear_queue',
  'set_turn_length',
  'start_go_around',
  'next_in_go_around',
  'end_go_around',
  'set_agenda',
  'add_step',
  'update_step',
  'remove_step',
  'move_step',
  'apply_agenda_template',
  'go_to_step',
  'link_step',
  'spotlight',
  'set_layout',
  'show_board',
  'acknowledge_support',
  'end_session',
  'set_chat_mode',
  'set_reactions',
  'ask_thermometer',
  'close_thermometer',
  'show_thermometer_spread',
  'start_side_room',
  'start_breakout',
  'visit_pair',
  'end_breakout'
] as const satisfies readonly RoomCommandType[];

export function isFacilitatorCommand(command: RoomCommand): boolean {
  return (FACILITATOR_COMMAND_TYPES as readonly string[]).includes(command.type);
}

/** Reported by the server about connections; applied with applyServerEvent, never accepted from clients. */
export type RoomServerEvent =
  | { type: 'person_joined'; userId: string; displayName: string; role: Role }
  | { type: 'person_disconnected'; userId: string }
  | { type: 'person_reconnected'; userId: string }
  | { type: 'person_left'; userId: string }
  | { type: 'person_role_changed'; userId: string; role: Role }
  /** The session was ended outside the room (the sessions API): the room ends as if a facilitator ended it. */
  | { type: 'session_ended' }
  /** A member's measure answer needs a facilitator now (PHQ-9 item 9 above 0): an urgent support signal. */
  | { type: 'urgent_alert'; userId: string; displayName: string; alertId: string; reason: 'phq9_item9' }
  /** A facilitator recorded follow-up for that alert (measures API): the urgent signal closes. */
  | { type: 'urgent_followed_up'; alertId: string; facilitatorId: string }
  /** The breakout's time ran out (the server's timer): everyone returns to the group. */
  | { type: 'breakout_time_up' }
  /** The server made the breakout's worksheet: pair id -> that pair's copy (documents row id). */
  | { type: 'pair_worksheet_ready'; worksheetId: string; copies: Record<string, string> };

export type ParsedCommand = { ok: true; command: RoomCommand } | { ok: false; error: ErrorBody['error'] };
