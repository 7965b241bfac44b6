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
