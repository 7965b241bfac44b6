/** Reads and validates request bodies and parameters; every failure is a 4xx with field details. */
import type { z } from 'zod';
import { AppError } from '../../src/lib/core/errors';
import { fieldErrors } from '../../src/lib/core/validation';
import type { AppContext } from './context';

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError('validation_failed', `Some fields of the ${what} need attention.`, { fields: fieldErrors(result.error) });
  }
  return result.data;
}

/** Parses the JSON body against `schema`. An empty body counts as `{}` so all-optional bodies may be omitted. */
export async function readJson<S extends z.ZodType>(c: AppContext, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== '') {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\b/i.test(type)) {
      throw new AppError('unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).');
    }
    try {
      value = JSON.parse(text);
    } catch {
      throw new AppError('malformed_json', 'The request body is not valid JSON.');
    }
  }
  return parseWith(schema, value, 'request body');
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route's id parameter; a malformed id is simply not found. */
export function idParam(c: AppContext, name: string, what: string): string {
  const value = c.req.param(name);
  if (!value || !ID.test(value)) throw new AppError('not_found', `${what} not found.`);
  return value.toLowerCase();
}
