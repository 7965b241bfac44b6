/** The room parts' commands (merged into the room's command union in src/lib/core/room/commands.ts). */
import { z } from 'zod';
import { MAX_BREAKOUT_MINUTES, MIN_BREAKOUT_MINUTES } from './parts';

const id = z.string({ error: 'Give an id.' }).min(1, 'Give an id.').max(200, 'That id is too long.');
const command = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), ...shape });

export const partsParticipantCommandSchemas = [
  /** Leave the side room you are in (member or facilitator); a facilitator may name the member to bring back. */
  command('return_to_group', { userId: id.optional() }),
  /** In a pair: ask a facilitator to come (absent: raise), or take it back (false). */
  command('pair_hand', { raised: z.boolean({ error: 'Say true or false.' }).optional() })
] as const;

export const partsFacilitatorCommandSchemas = [
  command('start_side_room', { userId: id }),
  command('start_breakout', {
    minutes: z
      .number({ error: 'Enter a number of minutes.' })
      .int('Enter whole minutes.')
      .min(MIN_BREAKOUT_MINUTES, `Give the pairs at least ${MIN_BREAKOUT_MINUTES} minute.`)
      .max(MAX_BREAKOUT_MINUTES, `Give the pairs at most ${MAX_BREAKOUT_MINUTES} minutes.`),
    pairs: z
      .array(z.array(id).min(2, 'A pair has two people.').max(3, 'A pair has at most three people.'))
      .min(1, 'Choose at least one pair.')
      .max(25, 'That is too many pairs.')
      .optional(),
    seed: z.number().int().optional()
  }),
  command('visit_pair', { pairId: id.nullable() }),
  command('end_breakout', {})
] as const;
