/**
 * GroupNotesDesk offline: after one online visit, the desk opens with no network from this device's cache (key pair,
 * group key, notes), a draft saved offline stays on the device (encrypted) and wins when the note reopens, and reaches
 * the server at the next save online. The real app over PostgreSQL; "offline" is the API client's network failure.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/lib/api/client';
import { GroupNotesCache } from '../../src/lib/offline/group-notes-cache';
import { GroupNotesDesk } from '../../src/lib/offline/group-notes';
import { httpGroupNotesServer, isNetworkFailure } from '../../src/lib/offline/group-notes-http';
import { createNotesKey } from '../../src/lib/core/notes/crypto';
import { createTestApp, type TestApp, type TestClient } from '../helpers/test-app';

let t: TestApp;
let fran: TestClient;
let online = true;
beforeAll(async () => {
  t = await createTestApp();
  fran = t.client();
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    if (!online) throw new TypeError('Failed to fetch');
    const headers = new Headers(init.headers);
    if (fran.cookie) headers.set('cookie', fran.cookie);
    return t.app.request(input, { ...init, headers });
  });
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await t.close();
});

describe('group notes offline', () => {
  it('reads and drafts offline from the encrypted cache, and saves to the server when back online', async () => {
    const user = await fran.signup('Fran');
    const group = (await fran.post('/api/groups', { name: 'G', kind: 'cbt' })).body.group;
    const session = (await fran.post(`/api/groups/${group.id}/sessions`, { title: 'Week 1' })).body.session;
    await fran.post(`/api/sessions/${session.id}/start`);
    await fran.post(`/api/sessions/${session.id}/end`);

    const { key: notesKey } = await createNotesKey('a long password', { testOnlyIterations: 1000 });
    const indexedDB = new IDBFactory();
    const options = async () => ({
      userId: user.id,
      groupId: group.id,
      notesKey,
      server: httpGroupNotesServer,
      cache: await GroupNotesCache.open(user.id, indexedDB),
      isOffline: isNetworkFailure
    });
    const desk = await GroupNotesDesk.open(await options());
    await desk.createGroupKey();
    const created = await desk.create(session.id, 'DAP');

    online = false;
    const offlineDesk = await GroupNotesDesk.open(await options());
    expect(offlineDesk.hasGroupKey).toBe(true);
    expect((await offlineDesk.list()).map((n) => n.id)).toEqual([created.view.id]);
    const opened = await offlineDesk.open(created.view.id);
    const edited = { ...opened.content, group: { ...opened.content.group, themes: 'Written on the train' } };
    const saved = await offlineDesk.save(opened, edited);
    expect(saved.unsynced).toBe(true);
    const reopened = await offlineDesk.open(created.view.id);
    expect([reopened.unsynced, reopened.content.group.themes]).toEqual([true, 'Written on the train']);
    await expect(offlineDesk.sign(reopened, edited)).rejects.toBeInstanceOf(ApiError);

    online = true;
    const back = await offlineDesk.save(reopened, reopened.content);
    expect([back.unsynced, back.view.revision]).toEqual([false, 2]);
    const fresh = await GroupNotesDesk.open({ ...(await options()), cache: await GroupNotesCache.open(user.id, new IDBFactory()) });
    expect((await fresh.open(created.view.id)).content.group.themes).toBe('Written on the train');
  }, 30_000);
});
