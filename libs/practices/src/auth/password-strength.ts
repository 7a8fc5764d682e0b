// Refuses passwords that are easy to guess, with zxcvbn's explanation: a length rule alone accepted
// "1234567890", "password12" and ten spaces. Score 3 of 4 means about 10^8 guesses or more, which
// scrypt makes slow offline and the login limiter makes impossible online.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { InvalidInputError } from '@app/core';

const MIN_SCORE = 3;

// The dictionaries take a moment to load and about 10 MB of memory: loaded and built once, on first use, so a
// process that never judges a password (a worker publishing posts) never holds them.
let estimator: Promise<ZxcvbnFactory> | null = null;
const estimatorOf = () => (estimator ??= loadEstimator());

async function loadEstimator(): Promise<ZxcvbnFactory> {
  const [{ ZxcvbnFactory }, common, english] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]);
  return new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
  });
}

export interface PasswordVerdict {
  ok: boolean;
  /** Why it is refused and what would help, in plain words (empty when ok). */
  reasons: string[];
}

/** Judges a password, counting words the person or practice would use (their e-mail, name, practice name) as easy. */
export async function judgePassword(password: string, personal: string[] = []): Promise<PasswordVerdict> {
  const inputs = personal
    .flatMap((value) => [value, value.replace(/\s+/g, ''), ...value.split(/[\s@._+-]+/)])
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v.length >= 3);
  const result = (await estimatorOf()).check(password, inputs);
  if (result.score >= MIN_SCORE && password.trim().length > 0) return { ok: true, reasons: [] };
  const { warning, suggestions } = result.feedback;
  const reasons = [
    warning ?? 'It would be guessed quickly.',
    ...suggestions,
    'A few unrelated words (four or more) make a strong password that is easy to remember.',
  ];
  return { ok: false, reasons: [...new Set(reasons)] };
}

/** Throws a 400 that explains why the password is refused. */
export async function assertStrongPassword(password: string, personal: string[] = []): Promise<void> {
  const verdict = await judgePassword(password, personal);
  if (!verdict.ok) throw new InvalidInputError(`This password is too easy to guess. ${verdict.reasons.join(' ')}`);
}
