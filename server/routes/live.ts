/**
 * /api/me/events: one Server-Sent Events stream per open page that tells a signed-in person when something they see
 * in a list changed in one of their groups (a session started or ended, a board was created, locked or archived, a
 * worksheet was started), so the group page, the dashboard and the room follow without reloading. It carries only
 * `{groupId, what}`: the page fetches the list again through the API, which checks rights as always. Membership is
 * checked for each change (a removed member hears nothing more), and the stream ends with the sign-in. With several
 * processes (REDIS_URL) the changes made in the others arrive as `live.remote` (server/relay/live-events.ts).
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { requireUser } from '../auth/login-sessions';
import { channelsOf } from '../channels/registry';
import type { AppEnv } from '../http/context';
import { onGroupListChange, type GroupChange } from '../events';

const HEARTBEAT_MS = 15_000;

export function liveRoutes() {
  return new Hono<AppEnv>().get('/me/events', (c) => {
    const user = requireUser(c);
    const login = c.get('login')!;
    const loginId = login.id;
    const deps = c.get('deps');
    const { events, store, logger } = deps;
    return streamSSE(c, async (stream) => {
      let finish!: () => void;
      const done = new Promise<void>((resolve) => (finish = resolve));
      let writes = Promise.resolve();
      const send = (event: string, data: unknown) => {
        writes = writes.then(() => stream.writeSSE({ event, data: JSON.stringify(data) })).catch(finish);
      };
      const changed = (groupId: string, what: GroupChange) =>
        void store.members
          .get(groupId, user.id)
          .then((membership) => membership && send('group', { groupId, what }))
          .catch((error) => logger.error('live: membership check failed', { error }));
      const removed = (groupId: string, userId: string) => userId === user.id && send('group', { groupId, what: 'membership' });
      const ended = (endedLoginId: string) => endedLoginId === loginId && void writes.then(finish);
      const stops = [
        onGroupListChange(events, changed),
        events.on('login.ended', (event) => ended(event.loginId)),
        events.on('member.removed', (event) => removed(event.groupId, event.userId)),
        events.on('live.remote', (event) => {
          if (event.type === 'group') changed(event.groupId, event.what);
          else if (event.type === 'member_removed') removed(event.groupId, event.userId);
          else if (event.type === 'login_ended') ended(event.loginId);
        })
      ];
      // Followed like every long-lived channel (server/channels/registry.ts): sign-out elsewhere, idle and absolute
      // expiry end it within a second. Membership needs no re-decision here: it is checked at each change.
      const unregisterChannel = channelsOf(deps).add(
        {
          kind: 'me_events',
          loginId,
          userId: user.id,
          groupId: null,
          end: () => {
            send('notice', { kind: 'signed_out' });
            void writes.then(finish);
          },
          recheck: () => {}
        },
        login
      );
      stream.onAbort(() => finish());
      const heartbeat = setInterval(() => send('ping', {}), HEARTBEAT_MS);
      send('ready', {});
      try {
        await done;
      } finally {
        clearInterval(heartbeat);
        unregisterChannel();
        for (const stop of stops) stop();
      }
    });
  });
}
