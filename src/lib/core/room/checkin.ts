/**
 * The safety check-in a participant gives at their first admission in each session: where they are right now and
 * whom to call in an emergency. Checked the same way in the browser and on the server.
 */
import { z } from 'zod';

/** Digits with the usual separators and an optional leading +; at least 6 digits. */
const PHONE = /^\+?[0-9 ()./-]+$/;

export const safetyCheckinSchema = z.strictObject({
  location: z
    .string({ error: 'Say where you are right now.' })
    .trim()
    .min(2, 'Say where you are right now, e.g. city and place.')
    .max(200, 'Use at most 200 characters.'),
  emergencyContactName: z
    .string({ error: 'Give the name of an emergency contact.' })
    .trim()
    .min(1, 'Give the name of an emergency contact.')
    .max(100, 'Use at most 100 characters.'),
  emergencyContactPhone: z
    .string({ error: 'Give a phone number for your emergency contact.' })
    .trim()
    .regex(PHONE, 'Use digits, spaces and + ( ) - only.')
    .refine((value) => value.replace(/\D/g, '').length >= 6, 'A phone number has at least 6 digits.')
    .refine((value) => value.replace(/\D/g, '').length <= 20, 'A phone number has at most 20 digits.')
});

export type SafetyCheckinInput = z.output<typeof safetyCheckinSchema>;
