// Refuses passwords that are easy to guess, with zxcvbn's explanation: a length rule alone accepted
// "1234567890", "password12" and ten spaces. Score 3 of 4 means about 10^8 guesses or more, which
// scrypt makes slow offline and the login limiter makes impossible online.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { InvalidInputError } from '@app/core';

const MIN_SCORE = 3;

// The dictionaries take a moment to load: built once, on first use.
let estimator: ZxcvbnFactory | null = null;
const estimatorOf = () =>
  (estimator ??= new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
  }));

export interface PasswordVerdict {
  ok: boolean;
  /** Why it is refused and what would help, in plain words (empty when ok). */
  reasons: string[];
}

/** Judges a password, counting words the person or practice would use (their e-mail, name, practice name) as easy. */
export function judgePassword(password: string, personal: string[] = []): PasswordVerdict {
  const inputs = personal
    .flatMap((value) => [value, value.replace(/\s+/g, ''), ...value.split(/[\s@._+-]+/)])
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v.length >= 3);
  const result = estimatorOf().check(password, inputs);
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
export function assertStrongPassword(password: string, personal: string[] = []): void {
  const verdict = judgePassword(password, personal);
  if (!verdict.ok) throw new InvalidInputError(`This password is too easy to guess. ${verdict.reasons.join(' ')}`);
}
