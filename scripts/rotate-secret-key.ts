// Re-encrypts every stored social-account token from OLD_SECRET_KEY to NEW_SECRET_KEY, in one transaction.
// Usage (API and workers stopped): OLD_SECRET_KEY=... NEW_SECRET_KEY=... npm run tokens:rotate-key
// DATABASE_URL / DATABASE_SCHEMA / DATA_DIR are read as the app reads them. Prints counts, never a token.
import 'reflect-metadata';
import { KeyRotationRefused, rotateTokenKey } from '@app/accounts';
import { ConfigError, describeTarget, loadConfig, openDatabase, StartupError } from '@app/core';
import { ALL_ENTITIES } from '@app/schema';

async function main(): Promise<number> {
  const oldKey = process.env.OLD_SECRET_KEY?.trim();
  const newKey = process.env.NEW_SECRET_KEY?.trim();
  if (!oldKey || !newKey) {
    process.stderr.write(
      'Set OLD_SECRET_KEY (the key the tokens were stored with) and NEW_SECRET_KEY (at least 32 characters, e.g. openssl rand -base64 48).\n',
    );
    return 2;
  }
  // SECRET_KEY is set so loadConfig validates the new key and never generates DATA_DIR/secret.key.
  const config = loadConfig({ ...process.env, SECRET_KEY: newKey });
  const dataSource = await openDatabase(config, ALL_ENTITIES, { migrate: false });
  try {
    const pending = await dataSource.showMigrations();
    if (pending) {
      process.stderr.write(
        'The database schema is not up to date: start the app once (it migrates), stop it, then rotate.\n',
      );
      return 1;
    }
    const report = await rotateTokenKey(dataSource, oldKey, newKey);
    process.stdout.write(
      `Re-encrypted ${report.tokens} token(s) of ${report.accounts} social account(s) in ${describeTarget(config.DATABASE_URL)}.\n`,
    );
    process.stdout.write(
      'Now set SECRET_KEY to the new key for the API and every worker (or write it to DATA_DIR/secret.key), then start them. Everyone signs in again.\n',
    );
    return 0;
  } catch (error) {
    if (!(error instanceof KeyRotationRefused)) throw error;
    process.stderr.write(`${error.message}.\n`);
    for (const { accountId, field } of error.unreadable) process.stderr.write(`  account ${accountId}: ${field}\n`);
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof StartupError || error instanceof Error
        ? error.message
        : String(error);
    process.stderr.write(`Key rotation failed, nothing was changed: ${message}\n`);
    process.exit(1);
  },
);
