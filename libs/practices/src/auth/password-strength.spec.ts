import { judgePassword } from './password-strength';

describe('password strength', () => {
  it.each(['1234567890', 'password12', ' '.repeat(10), 'qwertyuiop', 'aaaaaaaaaaaa', 'Password123!', 'iloveyou2024'])(
    'refuses %j with a reason',
    (password) => {
      const verdict = judgePassword(password);
      expect(verdict.ok).toBe(false);
      expect(verdict.reasons.length).toBeGreaterThan(0);
    },
  );

  it.each(['correct-horse-battery', 'Verbena-Harbor-Kettle-42', 'choose-a-long-password'])('accepts %j', (password) => {
    expect(judgePassword(password)).toEqual({ ok: true, reasons: [] });
  });

  it('counts the person and practice names as easy to guess', () => {
    expect(judgePassword('brightsmiles2026').ok).toBe(true);
    expect(judgePassword('brightsmiles2026', ['Bright Smiles', 'office@brightsmiles.example']).ok).toBe(false);
  });
});
