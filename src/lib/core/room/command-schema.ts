/**
 * The zod schema of room commands: the server checks every command that arrives over the wire with parseRoomCommand
 * (crafted commands are rejected with field details). The TypeScript types in commands.ts are inferred from it, so
 * the two never drift apart. Server-side only: the browser imports commands.ts (types and lists) and never this file,
 * which keeps zod out of the room page's JavaScript.
 */
import { z } from 'zod';
import type { ParsedCommand } from './commands';
import { AGENDA_TEMPLATE_IDS, MAX_AGENDA_STEPS } from './agenda';
import { AGENDA_TOOLS, GO_AROUND_ORDERS, MAX_TURN_LENGTH_SECONDS, MIN_TURN_LENGTH_SECONDS, ROOM_LAYOUTS } from './state';
import { fieldErrors } from '../validation';
import { talkFacilitatorCommandSchemas, talkParticipantCommandSchemas } from '../chat/schemas';
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

/** Checks a command that arrived over the wire; field paths map to their first message. */
export function parseRoomCommand(value: unknown): ParsedCommand {
  const result = roomCommandSchema.safeParse(value);
  if (result.success) return { ok: true, command: result.data };
  const fields = fieldErrors(result.error, { root: 'type', unexpected: 'This field is not part of the command.' });
  return { ok: false, error: { code: 'validation_failed', message: 'This room command is not valid.', details: { fields } } };
}
