import { describe, expect, it } from 'vitest';
import { isDocName, worksheetDocName } from '../documents/names';
import type { Role } from '../group/rules';
import { planWorksheetCopies, worksheetAccess, type WorksheetDocState } from './modes';

let counter = 0;
const newId = () => `6f1c2a3b-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
const shared: WorksheetDocState = { hasOwner: false, locked: false, archived: false, sharedWithGroup: false };
const individual: WorksheetDocState = { ...shared, hasOwner: true };
const as = (role: Role | null, isOwner = false) => ({ role, isOwner });

describe('worksheet documents', () => {
  it('names documents in the relay scheme', () => {
    expect(worksheetDocName('6f1c2a3b-0000-4000-8000-000000000001')).toBe('worksheet:6f1c2a3b-0000-4000-8000-000000000001');
    expect(isDocName(worksheetDocName(newId()))).toBe(true);
  });

  it('plans one shared copy, or one per participant (each once)', () => {
    const sharedPlan = planWorksheetCopies({ mode: 'shared', participantIds: ['a', 'b'], newId });
    expect(sharedPlan).toHaveLength(1);
    expect(sharedPlan[0].ownerId).toBeNull();
    const plan = planWorksheetCopies({ mode: 'individual', participantIds: ['a', 'b', 'a'], newId });
    expect(plan.map((c) => c.ownerId)).toEqual(['a', 'b']);
    expect(new Set(plan.map((c) => c.docName)).size).toBe(2);
    expect(() => planWorksheetCopies({ mode: 'individual', participantIds: [], newId })).toThrow('Choose at least one participant');
  });
});

describe('worksheet rights', () => {
  it('shared: members write; locked leaves participants reading; archived is read-only; outsiders get nothing', () => {
    expect(worksheetAccess(as('participant'), shared)).toBe('write');
    expect(worksheetAccess(as('participant'), { ...shared, locked: true })).toBe('read');
    expect(worksheetAccess(as('co_facilitator'), { ...shared, locked: true })).toBe('write');
    expect(worksheetAccess(as('facilitator'), { ...shared, archived: true })).toBe('read');
    expect(worksheetAccess(as(null), shared)).toBe('none');
  });

  it('individual: the owner writes, facilitators read and write, other participants see nothing', () => {
    expect(worksheetAccess(as('participant', true), individual)).toBe('write');
    expect(worksheetAccess(as('facilitator'), individual)).toBe('write');
    expect(worksheetAccess(as('co_facilitator'), individual)).toBe('write');
    expect(worksheetAccess(as('participant'), individual)).toBe('none');
    expect(worksheetAccess(as(null, true), individual)).toBe('none');
  });

  it('individual: sharing with the group lets others read; a lock or archive leaves the owner reading', () => {
    expect(worksheetAccess(as('participant'), { ...individual, sharedWithGroup: true })).toBe('read');
    expect(worksheetAccess(as('participant', true), { ...individual, locked: true })).toBe('read');
    expect(worksheetAccess(as('facilitator'), { ...individual, locked: true })).toBe('write');
    expect(worksheetAccess(as('facilitator'), { ...individual, archived: true })).toBe('read');
    expect(worksheetAccess(as('participant', true), { ...individual, archived: true })).toBe('read');
  });
});
