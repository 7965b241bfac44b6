import { describe, expect, it } from 'vitest';
import { createGroupSchema, createInviteSchema, inviteStatus } from './schema';
import { signupSchema } from '../account/schema';

describe('createGroupSchema', () => {
  it('fills defaults for kind, description and size', () => {
    expect(createGroupSchema.parse({ name: 'Tuesday CBT group' })).toEqual({
      name: 'Tuesday CBT group',
      kind: 'other',
      description: '',
      maxSize: 10
    });
  });

  it('refuses a group larger than 15 and an unknown kind', () => {
    expect(createGroupSchema.safeParse({ name: 'x', maxSize: 16 }).success).toBe(false);
    expect(createGroupSchema.safeParse({ name: 'x', kind: 'yoga' }).success).toBe(false);
  });
});

describe('inviteStatus', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  const base = { maxUses: 2, uses: 0, expiresAt: new Date('2026-11-27T12:00:00Z'), revokedAt: null };

  it('is active until expiry, use-up or revocation', () => {
    expect(inviteStatus(base, now)).toBe('active');
    expect(inviteStatus({ ...base, uses: 2 }, now)).toBe('used_up');
    expect(inviteStatus({ ...base, expiresAt: now }, now)).toBe('expired');
    expect(inviteStatus({ ...base, revokedAt: now, uses: 2 }, now)).toBe('revoked');
  });

  it('defaults an invite to a week and ten uses', () => {
    expect(createInviteSchema.parse({})).toEqual({ maxUses: 10, expiresInHours: 168 });
  });
});

describe('signupSchema', () => {
  it('normalises the email and requires 10-character passwords', () => {
    expect(signupSchema.parse({ email: ' Ana@Example.ORG ', password: 'long enough!', displayName: 'Ana' }).email).toBe(
      'ana@example.org'
    );
    const short = signupSchema.safeParse({ email: 'a@b.co', password: 'short', displayName: 'A' });
    expect(short.success).toBe(false);
    expect(short.error!.issues[0].path).toEqual(['password']);
  });
});
