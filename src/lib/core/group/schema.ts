import { z } from 'zod';
import { billingSchema } from '../attendance/rules';
import { isTimeZone } from '../schedule/zone';
import { ASSIGNABLE_ROLES, DEFAULT_MAX_SIZE, GROUP_KINDS, MAX_GROUP_SIZE, type GroupKind, type Role } from './rules';

const name = z.string().trim().min(1, 'Give the group a name.').max(100, 'Use at most 100 characters.');
const description = z.string().trim().max(2000, 'Use at most 2,000 characters.');
const agreement = z.string().trim().max(10_000, 'Use at most 10,000 characters.');
const timeZone = z.string().refine(isTimeZone, 'Choose a time zone such as Europe/Berlin.');
const maxSize = z
  .number({ error: 'Enter a number.' })
  .int('Enter a whole number.')
  .min(2, 'A group needs room for at least 2 people.')
  .max(MAX_GROUP_SIZE, `A group can have at most ${MAX_GROUP_SIZE} people.`);

export const createGroupSchema = z.object({
  name,
  kind: z.enum(GROUP_KINDS).default('other'),
  description: description.default(''),
  maxSize: maxSize.default(DEFAULT_MAX_SIZE),
  agreement: agreement.optional(),
  timeZone: timeZone.optional(),
  /** "Facilitators must use a second factor"; left out, the server's default for new groups (on). */
  requireSecondFactor: z.boolean().optional()
});
export type CreateGroupInput = z.infer<typeof createGroupSchema>;

export const updateGroupSchema = z
  .object({
    name,
    kind: z.enum(GROUP_KINDS),
    description,
    maxSize,
    agreement,
    timeZone,
    remindDayBefore: z.boolean(),
    remindHourBefore: z.boolean(),
    requireSecondFactor: z.boolean(),
    ...billingSchema.shape
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'Nothing to change.');
export type UpdateGroupInput = z.infer<typeof updateGroupSchema>;

export const createInviteSchema = z.object({
  maxUses: z
    .number({ error: 'Enter a number.' })
    .int('Enter a whole number.')
    .min(1, 'An invite can be used at least once.')
    .max(50, 'An invite can be used at most 50 times.')
    .default(10),
  expiresInHours: z
    .number({ error: 'Enter a number of hours.' })
    .min(1 / 60, 'An invite lasts at least a minute.')
    .max(24 * 30, 'An invite lasts at most 30 days.')
    .default(24 * 7)
});
export type CreateInviteInput = z.infer<typeof createInviteSchema>;

export const changeRoleSchema = z.object({ role: z.enum(ASSIGNABLE_ROLES) });

export const acceptInviteSchema = z.object({
  /** The agreement version the person read; refused if the agreement changed meanwhile. */
  agreementVersion: z.number().int().min(1)
});

export interface Group {
  id: string;
  name: string;
  kind: GroupKind;
  description: string;
  maxSize: number;
  agreement: string;
  agreementVersion: number;
  /** IANA zone the group meets in. */
  timeZone: string;
  remindDayBefore: boolean;
  remindHourBefore: boolean;
  billingServiceCode: string | null;
  billingModifier: string | null;
  billingPlaceOfService: string | null;
  requireSecondFactor: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface GroupSummary extends Group {
  role: Role;
  memberCount: number;
}

export interface Member {
  userId: string;
  displayName: string;
  role: Role;
  joinedAt: string;
  /** Only present for facilitating viewers. */
  email?: string;
}

export interface InviteInfo {
  id: string;
  maxUses: number;
  uses: number;
  expiresAt: string;
  revokedAt: string | null;
  createdAt: string;
  status: InviteStatus;
}

export type InviteStatus = 'active' | 'expired' | 'used_up' | 'revoked';

export function inviteStatus(
  invite: { maxUses: number; uses: number; expiresAt: Date; revokedAt: Date | null },
  now: Date
): InviteStatus {
  if (invite.revokedAt) return 'revoked';
  if (invite.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (invite.uses >= invite.maxUses) return 'used_up';
  return 'active';
}
