import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addListEntry, setFieldValue, valuesMap } from '../../src/lib/core/worksheet/doc';
import { builtinTemplate } from '../../src/lib/core/worksheet/builtins';
import type { Template } from '../../src/lib/core/worksheet/template';

import { useTestApp } from '../helpers/test-app';
import { groupOfThree } from './fixture';

const t = useTestApp();

const thoughtRecord = builtinTemplate('thought-record')!;

/** Writes answers into a copy the way a browser would: one Yjs update appended to the document's log. */
async function writeCopy(documentId: string, write: (doc: Y.Doc) => void) {
  const doc = new Y.Doc();
  const stored = await t.store.documents.load(documentId);
  for (const row of stored.updates) Y.applyUpdate(doc, row.update);
  const before = Y.encodeStateVector(doc);
  write(doc);
  await t.store.documents.appendUpdates([{ documentId, update: Y.encodeStateAsUpdate(doc, before) }], new Date());
}

describe('templates', () => {
  it('lists the fifteen built-ins for anyone signed in, and refuses the anonymous', async () => {
    const { pat } = await groupOfThree(() => t.client());
    const res = await pat.client.get('/api/templates');
    expect(res.status).toBe(200);
    expect(res.body.templates.filter((x: { source: string }) => x.source === 'builtin')).toHaveLength(15);
    expect((await t.client().get('/api/templates')).status).toBe(401);
  });

  it('a facilitator duplicates a built-in, edits it as a new version and shares it with their group', async () => {
    const { facilitator, group, pat } = await groupOfThree(() => t.client());
    const dup = await facilitator.post('/api/templates/thought-record/duplicate');
    expect(dup.status).toBe(201);
    const copy = dup.body.template as Template;
    expect(copy).toMatchObject({ version: 1, title: 'Copy of Thought record', basedOn: { id: 'thought-record', version: 1 } });

    const edited = { ...copy, title: 'Our thought record', id: 'ignored-by-server', version: 99 };
    const put = await facilitator.request('PUT', `/api/templates/${copy.id}`, { body: edited, baseVersion: 1 });
    expect(put.status).toBe(200);
    expect(put.body.template).toMatchObject({ id: copy.id, version: 2, title: 'Our thought record' });
    const stale = await facilitator.request('PUT', `/api/templates/${copy.id}`, { body: edited, baseVersion: 1 });
    expect(stale.status).toBe(409);

    // Not visible to a participant until shared with the group; then listed as shared, latest version.
    expect((await pat.client.get(`/api/templates/${copy.id}`)).status).toBe(404);
    const share = await facilitator.post(`/api/templates/${copy.id}/share`, { groupId: group.id });
    expect(share.status).toBe(200);
    expect(share.body.summary.sharedWithGroups).toEqual([group.id]);
    const listed = (await pat.client.get('/api/templates')).body.templates.find((x: { id: string }) => x.id === copy.id);
    expect(listed).toMatchObject({ source: 'shared', version: 2, title: 'Our thought record' });
    expect((await pat.client.get(`/api/templates/${copy.id}?version=1`)).body.template.title).toBe('Copy of Thought record');
    // Only the owner changes it.
    expect((await pat.client.request('PUT', `/api/templates/${copy.id}`, { body: edited })).status).toBe(403);
  });

  it('a bad template is refused with 400 and the model\'s messages by path', async () => {
    const { facilitator } = await groupOfThree(() => t.client());
    const bad = structuredClone(thoughtRecord) as Record<string, any>;
    bad.sections[0].fields[0].label = '';
    bad.sections[1].fields.push({ ...bad.sections[1].fields[0] });
    const res = await facilitator.post('/api/templates', { body: bad });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.fields['body.sections.0.fields.0.label']).toBe('Give it a label.');
    expect(Object.values(res.body.error.details.fields).join(' ')).toMatch(/is used twice/);

    const rating = structuredClone(thoughtRecord) as Record<string, any>;
    const balanced = rating.sections.find((s: { id: string }) => s.id === 'balanced');
    const belief = balanced.fields.find((f: { kind: string }) => f.kind === 'rating');
    belief.max = belief.min;
    const ratingRes = await facilitator.post('/api/templates', { body: rating });
    expect(ratingRes.status).toBe(400);
    expect(Object.values(ratingRes.body.error.details.fields)).toContain(
      `The highest rating of "${belief.label}" must be above its lowest rating.`
    );
  });

  it('participants cannot make templates; built-ins cannot be edited', async () => {
    const { facilitator, pat } = await groupOfThree(() => t.client());
    expect((await pat.client.post('/api/templates', { body: thoughtRecord })).status).toBe(403);
    expect((await pat.client.post('/api/templates/thought-record/duplicate')).status).toBe(403);
    expect((await facilitator.request('PUT', '/api/templates/thought-record', { body: thoughtRecord })).status).toBe(403);
  });
});

describe('worksheets', () => {
  it('a participant cannot start a worksheet (403); a facilitator starts an individual one with a copy per participant', async () => {
    const { facilitator, group, pat, sam } = await groupOfThree(() => t.client());
    const refused = await pat.client.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'individual' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');

    const res = await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'individual' });
    expect(res.status).toBe(201);
    const owners = res.body.copies.map((c: { ownerId: string }) => c.ownerId).sort();
    expect(owners).toEqual([pat.user.id, sam.user.id].sort());

    // Each copy was initialised by the server: meta and every field's container exist before any browser opens it.
    const doc = new Y.Doc();
    for (const row of (await t.store.documents.load(res.body.copies[0].copyId)).updates) Y.applyUpdate(doc, row.update);
    expect(doc.getMap('meta').toJSON()).toEqual({ templateId: 'thought-record', templateVersion: 1, mode: 'individual' });
    expect(valuesMap(doc).get('situation')).toBeInstanceOf(Y.Text);

    // Pat sees their own copy only; the facilitator sees both.
    const patView = await pat.client.get(`/api/worksheets/${res.body.worksheet.id}`);
    expect(patView.body.copies.map((c: { ownerId: string }) => c.ownerId)).toEqual([pat.user.id]);
    expect(patView.body.worksheet.myCopyId).toBe(patView.body.copies[0].copyId);
    const franView = await facilitator.get(`/api/worksheets/${res.body.worksheet.id}`);
    expect(franView.body.copies).toHaveLength(2);
    expect(franView.body.canFacilitate).toBe(true);

    const audit = await facilitator.get(`/api/groups/${group.id}/audit`);
    expect(audit.body.entries.some((e: { action: string }) => e.action === 'worksheet.create')).toBe(true);
  });

  it('refuses a bad start: unknown mode, a stranger as participant, another group\'s session, a template not shared here', async () => {
    const { facilitator, group } = await groupOfThree(() => t.client());
    const other = await groupOfThree(() => t.client());
    const badMode = await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'pairs' });
    expect(badMode.status).toBe(400);
    expect(badMode.body.error.details.fields.mode).toBe('Choose shared or individual.');
    const stranger = await facilitator.post(`/api/groups/${group.id}/worksheets`, {
      templateId: 'thought-record',
      mode: 'individual',
      participantIds: [other.pat.user.id]
    });
    expect(stranger.status).toBe(400);
    const session = (await other.facilitator.post(`/api/groups/${other.group.id}/sessions`, { title: 'Week 1' })).body.session;
    const wrongSession = await facilitator.post(`/api/groups/${group.id}/worksheets`, {
      templateId: 'thought-record',
      mode: 'shared',
      sessionId: session.id
    });
    expect(wrongSession.status).toBe(400);
    const theirs = (await other.facilitator.post('/api/templates/abcde/duplicate')).body.template;
    const notShared = await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: theirs.id, mode: 'shared' });
    expect(notShared.status).toBe(404);
  });

  it('homework: assigned to some participants with a due date; only they see it', async () => {
    const { facilitator, group, pat, sam } = await groupOfThree(() => t.client());
    const due = new Date(Date.now() + 6 * 86_400_000).toISOString();
    const res = await facilitator.post(`/api/groups/${group.id}/worksheets`, {
      templateId: 'dbt-diary-card',
      mode: 'individual',
      participantIds: [pat.user.id],
      homeworkDue: due,
      title: 'Diary card this week'
    });
    expect(res.status).toBe(201);
    const patList = (await pat.client.get(`/api/groups/${group.id}/worksheets`)).body.worksheets;
    expect(patList).toEqual([expect.objectContaining({ title: 'Diary card this week', homeworkDue: due, myCopyId: expect.any(String) })]);
    expect((await sam.client.get(`/api/groups/${group.id}/worksheets`)).body.worksheets).toEqual([]);
    expect((await sam.client.get(`/api/worksheets/${res.body.worksheet.id}`)).status).toBe(404);
  });

  it('sharing a copy: only its owner can, then the group reads it', async () => {
    const { facilitator, group, pat, sam } = await groupOfThree(() => t.client());
    const res = await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'individual' });
    const worksheetId = res.body.worksheet.id;
    const patCopy = res.body.copies.find((c: { ownerId: string }) => c.ownerId === pat.user.id);
    expect((await sam.client.post(`/api/worksheets/${worksheetId}/copies/${patCopy.copyId}/share`)).status).toBe(404);
    expect((await facilitator.post(`/api/worksheets/${worksheetId}/copies/${patCopy.copyId}/share`)).status).toBe(403);
    const shared = await pat.client.post(`/api/worksheets/${worksheetId}/copies/${patCopy.copyId}/share`);
    expect(shared.status).toBe(200);
    expect(shared.body.copy.sharedWithGroup).toBe(true);
    const samView = await sam.client.get(`/api/worksheets/${worksheetId}`);
    expect(samView.body.copies.map((c: { ownerId: string }) => c.ownerId).sort()).toEqual([pat.user.id, sam.user.id].sort());
    expect((await t.store.documents.get(patCopy.copyId))!.sharedWithGroup).toBe(true);
  });
});

describe('exports', () => {
  it('exports Markdown with authors in shared mode, CSV of every copy for facilitators, and audit-logs them', async () => {
    const { facilitator, group, pat, sam } = await groupOfThree(() => t.client());
    const shared = (await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'shared' })).body;
    await writeCopy(shared.copies[0].copyId, (doc) => {
      expect(addListEntry(doc, thoughtRecord, 'evidence_for', { text: 'I was late twice', authorId: pat.user.id })).toEqual({ ok: true });
      expect(addListEntry(doc, thoughtRecord, 'evidence_against', { text: 'They smiled at me', authorId: sam.user.id })).toEqual({ ok: true });
    });
    const md = await pat.client.get(`/api/worksheets/${shared.worksheet.id}/export?format=md`);
    expect(md.status).toBe(200);
    expect(md.body.content).toContain('- I was late twice (added by Pat)');
    expect(md.body.content).toContain('- They smiled at me (added by Sam)');
    expect(md.body.problems).toEqual([]);
    expect(md.body.fileName).toBe('thought-record.md');

    const individual = (await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'session-check-in', mode: 'individual' })).body;
    const checkIn = builtinTemplate('session-check-in')!;
    const rating = checkIn.sections.flatMap((s) => s.fields).find((f) => f.kind === 'rating')!;
    for (const copy of individual.copies)
      await writeCopy(copy.copyId, (doc) => expect(setFieldValue(doc, checkIn, rating.id, copy.ownerId === pat.user.id ? 7 : 3)).toEqual({ ok: true }));
    const csv = await facilitator.get(`/api/worksheets/${individual.worksheet.id}/export?format=csv`);
    expect(csv.status).toBe(200);
    const lines = csv.body.content.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).sort()).toEqual([expect.stringMatching(/^Pat,.*7/), expect.stringMatching(/^Sam,.*3/)]);
    // A participant's CSV holds their own copy only.
    const patCsv = await pat.client.get(`/api/worksheets/${individual.worksheet.id}/export?format=csv`);
    expect(patCsv.body.content.trim().split('\r\n')).toHaveLength(2);

    const audit = (await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries.filter((e: { action: string }) => e.action === 'worksheet.export');
    expect(audit).toHaveLength(3);
  });

  it('validates the export request and lists answers that do not fit instead of exporting them silently', async () => {
    const { facilitator, group, pat } = await groupOfThree(() => t.client());
    const res = (await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'individual' })).body;
    const worksheetId = res.worksheet.id;
    const bad = await facilitator.get(`/api/worksheets/${worksheetId}/export?format=pdf`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.format).toBe('Choose md, txt, csv or json.');
    const noTable = await facilitator.get(`/api/worksheets/${worksheetId}/export?format=csv&table=situation`);
    expect(noTable.status).toBe(400);
    // Two copies and no copyId: the facilitator must say which one.
    expect((await facilitator.get(`/api/worksheets/${worksheetId}/export?format=md`)).status).toBe(400);

    const patCopy = res.copies.find((c: { ownerId: string }) => c.ownerId === pat.user.id);
    // A crafted client wrote a rating out of range straight into the document (the relay does not parse content).
    await writeCopy(patCopy.copyId, (doc) => valuesMap(doc).set('balanced_belief', 140));
    const md = await pat.client.get(`/api/worksheets/${worksheetId}/export?format=md`);
    expect(md.status).toBe(200);
    expect(md.body.problems).toHaveLength(1);
    expect(md.body.problems[0].message).toMatch(/140 is too high/);
    expect(md.body.content).toMatch(/## Problems found[\s\S]*140 is too high/);
    expect(md.body.content).not.toMatch(/^140/m);
    // CSV of every copy lists the same problem, naming whose copy it is, and leaves the cell empty.
    const csv = await facilitator.get(`/api/worksheets/${worksheetId}/export?format=csv`);
    expect(csv.body.problems).toEqual([expect.objectContaining({ sheet: 'Pat', fieldId: 'balanced_belief', message: expect.stringMatching(/140 is too high/) })]);
    expect(csv.body.content).not.toContain('140');
    // JSON keeps every sound answer of every copy the facilitator may read, and lists the same problem.
    const json = await facilitator.get(`/api/worksheets/${worksheetId}/export?format=json`);
    expect(json.status).toBe(200);
    const parsed = JSON.parse(json.body.content);
    expect(parsed.sheets.map((s: { label: string }) => s.label).sort()).toEqual(['Pat', 'Sam']);
    expect(parsed.sheets.find((s: { label: string }) => s.label === 'Pat').values.balanced_belief).toBeUndefined();
    expect(json.body.problems).toEqual([expect.objectContaining({ sheet: 'Pat', fieldId: 'balanced_belief' })]);
  });
});
