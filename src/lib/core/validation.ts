/** Schema checks shared by browser and server, so both give the same field messages. */
import type { z } from 'zod';

/** Field path -> first message, e.g. { "email": "Enter a valid email address." }; "_" for the whole value. */
export type FieldErrors = Record<string, string>;

export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

export type Checked<T> = { ok: true; data: T } | { ok: false; fields: FieldErrors };

export function check<S extends z.ZodType>(schema: S, value: unknown): Checked<z.output<S>> {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, data: result.data } : { ok: false, fields: fieldErrors(result.error) };
}
