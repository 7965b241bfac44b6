import { describe, expect, it } from 'vitest';
import { DEFAULT_TALK_SETTINGS } from './rules';
import { REACTION_SHOW_MS, mayReact, showing } from './reactions';
import { reactionPostSchema } from './schemas';

describe('quiet reactions', () => {
  const ana = { userId: 'ana', role: 'participant' as const, inRoom: true };

  it('are for people in the room while the facilitators have them on', () => {
    expect(mayReact(DEFAULT_TALK_SETTINGS, ana)).toEqual({ ok: true });
    expect(mayReact({ ...DEFAULT_TALK_SETTINGS, reactions: false }, ana)).toMatchObject({ ok: false, code: 'conflict' });
    expect(mayReact(DEFAULT_TALK_SETTINGS, { ...ana, inRoom: false })).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('accept only the four reactions, nothing else in the body', () => {
    expect(reactionPostSchema.safeParse({ reaction: 'me_too' }).success).toBe(true);
    expect(reactionPostSchema.safeParse({ reaction: 'shout' }).success).toBe(false);
    expect(reactionPostSchema.safeParse({ reaction: 'heart', userId: 'ben' }).success).toBe(false);
  });

  it('show the newest per person and fade after a few seconds', () => {
    const list = [
      { userId: 'ana', reaction: 'me_too' as const, at: 1000 },
      { userId: 'ana', reaction: 'heart' as const, at: 2000 },
      { userId: 'ben', reaction: 'thank_you' as const, at: 1500 }
    ];
    const now = showing(list, 2500);
    expect(now.get('ana')?.reaction).toBe('heart');
    expect(now.get('ben')?.reaction).toBe('thank_you');
    const later = showing(list, 1500 + REACTION_SHOW_MS);
    expect(later.has('ben')).toBe(false);
    expect(later.get('ana')?.reaction).toBe('heart');
    expect(showing(list, 2000 + REACTION_SHOW_MS).size).toBe(0);
  });
});
