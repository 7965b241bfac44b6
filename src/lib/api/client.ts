/**
 * The one way pages talk to /api: JSON in, JSON out, same-origin cookie auth.
 * Failures throw ApiError with the parsed `{error:{code,message,details}}` body, so forms can show field errors.
 * A 401 from anything but the sign-in calls and /api/me means the login ended: the app goes to /signin.
 */
import { goto } from '$app/navigation';
import { parseErrorBody, type ErrorCode, type ErrorDetails } from '$lib/core/errors';
import { BACKGROUND_HEADER } from '$lib/core/protocol';
import { signinPath } from './next';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network';
  readonly details?: ErrorDetails;

  constructor(status: number, code: ErrorCode | 'network', message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field path -> message, from a validation (or conflict) answer. */
  get fields(): Record<string, string> {
    const fields = this.details?.fields;
    return typeof fields === 'object' && fields !== null ? (fields as Record<string, string>) : {};
  }

  /** details.reason, e.g. 'revoked' or 'group_full'. */
  get reason(): string | undefined {
    const reason = this.details?.reason;
    return typeof reason === 'string' ? reason : undefined;
  }
}

/** Calls whose 401 is an answer for the page itself, not a sign that the login ended. */
const OWN_401 = ['/api/me', '/api/auth/login', '/api/auth/signup', '/api/auth/logout', '/api/auth/second-factor'];

let onLoginEnded: () => void = () => {};
/** Lets the session state forget the user when the server says the login ended. */
export function setLoginEndedHandler(handler: () => void): void {
  onLoginEnded = handler;
}

async function request<T>(method: string, path: string, body?: unknown, background = false): Promise<T> {
  let response: Response;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (background) headers[BACKGROUND_HEADER] = '1';
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }
  const text = await response.text();
  let value: unknown = undefined;
  if (text) {
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
  }
  if (response.ok) return value as T;

  const parsed = parseErrorBody(value);
  const error = parsed
    ? new ApiError(response.status, parsed.code, parsed.message, parsed.details)
    : new ApiError(response.status, 'internal', 'Something went wrong on our side. Please try again.');
  if (response.status === 401 && !OWN_401.includes(path)) {
    onLoginEnded();
    const here = window.location.pathname + window.location.search;
    await goto(signinPath(here, 'ended'), { replaceState: true });
  }
  if (response.status === 429) {
    const wait = Number(response.headers.get('retry-after'));
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      error.message = `${error.message} You can try again in about ${minutes} minute${minutes === 1 ? '' : 's'}.`;
    }
  }
  throw error;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  /** A GET a page makes on a timer: answered like any other, but not counted as the person's activity. */
  poll: <T>(path: string) => request<T>('GET', path, undefined, true),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T = void>(path: string) => request<T>('DELETE', path)
};

/** What a form shows after a failed call: one message, plus per-field messages when the server sent them. */
export function failure(error: unknown): { message: string; fields: Record<string, string> } {
  if (error instanceof ApiError) return { message: error.message, fields: error.fields };
  return { message: 'Something went wrong. Please try again.', fields: {} };
}
