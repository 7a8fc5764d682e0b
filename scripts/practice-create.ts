// Adds a practice to this installation, with its first admin invited by a one-time link (first-run setup makes
// only the first practice). Usage: npm run -s practice:create -- --name ... --timezone ... --admin-email ...
// DATABASE_URL / DATABASE_SCHEMA / DATA_DIR / PUBLIC_URL are read as the app reads them.
import 'reflect-metadata';
import { AuditLog } from '@app/audit';
import { ConfigError, describeTarget, loadConfig, openDatabase, StartupError, SystemClock } from '@app/core';
import { parsePracticeCreateArgs, PracticesService, UsersService } from '@app/practices';
import { ALL_ENTITIES } from '@app/schema';

async function main(): Promise<number> {
  let args;
  try {
    args = parsePracticeCreateArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  const dataSource = await openDatabase(config, ALL_ENTITIES, { migrate: false });
  try {
    if (await dataSource.showMigrations()) {
      process.stderr.write('The database schema is not up to date: start the app once (it migrates), then run this.\n');
      return 1;
    }
    const clock = new SystemClock();
    const audit = new AuditLog(dataSource, clock);
    const practices = new PracticesService(dataSource, audit, new UsersService(dataSource, audit, clock));
    const { practice, admin, inviteToken } = await practices.createWithAdmin(
      { name: args.name, timezone: args.timezone },
      { name: args.adminName, email: args.adminEmail, roles: ['admin'] },
    );
    const link = `${config.PUBLIC_URL.replace(/\/$/, '')}/invite/${inviteToken}`;
    // Someone who already runs another practice here (an agency, a group) joins with the password they have.
    const how = admin.passwordHash
      ? 'already has an account here: they accept in the app (the practice menu) or through this link with their password'
      : 'lets them choose a password';
    process.stdout.write(
      `Created ${practice.name} (${practice.timezone}) in ${describeTarget(config.DATABASE_URL)}, practice id ${practice.id}.\n` +
        `Send this one-time invitation link to ${admin.email}; it works once, for 7 days, and ${how}:\n` +
        `${link}\n`,
    );
    return 0;
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
    process.stderr.write(`The practice was not created: ${message}\n`);
    process.exit(1);
  },
);
