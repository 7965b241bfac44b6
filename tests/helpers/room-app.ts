/**
 * The set-up of a test file about the live room over app.request: the app (useTestApp), a requester for the room's
 * event streams, and the streams the file opened, closed after its tests (before the app is).
 */
import { afterAll } from 'vitest';
import type { EventStream, Requester } from '../room/helpers';
import { useTestApp } from './test-app';

export function useRoomTestApp(options: Parameters<typeof useTestApp>[0] = {}) {
  const t = useTestApp(options);
  const request: Requester = (path, init) => Promise.resolve(t.app.request(path, init));
  const streams: EventStream[] = [];
  afterAll(async () => {
    await Promise.all(streams.map((stream) => stream.close()));
  });
  return { t, request, streams };
}
