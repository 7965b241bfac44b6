/**
 * pgErrorCode: the SQLSTATE (or postgres.js's own code, e.g. CONNECTION_CLOSED) of a database error, however it is
 * wrapped (drizzle puts the driver's error in `cause`). The one place that digs for it.
 */
export function pgErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = '23505';
export const isUniqueViolation = (error: unknown): boolean => pgErrorCode(error) === UNIQUE_VIOLATION;
