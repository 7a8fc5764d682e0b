import { judgePassword } from './password-strength';

describe('password strength', () => {
  it.each(['1234567890', 'password12', ' '.repeat(10), 'qwertyuiop', 'aaaaaaaaaaaa', 'Password123!', 'iloveyou2024'])(
    'refuses %j with a reason',
    async (password) => {
      const verdict = await judgePassword(password);
      expect(verdict.ok).toBe(false);
      expect(verdict.reasons.length).toBeGreaterThan(0);
    },
  );

  it.each(['correct-horse-battery', 'Verbena-Harbor-Kettle-42', 'choose-a-long-password'])(
    'accepts %j',
    async (password) => {
      expect(await judgePassword(password)).toEqual({ ok: true, reasons: [] });
    },
  );

  it('counts the person and practice names as easy to guess', async () => {
    expect((await judgePassword('brightsmiles2026')).ok).toBe(true);
    expect((await judgePassword('brightsmiles2026', ['Bright Smiles', 'office@brightsmiles.example'])).ok).toBe(false);
  });

  it('loads the dictionaries only when a password is judged (a worker never holds them)', () => {
    jest.isolateModules(() => {
      require('./password-strength');
      expect(Object.keys(require.cache).some((path) => path.includes('@zxcvbn-ts'))).toBe(false);
    });
  });
});
