/**
 * What people may ask the room to do (commands, checked by the server before reducer.ts applies them) and what the
 * server itself reports (events, never accepted from clients). The zod schema rejects crafted commands with field
 * details; the TypeScript types are inferred from it so the two never drift apart.
 */
import { z } from 'zod';
import type { ErrorBody } from '../errors';
import type { Role } from '../group/rules';
import { AGENDA_TEMPLATE_IDS, MAX_AGENDA_STEPS } from './agenda';
import { AGENDA_TOOLS, GO_AROUND_ORDERS, MAX_TURN_LENGTH_SECONDS, MIN_TURN_LENGTH_SECONDS, ROOM_LAYOUTS } from './state';
import { fieldErrors } from '../validation';
import { talkFacilitatorCommandSchemas, talkParticipantCommandSchemas } from '../chat/commands';
import { partsFacilitatorCommandSchemas, partsParticipantCommandSchemas } from '../room-parts/commands';

const id = z.string({ error: 'Give an id.' }).min(1, 'Give an id.').max(200, 'That id is too long.');
/** Only for commands that act on one person: absent means "myself". */
const forWhom = id.optional();

const title = z.string().trim().min(1, 'Give the step a title.').max(120, 'Use at most 120 characters.');
const plannedMinutes = z
  .number({ error: 'Enter a number of minutes.' })
  .int('Enter whole minutes.')
  .min(1, 'Plan at least 1 minute.')
  .max(240, 'Plan at most 240 minutes.');
const tool = z.enum(AGENDA_TOOLS, { error: 'Choose a tool: go-around, open queue, board, worksheet or break.' });
const stepInput = z.strictObject({ title, plannedMinutes, tool });
const stepIndex = z.number().int('Enter a whole number.').min(0, 'Use 0 or more.');
const direction = z.enum(['up', 'down'], { error: 'Choose up or down.' });
const mode = z.enum(['replace', 'append']).optional();

const command = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

export const participantCommandSchemas = [
  command('raise_hand', { userId: forWhom }),
  command('lower_hand', { userId: forWhom }),
  command('pass_turn', { userId: forWhom }),
  command('finish_turn', { userId: forWhom }),
  command('send_support', {}),
  ...talkParticipantCommandSchemas,
  ...partsParticipantCommandSchemas
] as const;

export const facilitatorCommandSchemas = [
  command('admit', { userId: id }),
  command('admit_all', {}),
  command('set_auto_admit', { on: z.boolean({ error: 'Say true or false.' }) }),
  command('send_to_waiting', { userId: id }),
  command('remove', { userId: id }),
  command('call_next', {}),
  command('call_person', { userId: id }),
  command('skip', { userId: id.optional() }),
  command('remove_from_queue', { userId: id }),
  command('move_in_queue', { userId: id, direction }),
  command('clear_queue', {}),
  command('set_turn_length', {
    seconds: z
      .number({ error: 'Enter a number of seconds.' })
      .int('Enter whole seconds.')
      .min(MIN_TURN_LENGTH_SECONDS, `A turn lasts at least ${MIN_TURN_LENGTH_SECONDS} seconds.`)
      .max(MAX_TURN_LENGTH_SECONDS, `A turn lasts at most ${MAX_TURN_LENGTH_SECONDS / 60} minutes.`)
  }),
  command('start_go_around', {
    order: z.enum(GO_AROUND_ORDERS, { error: 'Choose an order: listed, shuffled or custom.' }),
    customOrder: z.array(id).min(1, 'Put at least one person in the order.').max(50, 'That order is too long.').optional(),
    includeFacilitators: z.boolean().optional(),
    seed: z.number().int().optional()
  }).refine((value) => value.order !== 'custom' || value.customOrder !== undefined, {
    message: 'Give the custom order.',
    path: ['customOrder']
  }),
  command('next_in_go_around', {}),
  command('end_go_around', {}),
  command('set_agenda', { steps: z.array(stepInput).max(MAX_AGENDA_STEPS, `Use at most ${MAX_AGENDA_STEPS} steps.`), mode }),
  command('add_step', { step: stepInput, index: stepIndex.optional() }),
  command('update_step', { stepId: id, title: title.optional(), plannedMinutes: plannedMinutes.optional(), tool: tool.optional() }),
  command('remove_step', { stepId: id }),
  command('move_step', { stepId: id, toIndex: stepIndex }),
  command('apply_agenda_template', {
    template: z.enum(AGENDA_TEMPLATE_IDS, { error: 'Choose a template.' }),
    mode
  }),
  command('go_to_step', { stepId: id.nullable() }),
  /** Links a worksheet and/or a board to a step (null unlinks, absent leaves it as it is). */
  command('link_step', { stepId: id, worksheetId: id.nullable().optional(), boardId: id.nullable().optional() }),
  command('spotlight', { userId: id.nullable() }),
  command('set_layout', { layout: z.enum(ROOM_LAYOUTS, { error: 'Choose gallery or stage.' }) }),
  /** Puts a board on the stage for everyone outside a step with its own board (null: the most recent board). */
  command('show_board', { boardId: id.nullable() }),
  command('acknowledge_support', { signalId: id }),
  command('end_session', {}),
  ...talkFacilitatorCommandSchemas,
  ...partsFacilitatorCommandSchemas
] as const;

export const roomCommandSchema = z.discriminatedUnion('type', [...participantCommandSchemas, ...facilitatorCommandSchemas], {
  error: 'Unknown command.'
});

export type RoomCommand = z.output<typeof roomCommandSchema>;
export type RoomCommandType = RoomCommand['type'];
export type CommandOf<T extends RoomCommandType> = Extract<RoomCommand, { type: T }>;

export const PARTICIPANT_COMMAND_TYPES = participantCommandSchemas.map((schema) => schema.shape.type.value);
export const FACILITATOR_COMMAND_TYPES = facilitatorCommandSchemas.map((schema) => schema.shape.type.value);

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
  | { type: 'breakout_time_up' };

export type ParsedCommand = { ok: true; command: RoomCommand } | { ok: false; error: ErrorBody['error'] };

/** Checks a command that arrived over the wire; field paths map to their first message. */
export function parseRoomCommand(value: unknown): ParsedCommand {
  const result = roomCommandSchema.safeParse(value);
  if (result.success) return { ok: true, command: result.data };
  const fields = fieldErrors(result.error, { root: 'type', unexpected: 'This field is not part of the command.' });
  return { ok: false, error: { code: 'validation_failed', message: 'This room command is not valid.', details: { fields } } };
}
