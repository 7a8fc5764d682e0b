// What reaches the log: no invitation tokens in paths, no SQL parameters or offending values from database errors.
import { QueryFailedError } from 'typeorm';
import { errorForLog, redactUrl } from './logging.module';

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
});
