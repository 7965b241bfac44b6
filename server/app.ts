/**
 * createApp(deps): the Hono app for /api/* and /healthz, with no server or socket of its own,
 * so tests drive it with app.request(). server/main.ts adds the listener, WebSockets and the SvelteKit pages.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { AppError } from '../src/lib/core/errors';
import { loadUser } from './auth/login-sessions';
import type { AppDeps, AppEnv } from './http/context';
import { handleError } from './http/errors';
import { refuseCrossOrigin, requestAddress, securityHeaders } from './http/security';
import { authRoutes } from './routes/auth';
import { boardRoutes } from './routes/boards';
import { groupRoutes } from './routes/groups';
import { groupNoteRoutes, isGroupNotesPath } from './routes/group-notes';
import { inviteRoutes } from './routes/invites';
import { liveRoutes } from './routes/live';
import { RoomService } from './room/service';
import { roomRoutes } from './routes/room';
import { measureRoutes } from './routes/measures';
import { secondFactorRoutes } from './routes/second-factor';
import { mediaRoutes } from './routes/media';
import { NOTES_PATH_PREFIX, notesRoutes } from './routes/notes';
import { sessionRoutes } from './routes/sessions';
import { worksheetRoutes } from './routes/worksheets';
import { seriesRoutes } from './routes/series';
import { calendarRoutes } from './routes/calendar';
import { attendanceRoutes } from './routes/attendance';
import { weekRoutes } from './routes/week';

export type { AppDeps } from './http/context';

export interface AppParts {
  /** The live rooms' service; the composition root passes its own so it can re-arm timers on start. */
  rooms?: RoomService;
}

export function createApp(deps: AppDeps, parts: AppParts = {}) {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const requestId = randomUUID();
    const log = deps.logger.child({ requestId });
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('log', log);
    c.set('ip', requestAddress(c, deps.config.trustProxy).ip);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    // The route pattern, not the path: paths can hold invite tokens.
    log.info('request', {
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started)
    });
  });

  app.use('*', securityHeaders);

  app.get('/healthz', async (c) => {
    await deps.store.ping();
    return c.json({ status: 'ok' });
  });

  const api = new Hono<AppEnv>();
  api.use('*', refuseCrossOrigin);
  api.use(
    '*',
    // The notes and group notes routes carry encrypted snapshots and notes larger than other bodies: they set their own limits per route.
    except(
      (c) =>
        c.req.path === NOTES_PATH_PREFIX || c.req.path.startsWith(`${NOTES_PATH_PREFIX}/`) || isGroupNotesPath(c.req.path),
      bodyLimit({
        maxSize: deps.config.maxBodyBytes,
        onError: () => {
          throw new AppError('payload_too_large', `The request body is larger than ${deps.config.maxBodyBytes} bytes.`);
        }
      })
    )
  );
  api.use('*', loadUser);
  api.route('/', authRoutes(deps.config));
  api.route('/', secondFactorRoutes(deps.config));
  api.route('/', groupRoutes());
  api.route('/', inviteRoutes());
  // One room service: the room's routes, the sessions API (ending a session ends its room before the answer) and the
  // worksheet route that starts a step's worksheet and links it at once.
  const rooms = parts.rooms ?? new RoomService(deps, deps.config.room);
  api.route('/', sessionRoutes(rooms));
  api.route('/', boardRoutes());
  api.route('/', roomRoutes(deps, rooms));
  api.route('/', liveRoutes());
  api.route('/', mediaRoutes());
  api.route('/', notesRoutes());
  api.route('/', worksheetRoutes(rooms));
  api.route('/', seriesRoutes());
  api.route('/', calendarRoutes());
  api.route('/', attendanceRoutes());
  api.route('/', weekRoutes());
  api.route('/', measureRoutes());
  api.route('/', groupNoteRoutes());
  api.all('*', () => {
    throw new AppError('not_found', 'No such API route.');
  });
  api.onError(handleError);

  app.route('/api', api);
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;
