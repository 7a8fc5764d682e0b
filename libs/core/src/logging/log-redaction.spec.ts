// What reaches the log: no invitation tokens in paths, no SQL parameters or offending values from database errors.
import pino from 'pino';
import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { errorForLog, loggingModule, logLevelEnabled, redactSecrets, redactUrl } from './logging.module';

/** Lines a pino logger with the app's redaction writes, parsed. */
function logged(write: (logger: pino.Logger) => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  write(pino({ formatters: { log: redactSecrets } }, sink));
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('log redaction', () => {
  it.each([
    ['/invite/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5', '/invite/[redacted]'],
    ['/api/auth/invite/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5?x=1', '/api/auth/invite/[redacted]?x=1'],
    ['/reset-password/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5', '/reset-password/[redacted]'],
    ['/api/auth/reset-password/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5', '/api/auth/reset-password/[redacted]'],
    ['/api/calendar.ics?token=abc123&view=month', '/api/calendar.ics?token=[redacted]&view=month'],
    ['/api/accounts/oauth/callback?code=xyz&state=s1', '/api/accounts/oauth/callback?code=[redacted]&state=[redacted]'],
    ['/api/posts?page=2', '/api/posts?page=2'],
  ])('%s is logged as %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });

  it('censors tokens and passwords at the top of a line and one level down, and leaves the rest as logged', () => {
    const account = { id: 'acc-1', accessToken: 'EAAB-live-token', refreshToken: 'r-token', network: 'facebook' };
    const [line] = logged((logger) =>
      logger.info({ password: 'hunter2', account, user: { id: 'u1', token: 't-123' }, targetId: 'tg-1' }, 'published'),
    );
    const text = JSON.stringify(line);
    for (const secret of ['hunter2', 'EAAB-live-token', 'r-token', 't-123']) expect(text).not.toContain(secret);
    expect(line).toMatchObject({
      msg: 'published',
      targetId: 'tg-1',
      password: '[redacted]',
      account: { id: 'acc-1', network: 'facebook', accessToken: '[redacted]', refreshToken: '[redacted]' },
      user: { id: 'u1', token: '[redacted]' },
    });
    // The caller's objects are not changed: only the logged copy is censored.
    expect(account.accessToken).toBe('EAAB-live-token');
  });

  it('censors authorization and cookie headers of a logged request or response, whatever their case', () => {
    const [line] = logged((logger) =>
      logger.warn({
        request: { url: '/x', headers: { Authorization: 'Bearer abc', cookie: 'sid=1', accept: 'json' } },
        response: { headers: { 'set-cookie': 'sid=2' } },
      }),
    );
    expect(line).toMatchObject({
      request: { url: '/x', headers: { Authorization: '[redacted]', cookie: '[redacted]', accept: 'json' } },
      response: { headers: { 'set-cookie': '[redacted]' } },
    });
  });

  it('returns a line without secrets unchanged (no copy)', () => {
    const fields = { targetId: 't1', nested: { network: 'x' }, list: [{ token: 'in-an-array' }] };
    expect(redactSecrets(fields)).toBe(fields);
  });

  it('drops the parameters and detail of a failed statement, keeping the statement and code', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "ux_users_email"'), {
      code: '23505',
      detail: 'Key (email)=(patient.name@example.com) already exists.',
      parameters: ['patient.name@example.com'],
    });
    const error = new QueryFailedError(
      'INSERT INTO users (email) VALUES ($1)',
      ['patient.name@example.com', 'secret-token'],
      driverError,
    );
    const logged = JSON.stringify(errorForLog(error));
    expect(logged).not.toContain('patient.name@example.com');
    expect(logged).not.toContain('secret-token');
    expect(logged).toContain('INSERT INTO users');
    expect(logged).toContain('23505');
    expect(logged).toContain('[redacted]');
  });

  it('logs other errors as before', () => {
    expect(errorForLog(new TypeError('boom'))).toMatchObject({
      type: 'TypeError',
      message: 'boom',
      stack: expect.any(String),
    });
  });

  it('tells the publishing path whether debug lines are written, by the level the logging module was set up with', () => {
    loggingModule('debug', 'worker');
    expect([logLevelEnabled('trace'), logLevelEnabled('debug'), logLevelEnabled('info')]).toEqual([false, true, true]);
    loggingModule('warn', 'worker');
    expect([logLevelEnabled('debug'), logLevelEnabled('info')]).toEqual([false, false]);
    loggingModule('silent', 'worker');
    expect(logLevelEnabled('info')).toBe(false);
    loggingModule('info', 'worker');
    expect([logLevelEnabled('debug'), logLevelEnabled('info')]).toEqual([false, true]);
  });
});
