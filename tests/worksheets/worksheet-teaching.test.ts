/**
 * Teaching and homework over the worksheet routes: revealing one section at a time (facilitators only, audited,
 * bounded by the template) and homework due by a scheduled session of the group.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { builtinTemplate } from '../../src/lib/core/worksheet/builtins';
import { setFieldValue } from '../../src/lib/core/worksheet/doc';

import { useTestApp } from '../helpers/test-app';
import { groupOfThree } from './fixture';

const t = useTestApp();

const sectionCount = builtinTemplate('thought-record')!.sections.length;
const checkIn = builtinTemplate('session-check-in')!;

/** Writes answers into a copy the way a browser would: one Yjs update appended to the document's log. */
async function answer(documentId: string, values: Record<string, unknown>) {
  const doc = new Y.Doc();
  for (const row of (await t.store.documents.load(documentId)).updates) Y.applyUpdate(doc, row.update);
  const before = Y.encodeStateVector(doc);
  for (const [fieldId, value] of Object.entries(values)) expect(setFieldValue(doc, checkIn, fieldId, value).ok).toBe(true);
  await t.store.documents.appendUpdates([{ documentId, update: Y.encodeStateAsUpdate(doc, before) }], new Date());
}

describe('revealing one section at a time', () => {
  it('facilitators set how far a worksheet is revealed; everyone reads it; it is audited and bounded', async () => {
    const { facilitator, group, pat } = await groupOfThree(() => t.client());
    const started = await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'shared' });
    const path = `/api/worksheets/${started.body.worksheet.id}`;
    expect(started.body.worksheet.revealedThrough).toBeNull();

    const refused = await pat.client.patch(path, { revealedThrough: 0 });
    expect(refused.status).toBe(403);
    const revealed = await facilitator.patch(path, { revealedThrough: 1 });
    expect(revealed.status).toBe(200);
    expect(revealed.body.worksheet).toMatchObject({ revealedThrough: 1, locked: false });
    expect((await pat.client.get(path)).body.worksheet.revealedThrough).toBe(1);

    const tooFar = await facilitator.patch(path, { revealedThrough: sectionCount });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.details.fields.revealedThrough).toBe(`Use a section from 0 to ${sectionCount - 1}, or null for all.`);
    expect((await facilitator.patch(path, { revealedThrough: -1 })).status).toBe(400);
    expect((await facilitator.patch(path, {})).status).toBe(400);

    expect((await facilitator.patch(path, { revealedThrough: null })).body.worksheet.revealedThrough).toBeNull();
    const audit = (await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries.filter((e: { action: string }) => e.action === 'worksheet.reveal');
    expect(audit.map((e: { details: { revealedThrough: number | null } }) => e.details.revealedThrough).sort()).toEqual([1, null].sort());
  });
});

describe('homework due by a session', () => {
  it('takes the due time from a scheduled session of the group and refuses other sessions', async () => {
    const { facilitator, group, pat } = await groupOfThree(() => t.client());
    const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const next = (await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'Session 5', startsAt })).body.session;
    const assigned = await facilitator.post(`/api/groups/${group.id}/worksheets`, {
      templateId: 'dbt-diary-card',
      mode: 'individual',
      dueSessionId: next.id
    });
    expect(assigned.status).toBe(201);
    expect(assigned.body.worksheet).toMatchObject({ dueSessionId: next.id, homeworkDue: startsAt });
    expect((await pat.client.get(`/api/worksheets/${assigned.body.worksheet.id}`)).body.worksheet.dueSessionId).toBe(next.id);

    const other = await groupOfThree(() => t.client());
    const theirs = (await other.facilitator.post(`/api/groups/${other.group.id}/sessions`, { title: 'Theirs' })).body.session;
    const wrong = await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'dbt-diary-card', mode: 'individual', dueSessionId: theirs.id });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields.dueSessionId).toBe('Choose a scheduled session of this group.');
    expect((await facilitator.post(`/api/sessions/${next.id}/start`)).status).toBe(200);
    const live = await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'dbt-diary-card', mode: 'individual', dueSessionId: next.id });
    expect(live.status).toBe(400);
  });
});

describe('my worksheets over time and who has completed', () => {
  it('lists my own copies newest first with progress and ratings; facilitators see each copy complete or not', async () => {
    const { facilitator, group, pat, sam } = await groupOfThree(() => t.client());
    const start = async () => (await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'session-check-in', mode: 'individual' })).body;
    const first = await start();
    const second = await start();
    const copyOf = (started: { copies: { ownerId: string; copyId: string }[] }, userId: string) => started.copies.find((c) => c.ownerId === userId)!.copyId;
    const full = { mood: 4, one_word: 'Tired', share: 'yes' };
    await answer(copyOf(first, pat.user.id), full);
    await answer(copyOf(second, pat.user.id), { mood: 7 });
    await answer(copyOf(second, sam.user.id), { mood: 2 });

    const mine = await pat.client.get('/api/me/worksheets');
    expect(mine.status).toBe(200);
    expect(mine.body.worksheets.map((w: { worksheet: { id: string } }) => w.worksheet.id)).toEqual([second.worksheet.id, first.worksheet.id]);
    const [newest, oldest] = mine.body.worksheets;
    expect(newest).toMatchObject({ groupName: 'Thursday CBT group', copyId: copyOf(second, pat.user.id) });
    expect(newest.ratings).toEqual([expect.objectContaining({ fieldId: 'mood', value: 7, min: 0, max: 10 })]);
    expect(oldest.ratings.map((r: { value: number }) => r.value)).toEqual([4]);
    expect(oldest.progress.complete).toBe(true);
    expect(newest.progress.complete).toBe(false);
    expect((await t.client().get('/api/me/worksheets')).status).toBe(401);

    const progress = await facilitator.get(`/api/worksheets/${first.worksheet.id}/progress`);
    expect(progress.status).toBe(200);
    const byOwner = Object.fromEntries(progress.body.copies.map((c: { ownerName: string; complete: boolean }) => [c.ownerName, c.complete]));
    expect(byOwner).toEqual({ Pat: true, Sam: false });
    expect((await pat.client.get(`/api/worksheets/${first.worksheet.id}/progress`)).status).toBe(403);
  });
});
