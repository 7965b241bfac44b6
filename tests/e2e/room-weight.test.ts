/**
 * Issue 12: the room page's JavaScript may not pass 150 KB gzip, with the stage open. A size check on the build output
 * (not timed): the room route's scripts plus the stage with both its tools, the board and the worksheet, each loaded
 * the first time it is shown. The check-in, questionnaire and start-a-worksheet forms load only when someone opens
 * them and are not counted. bench/room/weight.ts measures the same page in Chromium.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appShellKeys, gzipWeight, nodeKey, readManifest, staticClosure } from './bundle-weight';

const BUDGET_BYTES = 150 * 1024;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('room page weight (build output, gzip)', () => {
  const manifest = readManifest();
  const room = nodeKey('src/routes/sessions/[id]/room/+page.svelte');
  const firstLoad = staticClosure(manifest, [...appShellKeys(manifest), room]);
  const withStage = staticClosure(manifest, [...firstLoad, 'src/routes/sessions/[id]/room/StageTool.svelte', 'src/lib/components/board/RoomBoard.svelte']);
  const withBothTools = staticClosure(manifest, [...withStage, 'src/lib/components/worksheet/RoomWorksheet.svelte']);

  it('stays within 150 KB gzip with the stage open (board and worksheet both shown once)', () => {
    const first = gzipWeight(manifest, firstLoad);
    const board = gzipWeight(manifest, withStage);
    const both = gzipWeight(manifest, withBothTools);
    console.log(`room JavaScript: gallery ${kb(first.gzipBytes)}, stage with the board ${kb(board.gzipBytes)}, board and worksheet ${kb(both.gzipBytes)} (budget ${kb(BUDGET_BYTES)})`);
    expect(first.files.size).toBeGreaterThan(3);
    expect(board.gzipBytes).toBeGreaterThan(first.gzipBytes);
    expect(both.gzipBytes).toBeGreaterThan(board.gzipBytes);
    expect(both.gzipBytes, `stage open: ${kb(both.gzipBytes)}`).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('carries no schema validator in the room or on its stage (zod is for the server and the forms)', () => {
    const withZod = [...withBothTools].map((key) => manifest[key]!.file).filter((file) => readFileSync(path.join('build/client', file), 'utf8').includes('ZodError'));
    expect(withZod).toEqual([]);
  });
});
