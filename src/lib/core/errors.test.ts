import { describe, expect, it } from 'vitest';
import { AppError, ERROR_STATUS, parseErrorBody } from './errors';

describe('AppError', () => {
  it('maps each code to its HTTP status and keeps details in the body', () => {
    const error = new AppError('validation_failed', 'Check the form.', { fields: { email: 'Required' } });
    expect(error.status).toBe(400);
    expect(error.toBody()).toEqual({
      error: { code: 'validation_failed', message: 'Check the form.', details: { fields: { email: 'Required' } } }
    });
  });

  it('leaves details out of the body when there are none', () => {
    expect(new AppError('gone', 'This invite has expired.').toBody()).toEqual({
      error: { code: 'gone', message: 'This invite has expired.' }
    });
  });

  it('gives every code a 4xx or 5xx status', () => {
    for (const status of Object.values(ERROR_STATUS)) expect(status).toBeGreaterThanOrEqual(400);
  });
});

describe('parseErrorBody', () => {
  it('reads a well-formed error body', () => {
    expect(parseErrorBody({ error: { code: 'forbidden', message: 'No.' } })).toEqual({ code: 'forbidden', message: 'No.' });
  });

  it('rejects bodies that are not errors or carry an unknown code', () => {
    expect(parseErrorBody(null)).toBeUndefined();
    expect(parseErrorBody({ user: {} })).toBeUndefined();
    expect(parseErrorBody({ error: { code: 'teapot', message: 'x' } })).toBeUndefined();
    expect(parseErrorBody({ error: { code: 'forbidden' } })).toBeUndefined();
  });
});
