// `npm run -s practice:create -- --name ... --timezone ... --admin-email ...`: the operator's way to add a practice
// (first-run setup makes only the first). The new admin gets a one-time invitation link and chooses a password.
import { IANAZone } from 'luxon';

export interface PracticeCreateArgs {
  name: string;
  timezone: string;
  adminEmail: string;
  adminName: string;
}

export const PRACTICE_CREATE_USAGE =
  'Usage: npm run -s practice:create -- --name "Bright Smiles Dental" --timezone America/Chicago --admin-email pat@example.com [--admin-name "Pat Morgan"]';

const FLAGS = {
  '--name': 'name',
  '--timezone': 'timezone',
  '--admin-email': 'adminEmail',
  '--admin-name': 'adminName',
};

/** Reads the flags (`--flag value` or `--flag=value`); a missing or unknown flag is an error that says which. */
export function parsePracticeCreateArgs(argv: readonly string[]): PracticeCreateArgs {
  const values: Partial<Record<keyof PracticeCreateArgs, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const key = FLAGS[flag as keyof typeof FLAGS] as keyof PracticeCreateArgs | undefined;
    if (!key) throw new Error(`Unknown argument "${argv[i]}". ${PRACTICE_CREATE_USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--'))
      throw new Error(`${flag} needs a value. ${PRACTICE_CREATE_USAGE}`);
    values[key] = value.trim();
  }
  const missing = (['name', 'timezone', 'adminEmail'] as const).filter((k) => !values[k]);
  if (missing.length)
    throw new Error(
      `Missing ${missing.map((k) => Object.keys(FLAGS).find((f) => FLAGS[f as keyof typeof FLAGS] === k)).join(', ')}. ${PRACTICE_CREATE_USAGE}`,
    );
  if (!IANAZone.isValidZone(values.timezone!))
    throw new Error(`--timezone "${values.timezone}" is not an IANA time zone (for example America/New_York)`);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.adminEmail!))
    throw new Error(`--admin-email "${values.adminEmail}" is not an e-mail address`);
  return {
    name: values.name!,
    timezone: values.timezone!,
    adminEmail: values.adminEmail!,
    // The admin can change their name in Settings; until then, the part of the address before the @.
    adminName: values.adminName || values.adminEmail!.split('@')[0],
  };
}
