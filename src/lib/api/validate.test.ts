import { describe, expect, it } from 'vitest';
import { signupSchema } from '$lib/core/account/schema';
import { check } from './validate';

describe('check', () => {
  it('returns parsed data when valid', () => {
    const result = check(signupSchema, { email: ' A@B.org ', password: 'long enough pw', displayName: 'Ann' });
    expect(result).toEqual({ ok: true, data: { email: 'a@b.org', password: 'long enough pw', displayName: 'Ann' } });
  });

  it('returns the first message per field', () => {
    const result = check(signupSchema, { email: 'nope', password: 'short', displayName: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.email).toBe('Enter a valid email address.');
    expect(result.fields.password).toBe('Use at least 10 characters.');
    expect(result.fields.displayName).toBe('Enter the name the group will see.');
  });
});
