import { describe, expect, it } from 'vitest';
import { createBoardSchema, createVersionSchema, updateBoardSchema } from './schema';

describe('board schemas', () => {
  it('trims titles and refuses empty ones', () => {
    expect(createBoardSchema.parse({ title: '  Thought record  ' })).toEqual({ title: 'Thought record' });
    expect(createBoardSchema.safeParse({ title: '   ' }).success).toBe(false);
    expect(createBoardSchema.safeParse({ title: 'x'.repeat(121) }).success).toBe(false);
  });

  it('a patch needs at least one known field', () => {
    expect(updateBoardSchema.safeParse({}).success).toBe(false);
    expect(updateBoardSchema.parse({ locked: true })).toEqual({ locked: true });
    expect(updateBoardSchema.safeParse({ locked: 'yes' }).success).toBe(false);
  });

  it('versions need a label', () => {
    expect(createVersionSchema.safeParse({ label: '' }).success).toBe(false);
    expect(createVersionSchema.parse({ label: 'After session 3' }).label).toBe('After session 3');
  });
});
