/**
 * Chat, quiet reactions and the thermometer check-in in the real room page: three people in Chromium with fake
 * cameras inside a loopback-only network namespace (talk-run.ts does the work through the visible UI, by role and
 * label, and prints what each person saw).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runInLoopbackNamespace } from './netns';

let results = new Map<string, any>();

beforeAll(async () => {
  results = await runInLoopbackNamespace('tests/e2e/talk-run.ts');
}, 300_000);

describe('talking without taking the floor', () => {
  it('carries the group chat both ways, links shown as text only', () => {
    const chat = results.get('groupChat');
    expect(chat.franSees).toHaveLength(2);
    expect(chat.franSees[0]).toContain('Pat');
    expect(chat.quinnSees).toBe(2);
    expect(chat.linksInChat).toBe(0);
  });

  it('keeps a member’s private thread between them and the facilitators', () => {
    expect(results.get('privateThread')).toEqual({ franSees: 2, quinnSeesPat: false, quinnPrivateEmpty: true });
  });

  it('shows a reaction on the sender’s tile to the others, then lets it fade', () => {
    const reaction = results.get('reaction');
    expect(reaction.text).toContain('Me too');
    expect(reaction.ownTileShown).toBe(true);
    expect(reaction.ownTileNow).toBe(0);
    expect(reaction.goneAfterMs).toBeGreaterThan(reaction.shownMs);
  });

  it('runs a thermometer round: facilitators see each answer, a low one raises the support banner, members see only the spread they are shown', () => {
    const round = results.get('thermometer');
    expect(round.franAnswers).toEqual(['Pat: 7', 'Quinn: 2']);
    expect(round.banner).toBe(true);
    expect(round.patSeesValues).toBe(false);
    expect(round.patSpreadBefore).toBe(0);
    const spread = results.get('spread').pat as string[];
    expect(spread).toHaveLength(11);
    expect(spread[2]).toBe('2: 1');
    expect(spread[7]).toBe('7: 1');
  });

  it('follows the facilitator’s settings (announcements only, reactions off) and hides a message for the others', () => {
    expect(results.get('settings')).toEqual({ patBox: 0, quinnSeesHiddenText: false, franKeepsHidden: true });
  });

  it('keeps the chat with the session: counts in the summary, the kept chat for those who attended', () => {
    const after = results.get('after');
    expect(after.summaryChat).toMatch(/3 messages in the group chat; 2 private messages with 1 member; 1 hidden/);
    expect(after.summaryThermometer).toMatch(/2 answers, lowest 2, median 4.5/);
    expect(after.patTranscript).toHaveLength(5);
    expect(after.patTranscript.join('\n')).toContain('I am finding tonight hard');
    expect(after.quinnTranscript).toHaveLength(3);
    expect(after.quinnTranscript.join('\n')).not.toContain('finding tonight hard');
  });

  it('has no serious or critical axe findings in any view, and no page errors', () => {
    const axe = results.get('axe') as Record<string, string[]>;
    expect(Object.keys(axe).sort()).toEqual(['chatFacilitator', 'chatPhone', 'participantChat', 'reactionMenu', 'settings', 'summary', 'thermometerFacilitator', 'thermometerPhone']);
    for (const [view, findings] of Object.entries(axe)) expect({ view, findings }).toEqual({ view, findings: [] });
    expect(results.get('errors')).toEqual([]);
    expect(results.has('fatal')).toBe(false);
  });
});
