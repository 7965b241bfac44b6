import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { check } from './validation';

describe('check', () => {
  const schema = z.object({ name: z.string().min(1, 'Enter a name.'), age: z.number().min(0, 'Too small.').min(1, 'Second rule.') });

  it('returns the parsed data when valid', () => {
    expect(check(schema, { name: 'Ana', age: 3 })).toEqual({ ok: true, data: { name: 'Ana', age: 3 } });
  });

  it('keeps the first message per field path, and "_" for the whole value', () => {
    expect(check(schema, { name: '', age: -1 })).toEqual({ ok: false, fields: { name: 'Enter a name.', age: 'Too small.' } });
    expect(check(schema.refine(() => false, 'Nothing to change.'), { name: 'a', age: 1 })).toEqual({
      ok: false,
      fields: { _: 'Nothing to change.' }
    });
  });

  it('names each key a strict schema does not expect', () => {
    expect(check(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 })).toEqual({
      ok: false,
      fields: { b: 'This field is not expected.', c: 'This field is not expected.' }
    });
  });
});
