/** Schema checks shared by browser and server, so both give the same field messages. */
import type { z } from 'zod';

/** Field path -> first message, e.g. { "email": "Enter a valid email address." }; "_" for the whole value. */
export type FieldErrors = Record<string, string>;

export interface FieldErrorWords {
  /** The key for issues about the whole value (default "_"). */
  root?: string;
  /** The message for each key a strict schema does not know (default "This field is not expected."). */
  unexpected?: string;
}

export function fieldErrors(error: z.ZodError, words: FieldErrorWords = {}): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // Strict objects: one entry per unexpected key, so a form or client can point at each.
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] ??= words.unexpected ?? 'This field is not expected.';
      continue;
    }
    const key = issue.path.length ? issue.path.join('.') : (words.root ?? '_');
    fields[key] ??= issue.message;
  }
  return fields;
}

export type Checked<T> = { ok: true; data: T } | { ok: false; fields: FieldErrors };

export function check<S extends z.ZodType>(schema: S, value: unknown): Checked<z.output<S>> {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, data: result.data } : { ok: false, fields: fieldErrors(result.error) };
}
