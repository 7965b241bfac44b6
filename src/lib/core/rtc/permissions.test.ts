import { describe, expect, it } from 'vitest';
import { explainMediaProblem, mediaProblemOf } from './permissions';

describe('mediaProblemOf', () => {
  it('maps getUserMedia error names to problems', () => {
    expect(mediaProblemOf('NotAllowedError')).toBe('denied');
    expect(mediaProblemOf('NotFoundError')).toBe('not_found');
    expect(mediaProblemOf('NotReadableError')).toBe('in_use');
    expect(mediaProblemOf('TypeError')).toBe('insecure');
    expect(mediaProblemOf('WhateverError')).toBe('unknown');
    expect(mediaProblemOf(undefined)).toBe('unknown');
  });
});

describe('explainMediaProblem', () => {
  it('always offers a way to continue without media', () => {
    for (const name of ['NotAllowedError', 'NotFoundError', 'NotReadableError', 'TypeError', undefined]) {
      expect(explainMediaProblem(name).options).toContain('no_media');
    }
  });

  it('offers sound only when the camera may be the problem, but not on an insecure page', () => {
    expect(explainMediaProblem('NotReadableError').options).toContain('audio_only');
    expect(explainMediaProblem('TypeError').options).toEqual(['no_media']);
  });

  it('does not blame the person', () => {
    expect(explainMediaProblem('NotAllowedError').body).toMatch(/you can still be in the group/i);
  });
});
