import { describe, expect, it } from 'vitest';
import { isDatabaseConnectionLoss } from './process-guards';

describe('isDatabaseConnectionLoss', () => {
  it('recognises PostgreSQL and postgres.js connection-loss codes, also wrapped in a cause', () => {
    expect(isDatabaseConnectionLoss({ code: '57P01', message: 'terminating connection due to administrator command' })).toBe(true);
    expect(isDatabaseConnectionLoss({ code: '08006' })).toBe(true);
    expect(isDatabaseConnectionLoss({ code: 'CONNECTION_ENDED' })).toBe(true);
    expect(isDatabaseConnectionLoss(new Error('Failed query', { cause: { code: '57P01' } }))).toBe(true);
  });

  it('leaves every other error to crash the process', () => {
    expect(isDatabaseConnectionLoss(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseConnectionLoss({ code: '23505' })).toBe(false);
    expect(isDatabaseConnectionLoss(undefined)).toBe(false);
  });
});
