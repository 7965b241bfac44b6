/** What the measures API accepts, checked the same way in the browser and on the server. */
import { z } from 'zod';
import { FOLLOW_UP_ACTIONS } from './follow-up';
import { INSTRUMENTS, MEASURE_IDS, type MeasureId } from './instruments';

/** session_start: answered in the session's check-in, before the first agenda step; homework: before the session. */
export const MEASURE_TIMINGS = ['session_start', 'homework'] as const;
export type MeasureTiming = (typeof MEASURE_TIMINGS)[number];

export const scheduleInputSchema = z.strictObject({
  measure: z.enum(MEASURE_IDS, { error: 'Choose PHQ-9 or GAD-7.' }),
  timing: z.enum(MEASURE_TIMINGS, { error: 'Choose at the start of each session, or as homework before it.' })
});
export type ScheduleInput = z.output<typeof scheduleInputSchema>;

const itemAnswer = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.null()], {
  error: 'Choose one of the answers, or "prefer not to answer".'
});

/** Answers to every item in order (null: prefer not to answer), and the optional difficulty question. */
export function responseInputSchema(measure: MeasureId) {
  const count = INSTRUMENTS[measure].items.length;
  return z.strictObject({
    sessionId: z.string({ error: 'Say which session this is for.' }).min(1).max(200),
    answers: z
      .array(itemAnswer, { error: 'Give the answers as a list.' })
      .length(count, `Answer all ${count} questions (or choose "prefer not to answer").`),
    difficulty: itemAnswer.optional().default(null)
  });
}
export type ResponseInput = z.output<ReturnType<typeof responseInputSchema>>;

export const followUpInputSchema = z.strictObject({
  actions: z
    .array(z.enum(FOLLOW_UP_ACTIONS, { error: 'Choose contacted, safety plan reviewed or escalated.' }))
    .min(1, 'Say what you did: contacted, reviewed the safety plan, or escalated.')
    .max(FOLLOW_UP_ACTIONS.length)
    .refine((actions) => new Set(actions).size === actions.length, 'Give each action once.')
});
export type FollowUpInput = z.output<typeof followUpInputSchema>;

export const MAX_CRISIS_RESOURCES_LENGTH = 1000;
export const crisisSettingsSchema = z.strictObject({
  crisisResources: z
    .string({ error: 'Write the crisis resources as text.' })
    .trim()
    .max(MAX_CRISIS_RESOURCES_LENGTH, `Use at most ${MAX_CRISIS_RESOURCES_LENGTH} characters.`)
});
export type CrisisSettingsInput = z.output<typeof crisisSettingsSchema>;

/** Shown when a group has not written its own crisis resources yet. */
export const DEFAULT_CRISIS_MESSAGE =
  'If you might act on these thoughts, or feel unsafe right now, call your local emergency number or go to the nearest emergency department.';
