import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 10;
/** Argon2 hashes long inputs fine, but a cap keeps one request from burning the CPU. */
export const PASSWORD_MAX_LENGTH = 256;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long.')
  .pipe(z.email('Enter a valid email address.'));

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter the name the group will see.')
  .max(60, 'Use at most 60 characters.');

export const signupSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema
});
export type SignupInput = z.infer<typeof signupSchema>;

export const loginSchema = z.object({
  email: emailSchema,
  // No length rule at sign-in: a wrong password gets the same answer as an unknown email.
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX_LENGTH)
});
export type LoginInput = z.infer<typeof loginSchema>;

export const updateAccountSchema = z
  .object({ displayName: displayNameSchema })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'Nothing to change.');

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(PASSWORD_MAX_LENGTH),
  newPassword: passwordSchema
});

/** "Is this my account password?" before it wraps the notes key (a wrong one would lock the notes away later). */
export const checkPasswordSchema = z.object({
  password: z.string().min(1, 'Enter your account password.').max(PASSWORD_MAX_LENGTH)
}).strict();

/** The public face of an account. Emails are shown only to the account itself and to facilitators. */
export interface PublicUser {
  id: string;
  email: string;
  displayName: string;
}

/** The 6-digit code of an authenticator app (spaces allowed, as apps show "123 456"). */
export const secondFactorCodeSchema = z.object({
  code: z
    .string()
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6 digits your app shows.'))
});

/** One of the ten recovery codes given at set-up, e.g. "k7m2-q9xd-4hpt". */
export const recoveryCodeSchema = z.object({
  recoveryCode: z.string().trim().min(12, 'Enter one of your recovery codes, e.g. k7m2-q9xd-4hpt.').max(40)
});

export const passwordOnlySchema = z.object({ currentPassword: z.string().min(1, 'Enter your account password.') });
