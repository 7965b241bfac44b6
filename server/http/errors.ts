/** Turns anything thrown in a route into the one JSON error shape. */
import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../../src/lib/core/errors';
import type { AppEnv } from './context';

export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  const appError = toAppError(error);
  if (appError.status >= 500) {
    c.get('log')?.error('request failed', { error, path: c.req.routePath, method: c.req.method });
  }
  for (const [name, value] of Object.entries(appError.headers ?? {})) c.header(name, value);
  const body = appError.toBody();
  if (appError.status >= 500) body.error.details = { requestId: c.get('requestId') };
  return c.json(body, appError.status as 400);
};

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException && error.status === 413) {
    return new AppError('payload_too_large', 'The request body is too large.');
  }
  if (error instanceof HTTPException && error.status < 500) {
    return new AppError(error.status === 401 ? 'unauthenticated' : error.status === 404 ? 'not_found' : 'forbidden', error.message);
  }
  return new AppError('internal', 'Something went wrong on our side. Nothing you sent was lost; please try again.');
}
