/** Worksheet copies through the real relay: who may open which copy, and what they may do with it. */
import { describe, expect, it } from 'vitest';
import { CLOSE } from '../../src/lib/core/protocol';
import { builtinTemplate } from '../../src/lib/core/worksheet/builtins';
import { addListEntry, readWorksheet, setFieldValue } from '../../src/lib/core/worksheet/doc';
import { useRelayServer } from '../helpers/relay-server';
import { rawSocket, synced, waitFor } from '../relay/server';
import { groupOfThree } from './fixture';

const { server, provider } = useRelayServer();
const thoughtRecord = builtinTemplate('thought-record')!;

async function individualThoughtRecord() {
  const people = await groupOfThree(() => server.client());
  const res = await people.facilitator.post(`/api/groups/${people.group.id}/worksheets`, { templateId: 'thought-record', mode: 'individual' });
  expect(res.status).toBe(201);
  const copyOf = (userId: string) => res.body.copies.find((c: { ownerId: string }) => c.ownerId === userId);
  return { ...people, worksheetId: res.body.worksheet.id as string, patCopy: copyOf(people.pat.user.id), samCopy: copyOf(people.sam.user.id) };
}

describe('individual worksheets through the relay', () => {
  it("a participant's socket to another participant's copy is refused before any byte", async () => {
    const { sam, patCopy } = await individualThoughtRecord();
    const socket = rawSocket(server, patCopy.docName, sam.client.cookie);
    expect((await socket.closed).code).toBe(CLOSE.forbidden.code);
    expect(socket.received).toEqual([]);
  });

  it('the owner fills in their copy, and the facilitator opens it live and writes in it to help', async () => {
    const { facilitator, pat, patCopy } = await individualThoughtRecord();
    const mine = provider(patCopy.docName, pat.client.cookie);
    const helper = provider(patCopy.docName, facilitator.cookie);
    await synced(mine);
    await synced(helper);
    expect(setFieldValue(mine.doc, thoughtRecord, 'situation', 'Meeting at work')).toEqual({ ok: true });
    await waitFor(() => readWorksheet(helper.doc, thoughtRecord).values.situation === 'Meeting at work', 'the facilitator to see it');
    expect(addListEntry(helper.doc, thoughtRecord, 'evidence_against', { text: 'My manager thanked me', authorId: null })).toEqual({ ok: true });
    await waitFor(() => (readWorksheet(mine.doc, thoughtRecord).values.evidence_against as unknown[] | undefined)?.length === 1, 'the owner to see the help');
    expect(helper.permissionDenied).toEqual([]);
  });

  it('once the owner shares it, another participant reads it but cannot write it', async () => {
    const { pat, sam, worksheetId, patCopy } = await individualThoughtRecord();
    const owner = provider(patCopy.docName, pat.client.cookie);
    await synced(owner);
    setFieldValue(owner.doc, thoughtRecord, 'situation', 'Bus ride');
    expect((await pat.client.post(`/api/worksheets/${worksheetId}/copies/${patCopy.copyId}/share`)).status).toBe(200);

    const reader = provider(patCopy.docName, sam.client.cookie);
    await synced(reader);
    await waitFor(() => readWorksheet(reader.doc, thoughtRecord).values.situation === 'Bus ride', 'the shared copy to arrive');
    setFieldValue(reader.doc, thoughtRecord, 'situation', 'Changed by Sam');
    await waitFor(() => reader.permissionDenied.length > 0 || reader.closes.length > 0, 'the write to be refused');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readWorksheet(owner.doc, thoughtRecord).values.situation).toBe('Bus ride');
  });

  it('a lock leaves the owner reading while the facilitator keeps writing; unlocking lets the owner write again', async () => {
    const { facilitator, pat, worksheetId, patCopy } = await individualThoughtRecord();
    const owner = provider(patCopy.docName, pat.client.cookie);
    const helper = provider(patCopy.docName, facilitator.cookie);
    await synced(owner);
    await synced(helper);
    expect((await pat.client.patch(`/api/worksheets/${worksheetId}`, { locked: true })).status).toBe(403);
    expect((await facilitator.patch(`/api/worksheets/${worksheetId}`, { locked: true })).body.worksheet.locked).toBe(true);

    await waitFor(() => owner.permissionDenied.length > 0, 'the read-only notice', 1_000);
    expect(owner.permissionDenied).toEqual(['read-only']);
    expect(helper.permissionDenied).toEqual([]);
    setFieldValue(owner.doc, thoughtRecord, 'situation', 'Written while locked');
    setFieldValue(helper.doc, thoughtRecord, 'balanced_thought', 'Written by the facilitator');
    await waitFor(() => readWorksheet(owner.doc, thoughtRecord).values.balanced_thought === 'Written by the facilitator', 'the facilitator’s write');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stored = await server.store.worksheets.copiesOf([worksheetId]);
    expect(stored.every((copy) => copy.locked)).toBe(true);
    // The owner's forced write never reached anyone, nor the log.
    expect(readWorksheet(helper.doc, thoughtRecord).values.situation).toBe('');
    const again = provider(patCopy.docName, facilitator.cookie);
    await synced(again);
    expect(readWorksheet(again.doc, thoughtRecord).values.situation).toBe('');

    expect((await facilitator.patch(`/api/worksheets/${worksheetId}`, { locked: false })).body.worksheet.locked).toBe(false);
    const unlocked = provider(patCopy.docName, pat.client.cookie);
    await synced(unlocked);
    setFieldValue(unlocked.doc, thoughtRecord, 'situation', 'After the lock');
    await waitFor(() => readWorksheet(helper.doc, thoughtRecord).values.situation === 'After the lock', 'the owner to write again');
  });
});
