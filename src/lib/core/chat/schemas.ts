/**
 * The zod schemas of chat, reactions and the thermometer's room commands. Server-side only (server/chat and the room's
 * command-schema.ts import it); the browser's room imports the rules and types, never this file, so no validator
 * reaches the room page's JavaScript (tests/e2e/room-weight.test.ts).
 */
import { z } from 'zod';
import { CHAT_MODES, MAX_MESSAGE_LENGTH, cleanText } from './rules';
import { REACTIONS } from './reactions';
import { THERMOMETER_MAX, THERMOMETER_MIN } from './thermometer';

const text = z
  .string({ error: 'Write a message.' })
  .transform(cleanText)
  .pipe(z.string().min(1, 'Write a message.').max(MAX_MESSAGE_LENGTH, `Keep a message to ${MAX_MESSAGE_LENGTH} characters.`));

/**
 * A message as the browser sends it: the thread and the text, nothing else (the sender is who is signed in; a body
 * that names a sender or a time is refused as malformed, never trusted).
 */
export const chatPostSchema = z.strictObject({
  thread: z.string({ error: 'Say where the message goes.' }).min(1, 'Say where the message goes.').max(200, 'That thread id is too long.'),
  text
});

export const reactionPostSchema = z.strictObject({
  reaction: z.enum(REACTIONS, { error: 'Choose one of the reactions.' })
});

const value = z
  .number({ error: `Choose a number from ${THERMOMETER_MIN} to ${THERMOMETER_MAX}.` })
  .int(`Choose a whole number from ${THERMOMETER_MIN} to ${THERMOMETER_MAX}.`)
  .min(THERMOMETER_MIN, `Choose a number from ${THERMOMETER_MIN} to ${THERMOMETER_MAX}.`)
  .max(THERMOMETER_MAX, `Choose a number from ${THERMOMETER_MIN} to ${THERMOMETER_MAX}.`);

export const talkParticipantCommandSchemas = [
  z.strictObject({ type: z.literal('answer_thermometer'), roundId: z.string().min(1, 'Give the check-in.').max(20), value })
] as const;

export const talkFacilitatorCommandSchemas = [
  z.strictObject({ type: z.literal('set_chat_mode'), mode: z.enum(CHAT_MODES, { error: 'Choose open, announcements or off.' }) }),
  z.strictObject({ type: z.literal('set_reactions'), on: z.boolean({ error: 'Say true or false.' }) }),
  /** lowAt: answers at or below it alert the facilitators (null: no alert); the default is DEFAULT_LOW_AT. */
  z.strictObject({ type: z.literal('ask_thermometer'), lowAt: value.nullable().optional(), showSpread: z.boolean().optional() }),
  z.strictObject({ type: z.literal('close_thermometer') }),
  z.strictObject({ type: z.literal('show_thermometer_spread'), show: z.boolean({ error: 'Say true or false.' }) })
] as const;

