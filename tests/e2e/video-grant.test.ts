/**
 * The browser's mesh manager follows a change of media rights without a reload (GRANT, src/lib/core/protocol.ts):
 * a co-facilitator who is sharing a screen is demoted, and within a second their mesh drops the facilitator's rights,
 * stops the share and says why, while the call goes on; promoted again, the rights come back. Real Chromium, our own
 * signalling, inside a loopback-only network namespace (video-grant-run.ts does the work).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SIGNALLING_MESSAGES } from '../../src/lib/core/protocol';
import { runInLoopbackNamespace } from './netns';

let results = new Map<string, any>();

beforeAll(async () => {
  results = await runInLoopbackNamespace('tests/e2e/video-grant-run.ts');
}, 240_000); // Chromium pages with fake cameras on two cores: slow on a busy machine

describe('media rights that change during a call', () => {
  it('starts with the co-facilitator holding facilitator rights and sharing a screen', () => {
    expect(results.get('fatal')).toBeUndefined();
    expect(results.get('before')).toMatchObject({ facilitating: true, sharingScreen: true, status: 'connected' });
  });

  it('a demotion reaches the open mesh within a second: rights gone, screen share stopped, the reason shown', () => {
    expect(results.get('demotedMs')).not.toBeNull();
    expect(results.get('demotedMs')).toBeLessThan(1000);
    expect(results.get('demoted')).toEqual({ facilitating: false, sharingScreen: false, notice: SIGNALLING_MESSAGES.grantWithdrawn, status: 'connected' });
  });

  it('keeps the call going across the change', () => {
    const { before, after } = results.get('framesAcrossDemotion') as { before: number; after: number };
    expect(after).toBeGreaterThan(before);
  });

  it('a promotion gives the rights back in the open mesh, with its own words', () => {
    expect(results.get('promotedMs')).not.toBeNull();
    expect(results.get('promotedMs')).toBeLessThan(1000);
    expect(results.get('promoted')).toMatchObject({ facilitating: true, notice: SIGNALLING_MESSAGES.grantedFacilitator, status: 'connected' });
    expect(results.has('pageerror')).toBe(false);
  });
});
