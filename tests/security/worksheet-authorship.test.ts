/**
 * Finding 6: authorship in shared worksheets is something the server vouches for. An update that writes an entry
 * in another member's name is refused (its sender closed with 4400, nothing stored or forwarded), so the export's
 * "(added by …)" names only real writers.
 */
import { describe, expect, it } from 'vitest';
import { CLOSE } from '../../src/lib/core/protocol';
import { builtinTemplate } from '../../src/lib/core/worksheet/builtins';
import { addListEntry, readWorksheet } from '../../src/lib/core/worksheet/doc';
import { useRelayServer } from '../helpers/relay-server';
import { synced, waitFor } from '../relay/server';
import { groupOfThree } from '../worksheets/fixture';

const { server, provider } = useRelayServer();
const thoughtRecord = builtinTemplate('thought-record')!;

describe('authors of shared worksheet entries', () => {
  it('refuses an entry written in someone else’s name and keeps the writer’s own', async () => {
    const { facilitator, pat, sam, group } = await groupOfThree(() => server.client());
    const res = await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'shared' });
    expect(res.status).toBe(201);
    const worksheetId = res.body.worksheet.id as string;
    const docName = res.body.copies[0].docName as string;
    const watcher = provider(docName, facilitator.cookie);
    const forger = provider(docName, pat.client.cookie);
    await Promise.all([synced(watcher), synced(forger)]);

    expect(addListEntry(forger.doc, thoughtRecord, 'evidence_for', { text: 'Sam said I was useless', authorId: sam.user.id })).toEqual({ ok: true });
    await waitFor(() => forger.closes.some((close) => close.code === CLOSE.malformed.code), 'the forger to be closed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readWorksheet(watcher.doc, thoughtRecord).values.evidence_for ?? []).toEqual([]);

    const honest = provider(docName, sam.client.cookie);
    await synced(honest);
    expect(addListEntry(honest.doc, thoughtRecord, 'evidence_for', { text: 'I was late twice', authorId: sam.user.id })).toEqual({ ok: true });
    await waitFor(() => ((readWorksheet(watcher.doc, thoughtRecord).values.evidence_for as unknown[] | undefined)?.length ?? 0) === 1, 'Sam’s entry');
    forger.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const md = await facilitator.get(`/api/worksheets/${worksheetId}/export?format=md`);
    expect(md.body.content).toContain('I was late twice (added by Sam)');
    expect(md.body.content).not.toContain('Sam said I was useless');
  });
});
