/**
 * Glare in the video mesh (mesh-glare-run.ts does the work in Chromium inside a loopback-only network namespace): both
 * ends of a link call again at the same moment, the caller's call a retry, and the calls cross. Exactly one call must
 * survive and the faces come back; before the fix both sides dropped the call the other one answered, and the link
 * stayed dark for good (seen as "4 of 5 faces" in the six-person room).
 */
import { beforeAll, expect, it } from 'vitest';
import { runInLoopbackNamespace } from './netns';

let run = new Map<string, any>();

beforeAll(async () => {
  run = await runInLoopbackNamespace('tests/e2e/mesh-glare-run.ts');
}, 240_000);

it('after both ends call again at once, both decode each other’s face again within 45 s', () => {
  const before = run.get('before') as number[];
  const after = run.get('after') as number[][];
  expect(before.every((frames) => frames > 0)).toBe(true);
  const last = after.at(-1)!;
  if (!last.every((frames) => frames > 0)) console.warn(`frames every 5 s: ${JSON.stringify(after)}\n${run.get('trace')}`);
  expect(last.every((frames) => frames > 0)).toBe(true);
});
