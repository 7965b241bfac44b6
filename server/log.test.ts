import { describe, expect, it } from 'vitest';
import { createLogger, redact } from './log';

describe('redact', () => {
  it('hides secret-looking keys at any depth and keeps the rest', () => {
    expect(redact({ email: 'a@b.co', password: 'hunter2hunter2', nested: { sessionToken: 'x', ok: 1 } })).toEqual({
      email: 'a@b.co',
      password: '[redacted]',
      nested: { sessionToken: '[redacted]', ok: 1 }
    });
  });
});

describe('createLogger', () => {
  it('writes one JSON line per entry at or above its level', () => {
    const lines: string[] = [];
    const log = createLogger('info', { service: 'test' }, (line) => lines.push(line));
    log.debug('hidden');
    log.child({ requestId: 'r1' }).warn('careful', { cookie: 'gst_session=abc' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', msg: 'careful', service: 'test', requestId: 'r1', cookie: '[redacted]' });
  });
});
