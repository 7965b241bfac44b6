/**
 * Linking a worksheet or board to an agenda step through the room's commands route: only ids of the session's own
 * group are accepted (others answer 404 and change nothing), and the link is part of the room state everyone mirrors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { CHECKIN, type EventStream, liveRoom, streamOf } from './helpers';

let t: TestApp;
const streams: EventStream[] = [];
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await Promise.all(streams.map((stream) => stream.close()));
  await t.close();
});

describe('link_step', () => {
  it('links a worksheet and a board of the group to a step, and refuses those of another group', async () => {
    const { facilitator, pat, group, session, room } = await liveRoom(t);
    const request = (path: string, init?: RequestInit) => Promise.resolve(t.app.request(path, init));
    streams.push(await streamOf(request, facilitator, session.id));
    expect((await pat.client.post(`${room}/checkin`, CHECKIN)).status).toBe(201);
    streams.push(await streamOf(request, pat.client, session.id));
    expect((await facilitator.post(`${room}/commands`, { type: 'admit_all' })).status).toBe(200);
    const other = await liveRoom(t);
    const startWorksheet = async (client: typeof facilitator, groupId: string) =>
      (await client.post(`/api/groups/${groupId}/worksheets`, { templateId: 'thought-record', mode: 'shared' })).body.worksheet.id as string;
    const ours = await startWorksheet(facilitator, group.id);
    const theirs = await startWorksheet(other.facilitator, other.group.id);
    const board = (await facilitator.post(`/api/groups/${group.id}/boards`, { title: 'Skills' })).body.board.id as string;
    const theirBoard = (await other.facilitator.post(`/api/groups/${other.group.id}/boards`, { title: 'Theirs' })).body.board.id as string;
    expect((await facilitator.post(`${room}/commands`, { type: 'apply_agenda_template', template: 'cbt_group' })).status).toBe(200);
    const before = (await facilitator.get(room)).body.state;

    for (const link of [{ worksheetId: theirs }, { boardId: theirBoard }, { boardId: ours }, { worksheetId: 'not-a-uuid' }]) {
      const res = await facilitator.post(`${room}/commands`, { type: 'link_step', stepId: 's4', ...link });
      expect(res.status, JSON.stringify(link)).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const refused = await pat.client.post(`${room}/commands`, { type: 'link_step', stepId: 's4', worksheetId: ours });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Only facilitators can do this.');
    expect((await facilitator.get(room)).body.state).toEqual(before);

    expect((await facilitator.post(`${room}/commands`, { type: 'link_step', stepId: 's4', worksheetId: ours, boardId: board })).status).toBe(200);
    const step = (await facilitator.get(room)).body.state.agenda.steps[3];
    expect(step).toMatchObject({ id: 's4', worksheetId: ours, boardId: board });
    const unknownStep = await facilitator.post(`${room}/commands`, { type: 'link_step', stepId: 's99', worksheetId: ours });
    expect(unknownStep.status).toBe(404);
  });

  it('show_board puts a board of the group on the stage for everyone; other groups’ boards and participants are refused', async () => {
    const { facilitator, pat, group, session, room } = await liveRoom(t);
    const request = (path: string, init?: RequestInit) => Promise.resolve(t.app.request(path, init));
    const franStream = await streamOf(request, facilitator, session.id);
    streams.push(franStream);
    expect((await pat.client.post(`${room}/checkin`, CHECKIN)).status).toBe(201);
    streams.push(await streamOf(request, pat.client, session.id));
    expect((await facilitator.post(`${room}/commands`, { type: 'admit_all' })).status).toBe(200);
    const other = await liveRoom(t);
    const board = (await facilitator.post(`/api/groups/${group.id}/boards`, { title: 'Values' })).body.board.id as string;
    const theirBoard = (await other.facilitator.post(`/api/groups/${other.group.id}/boards`, { title: 'Theirs' })).body.board.id as string;
    const worksheet = (await facilitator.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'shared' })).body.worksheet.id as string;
    const before = (await facilitator.get(room)).body.state;

    for (const boardId of [theirBoard, worksheet, 'not-a-uuid']) {
      const res = await facilitator.post(`${room}/commands`, { type: 'show_board', boardId });
      expect(res.status, boardId).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const refused = await pat.client.post(`${room}/commands`, { type: 'show_board', boardId: board });
    expect(refused.status).toBe(403);
    const malformed = await facilitator.post(`${room}/commands`, { type: 'show_board', board });
    expect(malformed.status).toBe(400);
    expect((await facilitator.get(room)).body.state).toEqual(before);

    expect((await facilitator.post(`${room}/commands`, { type: 'show_board', boardId: board })).status).toBe(200);
    // Part of the room state (and so of the shared view every participant mirrors: src/lib/core/room/layout.test.ts).
    const shown = await franStream.next('state', (state) => state.stageBoardId === board);
    expect((await facilitator.post(`${room}/commands`, { type: 'show_board', boardId: null })).status).toBe(200);
    await franStream.next('state', (state) => state.version > shown.version && state.stageBoardId === null);
  });

  it('a worksheet started for a step is linked to it in the same request; a bad step, a session not live or a participant make nothing', async () => {
    const { facilitator, pat, group, session, room } = await liveRoom(t);
    const request = (path: string, init?: RequestInit) => Promise.resolve(t.app.request(path, init));
    const franStream = await streamOf(request, facilitator, session.id);
    streams.push(franStream);
    expect((await pat.client.post(`${room}/checkin`, CHECKIN)).status).toBe(201);
    streams.push(await streamOf(request, pat.client, session.id));
    expect((await facilitator.post(`${room}/commands`, { type: 'admit_all' })).status).toBe(200);
    expect((await facilitator.post(`${room}/commands`, { type: 'apply_agenda_template', template: 'cbt_group' })).status).toBe(200);
    const count = async () => (await facilitator.get(`/api/groups/${group.id}/worksheets`)).body.worksheets.length as number;
    const start = (body: object, client = facilitator) =>
      client.post(`/api/groups/${group.id}/worksheets`, { templateId: 'thought-record', mode: 'shared', ...body });

    const unknownStep = await start({ sessionId: session.id, stepId: 's99' });
    expect(unknownStep.status).toBe(400);
    expect(unknownStep.body.error.details.fields.stepId).toBe('Choose a step of the agenda.');
    const noSession = await start({ stepId: 's4' });
    expect(noSession.status).toBe(400);
    expect(noSession.body.error.details.fields.sessionId).toBeDefined();
    const malformed = await start({ sessionId: session.id, stepId: 42 });
    expect(malformed.status).toBe(400);
    expect((await start({ sessionId: session.id, stepId: 's4' }, pat.client)).status).toBe(403);
    const scheduled = (await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'Next week' })).body.session.id as string;
    expect((await start({ sessionId: scheduled, stepId: 's4' })).status).toBe(409);
    expect(await count()).toBe(0);

    const started = await start({ sessionId: session.id, stepId: 's4' });
    expect(started.status).toBe(201);
    const worksheetId = started.body.worksheet.id as string;
    // Linked before the answer: the room state says so, and the room's stream carries it.
    expect((await facilitator.get(room)).body.state.agenda.steps[3]).toMatchObject({ id: 's4', worksheetId });
    await franStream.next('state', (state) => state.agenda.steps.some((step: { id: string; worksheetId?: string }) => step.id === 's4' && step.worksheetId === worksheetId));
    expect(await count()).toBe(1);
  });
});
