import { describe, expect, it } from 'vitest';
import { check } from '../validation';
import { safetyCheckinSchema } from './checkin';

const valid = { location: 'Leeds, at home', emergencyContactName: 'Sam', emergencyContactPhone: '+44 113 496 0000' };

describe('safety check-in', () => {
  it('accepts a location and an emergency contact, trimmed', () => {
    expect(check(safetyCheckinSchema, { ...valid, location: '  Leeds, at home ' })).toEqual({ ok: true, data: valid });
  });

  it('names each missing or malformed field in plain words', () => {
    const result = check(safetyCheckinSchema, { location: ' ', emergencyContactName: '', emergencyContactPhone: 'call me' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fields).sort()).toEqual(['emergencyContactName', 'emergencyContactPhone', 'location']);
    expect(result.fields.emergencyContactPhone).toMatch(/digits/);
  });

  it('refuses phone numbers that are too short or too long, and unknown fields', () => {
    expect(check(safetyCheckinSchema, { ...valid, emergencyContactPhone: '12-34' }).ok).toBe(false);
    expect(check(safetyCheckinSchema, { ...valid, emergencyContactPhone: '1'.repeat(21) }).ok).toBe(false);
    expect(check(safetyCheckinSchema, { ...valid, note: 'x' }).ok).toBe(false);
  });
});
