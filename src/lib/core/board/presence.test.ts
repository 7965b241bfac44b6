import { describe, expect, it } from 'vitest';
import { PRESENCE_FIELD, colourForUser, facilitatorViewport, readPresence, remotePresences } from './presence';

const state = (id: string, extra: Record<string, unknown> = {}) => ({
  [PRESENCE_FIELD]: { user: { id, name: `Name ${id}`, colour: '#c62828' }, cursor: { x: 1, y: 2 }, viewport: null, ...extra }
});

describe('readPresence', () => {
  it('reads a well-formed presence', () => {
    expect(readPresence(state('ana'))).toEqual({
      user: { id: 'ana', name: 'Name ana', colour: '#c62828' },
      cursor: { x: 1, y: 2 },
      viewport: null
    });
  });

  it('rejects or repairs what a peer should not send', () => {
    expect(readPresence(null)).toBeNull();
    expect(readPresence({ other: 1 })).toBeNull();
    expect(readPresence({ [PRESENCE_FIELD]: { user: { id: '', name: 'x' } } })).toBeNull();
    const repaired = readPresence({
      [PRESENCE_FIELD]: { user: { id: 'x', name: ` ${'n'.repeat(100)} `, colour: 'red;background:url(x)' }, cursor: { x: 'a', y: 1 }, viewport: { x: 0, y: 0, zoom: 1e9 } }
    });
    expect(repaired?.user.name).toHaveLength(40);
    expect(repaired?.user.colour).toBe('#4a5863');
    expect(repaired?.cursor).toBeNull();
    expect(repaired?.viewport?.zoom).toBe(8);
  });
});

describe('remote presences and following', () => {
  const states = new Map<number, unknown>([
    [3, state('ben', { viewport: { x: 5, y: 5, zoom: 2 } })],
    [1, state('self', { viewport: { x: 9, y: 9, zoom: 1 } })],
    [2, state('fac', { viewport: { x: 100, y: 50, zoom: 0.5 } })],
    [4, { junk: true }]
  ]);

  it('lists everyone but oneself, skipping malformed states', () => {
    expect(remotePresences(states, 1).map((presence) => presence.clientId)).toEqual([2, 3]);
  });

  it('follows only a facilitator named by the group, whatever others publish', () => {
    expect(facilitatorViewport(states, 1, ['fac'])).toEqual({ x: 100, y: 50, zoom: 0.5 });
    expect(facilitatorViewport(states, 1, ['nobody'])).toBeNull();
    expect(facilitatorViewport(states, 1, ['self'])).toBeNull();
  });

  it('gives each person a stable colour', () => {
    expect(colourForUser('ana')).toBe(colourForUser('ana'));
    expect(colourForUser('ana')).toMatch(/^#[0-9a-f]{6}$/);
  });
});
