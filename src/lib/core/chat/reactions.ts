/**
 * Quiet reactions: a member shows a brief sign on their own tile ("me too", "thank you", "I need a moment", hand on
 * heart) that fades after a few seconds. Not kept: they travel once over the room streams. Rate-limited per person;
 * the facilitators can turn them off (TalkSettings.reactions).
 */
import type { Poster, TalkSettings, Decision } from './rules';

export const REACTIONS = ['me_too', 'thank_you', 'need_moment', 'heart'] as const;
export type Reaction = (typeof REACTIONS)[number];

/**
 * Words (screen readers and anxious readers alike read them the same way); a symbol only where every system font has
 * one (emoji fonts are missing on many machines and would show an empty box).
 */
export const REACTION_LABELS: Record<Reaction, { text: string; symbol: string }> = {
  me_too: { text: 'Me too', symbol: '' },
  thank_you: { text: 'Thank you', symbol: '' },
  need_moment: { text: 'I need a moment', symbol: '' },
  heart: { text: 'Hand on heart', symbol: '♥' }
};

/** What a tile shows for a reaction. */
export function reactionText(reaction: Reaction): string {
  const { text, symbol } = REACTION_LABELS[reaction];
  return symbol ? `${symbol} ${text}` : text;
}

/** How long a reaction shows on the tile. */
export const REACTION_SHOW_MS = 6000;
/** At most this many at once, then one every 1/REACTION_PER_SECOND seconds. */
export const REACTION_BURST = 3;
export const REACTION_PER_SECOND = 0.25;

/** What everyone in the room receives. */
export interface ReactionShown {
  userId: string;
  reaction: Reaction;
  at: number;
}

export function mayReact(settings: TalkSettings, poster: Poster): Decision {
  if (!poster.inRoom) return { ok: false, code: 'forbidden', message: 'You can react once you are in the room.' };
  if (!settings.reactions) return { ok: false, code: 'conflict', message: 'The facilitators have turned reactions off for now.' };
  return { ok: true };
}

/**
 * The reactions still showing at `now`, newest per person (a new one replaces the old). `at` is when this browser
 * received each one (its own clock), so clocks that disagree with the server's never keep one up or hide it early.
 */
export function showing(reactions: ReactionShown[], now: number): Map<string, ReactionShown> {
  const current = new Map<string, ReactionShown>();
  for (const reaction of reactions) {
    if (now - reaction.at >= REACTION_SHOW_MS) continue;
    const before = current.get(reaction.userId);
    if (!before || before.at <= reaction.at) current.set(reaction.userId, reaction);
  }
  return current;
}
