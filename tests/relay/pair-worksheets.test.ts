/**
 * A shared worksheet per breakout pair, against the real relay and room (port 0): only the pair's members and the
 * facilitators open a pair's copy; a member of the other pair is refused with 4406 on the socket and 403
 * `not_in_pair` over HTTP; a forged pair id in the create request makes nothing; when the pairs return the copies are
 * archived and open writers drop to reading at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../../src/lib/core/protocol';
import { enterRoom, liveSession, roomCommand, type InRoom, type LiveSession } from '../video/fixtures';
import type { SignallingServer } from '../video/server';
import { openProvider, relayOutcome, startRelayServer, synced, waitFor, type RelayServer } from './server';

let server: RelayServer;
let live: LiveSession;
let streams: InRoom[] = [];
const path = () => `/api/sessions/${live.sessionId}/room/pair-worksheets`;

beforeAll(async () => {
  server = await startRelayServer();
  live = await liveSession(server as unknown as SignallingServer, 4);
  streams = await enterRoom(server as unknown as SignallingServer, live);
}, 60_000);

afterAll(async () => {
  for (const stream of streams) stream.close();
  await server?.close();
});

describe('a worksheet per breakout pair', () => {
  it('opens each pair’s copy to its members and the facilitators only, refuses the other pair, and reads only after the pairs return', async () => {
    const [ana, ben, cat, dan] = live.participants as [LiveSession['participants'][number], LiveSession['participants'][number], LiveSession['participants'][number], LiveSession['participants'][number]];
    const fay = live.facilitator;

    // No pairs yet: nothing to give a worksheet to.
    const early = await fay.client.post(path(), { templateId: 'thought-record' });
    expect(early.status).toBe(409);

    await roomCommand(fay, live.sessionId, { type: 'start_breakout', minutes: 5, pairs: [[ana.user.id, ben.user.id], [cat.user.id, dan.user.id]] });

    // A participant cannot make one; a forged pair id is refused and nothing is made.
    expect((await ana.client.post(path(), { templateId: 'thought-record' })).status).toBe(403);
    const forged = await fay.client.post(path(), { templateId: 'thought-record', pairIds: ['pair-1', 'pair-9'] });
    expect(forged.status).toBe(400);
    expect(forged.body.error.details.reason).toBe('unknown_pair');
    expect((await fay.client.get(`/api/groups/${live.groupId}/worksheets`)).body.worksheets).toEqual([]);
    expect((await fay.client.post(path(), { templateId: 'thought-record', members: [ana.user.id] })).status).toBe(400);

    const made = await fay.client.post(path(), { templateId: 'thought-record' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const copies = made.body.copies as Array<{ copyId: string; docName: string; pairId: string }>;
    expect(copies.map((c) => c.pairId).sort()).toEqual(['pair-1', 'pair-2']);
    const pairOne = copies.find((c) => c.pairId === 'pair-1')!;
    const pairTwo = copies.find((c) => c.pairId === 'pair-2')!;
    const room = (await fay.client.get(`/api/sessions/${live.sessionId}/room`)).body.state;
    expect(room.parts.breakout.worksheetId).toBe(made.body.worksheet.id);
    expect(room.parts.breakout.pairs.map((p: { worksheetCopyId: string }) => p.worksheetCopyId)).toEqual([pairOne.copyId, pairTwo.copyId]);
    // Once only.
    expect((await fay.client.post(path(), { templateId: 'thought-record' })).status).toBe(409);

    // The socket: pair 1's members and the facilitator write; pair 2's members are refused with a code and reason.
    expect(await relayOutcome(server, pairOne.docName, ana.client.cookie)).toBe('write');
    expect(await relayOutcome(server, pairOne.docName, fay.client.cookie)).toBe('write');
    expect(await relayOutcome(server, pairOne.docName, cat.client.cookie)).toEqual({ code: CLOSE.notInPair.code, reason: CLOSE.notInPair.reason });
    expect(await relayOutcome(server, pairTwo.docName, ben.client.cookie)).toEqual({ code: 4406, reason: 'not in this pair' });
    expect(await relayOutcome(server, pairTwo.docName, dan.client.cookie)).toBe('write');

    // HTTP: a member sees only their own pair's copy; naming the other pair's copy is refused with the reason.
    const mine = await cat.client.get(`/api/worksheets/${made.body.worksheet.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body.copies.map((c: { pairId: string }) => c.pairId)).toEqual(['pair-2']);
    const other = await cat.client.get(`/api/worksheets/${made.body.worksheet.id}/export?format=md&copyId=${pairOne.copyId}`);
    expect(other.status).toBe(403);
    expect(other.body.error.details.reason).toBe('not_in_pair');
    expect((await fay.client.get(`/api/worksheets/${made.body.worksheet.id}`)).body.copies).toHaveLength(2);

    // The pairs return: open writers drop to reading at once; afterwards the pair and the facilitators read, the other pair still nothing.
    const writer = openProvider(server, pairOne.docName, ana.client.cookie);
    await synced(writer);
    expect(writer.permissionDenied).toEqual([]);
    await roomCommand(fay, live.sessionId, { type: 'end_breakout' });
    await waitFor(() => writer.permissionDenied.includes('read-only'), 'the pair’s writer to drop to reading', 3_000);
    writer.destroy();
    expect(await relayOutcome(server, pairOne.docName, ben.client.cookie)).toBe('read');
    expect(await relayOutcome(server, pairOne.docName, fay.client.cookie)).toBe('read');
    expect(await relayOutcome(server, pairOne.docName, dan.client.cookie)).toEqual({ code: 4406, reason: 'not in this pair' });
    const afterwards = await dan.client.get(`/api/worksheets/${made.body.worksheet.id}/export?format=md&copyId=${pairOne.copyId}`);
    expect(afterwards.status).toBe(403);
  }, 60_000);
});
