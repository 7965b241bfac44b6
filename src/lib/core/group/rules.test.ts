import { describe, expect, it } from 'vitest';
import { can, hasRoomFor, isFacilitating, removalAction, ROLES, yourRole } from './rules';

describe('group roles', () => {
  it('lets every member view the group', () => {
    for (const role of ROLES) expect(can(role, 'view')).toBe(true);
  });

  it('lets facilitators and co-facilitators run the group but not participants', () => {
    for (const action of ['edit_group', 'manage_invites', 'manage_sessions', 'read_audit', 'remove_participant'] as const) {
      expect(can('facilitator', action)).toBe(true);
      expect(can('co_facilitator', action)).toBe(true);
      expect(can('participant', action)).toBe(false);
    }
  });

  it('keeps role changes and removing facilitators to the lead facilitator', () => {
    expect(can('facilitator', 'change_roles')).toBe(true);
    expect(can('co_facilitator', 'change_roles')).toBe(false);
    expect(can('co_facilitator', 'remove_facilitator')).toBe(false);
    expect(can('participant', 'change_roles')).toBe(false);
  });

  it('needs the lead role to remove a co-facilitator', () => {
    expect(removalAction('participant')).toBe('remove_participant');
    expect(removalAction('co_facilitator')).toBe('remove_facilitator');
    expect(isFacilitating('participant')).toBe(false);
  });

  it('counts room in a group up to its maximum size', () => {
    expect(hasRoomFor(9, 10)).toBe(true);
    expect(hasRoomFor(10, 10)).toBe(false);
  });
});

describe('yourRole', () => {
  it('names the role in a sentence: the one lead facilitator, a co-facilitator, a participant', () => {
    expect(yourRole('facilitator')).toBe('You are the facilitator');
    expect(yourRole('co_facilitator')).toBe('You are a co-facilitator');
    expect(yourRole('participant')).toBe('You are a participant');
  });
});
