// The Memberships migration moves every existing user's practice, roles, active flag, pending invitation, pending
// reset link and calendar feed without loss, and its down migration puts them back. On PostgreSQL and SQLite.
// It starts from main's schema as installations have it: every other migration applied, InboxReplies included,
// whose timestamp is later than Memberships' (so Memberships runs last there, while an empty database runs it
// between AlertChannelsAccountPictures and InboxReplies; every medium and e2e suite starts from that path).
import { DataSource, DataSourceOptions } from 'typeorm';
import { Membership, User } from '@app/practices';
import { MediumDb, openMediumDb } from '../support/medium-db';

const PRACTICE = '11111111-1111-4111-8111-111111111111';
const ADMIN = '22222222-2222-4222-8222-222222222222';
const INVITED = '33333333-3333-4333-8333-333333333333';
const LEFT = '44444444-4444-4444-8444-444444444444';

describe('Memberships migration', () => {
  let db: MediumDb;
  let ds: DataSource;
  beforeAll(async () => {
    db = await openMediumDb();
    ds = db.dataSource;
  });
  afterAll(() => db?.close());

  const pg = () => db.kind === 'postgres';
  const params = (n: number) => Array.from({ length: n }, (_, i) => (pg() ? `$${i + 1}` : '?')).join(', ');
  const at = (iso: string) => (pg() ? `${iso}+00` : iso);
  const bool = (b: boolean) => (pg() ? b : b ? 1 : 0);

  async function insertLegacyUser(row: {
    id: string;
    email: string;
    passwordHash: string | null;
    roles: string[];
    active: boolean;
    inviteTokenHash: string | null;
    feed: string | null;
  }): Promise<void> {
    await ds.query(
      `INSERT INTO "users" ("id", "createdAt", "updatedAt", "practiceId", "email", "name", "passwordHash", "roles", "active", "inviteTokenHash", "inviteExpiresAt", "lastLoginAt", "sessionVersion", "calendarFeedTokenHash") VALUES (${params(14)})`,
      [
        row.id,
        at('2026-01-02 03:04:05.000'),
        at('2026-01-02 03:04:05.000'),
        PRACTICE,
        row.email,
        `Name of ${row.email}`,
        row.passwordHash,
        JSON.stringify(row.roles),
        bool(row.active),
        row.inviteTokenHash,
        row.inviteTokenHash ? at('2099-01-01 00:00:00.000') : null,
        row.passwordHash ? at('2026-02-03 04:05:06.000') : null,
        7,
        row.feed,
      ],
    );
  }

  const isMemberships = (m: unknown) => typeof m === 'function' && m.name.startsWith('Memberships');
  const executed = async () =>
    ((await ds.query('SELECT "name" FROM "migrations" ORDER BY "id"')) as Array<{ name: string }>).map((r) => r.name);

  /**
   * Back to the schema before memberships: undo migrations down to and including Memberships (whatever came after
   * it), then apply every other migration, as an installation upgraded from before memberships has them.
   */
  async function toMainSchema(): Promise<void> {
    expect((await executed()).some((n) => n.startsWith('Memberships'))).toBe(true);
    while ((await executed()).some((n) => n.startsWith('Memberships'))) await ds.undoLastMigration();
    const mainMigrations = (ds.options.migrations as unknown[]).filter((m) => !isMemberships(m));
    const main = new DataSource({ ...ds.options, migrations: mainMigrations } as DataSourceOptions);
    await main.initialize();
    try {
      await main.runMigrations({ transaction: 'each' });
    } finally {
      await main.destroy();
    }
    const names = await executed();
    expect(names.some((n) => n.startsWith('Memberships'))).toBe(false);
    expect(names.some((n) => n.startsWith('InboxReplies'))).toBe(true);
  }

  it('moves each user of the schema main has into one membership, and back', async () => {
    await toMainSchema();
    expect(await ds.showMigrations()).toBe(true);
    await ds.query(`INSERT INTO "practices" ("id", "name", "timezone", "profile") VALUES (${params(4)})`, [
      PRACTICE,
      'Legacy Dental',
      'America/Chicago',
      JSON.stringify({ addresses: [], phones: [], faxes: [], emails: [], staff: [], handles: [] }),
    ]);
    // main's inbox settings name trusted repliers by user id: the ids stay the people's ids.
    await ds.query(
      `INSERT INTO "inbox_settings" ("id", "practiceId", "responseMinutes", "trustedReplierIds") VALUES (${params(4)})`,
      ['55555555-5555-4555-8555-555555555555', PRACTICE, 60, JSON.stringify([ADMIN])],
    );
    await insertLegacyUser({
      id: ADMIN,
      email: 'admin@legacy.test',
      passwordHash: 'scrypt$admin',
      roles: ['admin', 'reviewer'],
      active: true,
      inviteTokenHash: null,
      feed: 'f'.repeat(64),
    });
    await insertLegacyUser({
      id: INVITED,
      email: 'invited@legacy.test',
      passwordHash: null,
      roles: ['author'],
      active: true,
      inviteTokenHash: 'a'.repeat(64),
      feed: null,
    });
    await insertLegacyUser({
      id: LEFT,
      email: 'left@legacy.test',
      passwordHash: 'scrypt$left',
      roles: ['author'],
      active: false,
      inviteTokenHash: 'b'.repeat(64),
      feed: null,
    });

    await ds.runMigrations();
    expect((await executed()).at(-1)).toMatch(/^Memberships/);
    const memberships = await ds.getRepository(Membership).find({ order: { id: 'ASC' } });
    expect(memberships.map((m) => [m.id, m.userId, m.practiceId, m.roles, m.active])).toEqual([
      [ADMIN, ADMIN, PRACTICE, ['admin', 'reviewer'], true],
      [INVITED, INVITED, PRACTICE, ['author'], true],
      [LEFT, LEFT, PRACTICE, ['author'], false],
    ]);
    const [admin, invited, left] = memberships;
    expect(admin.acceptedAt).not.toBeNull();
    expect(admin.calendarFeedTokenHash).toBe('f'.repeat(64));
    expect(admin.lastUsedAt?.toISOString()).toBe('2026-02-03T04:05:06.000Z');
    // A pending invitation stays usable, with the name the admin typed.
    expect(invited).toMatchObject({
      acceptedAt: null,
      inviteTokenHash: 'a'.repeat(64),
      invitedName: 'Name of invited@legacy.test',
    });
    expect(invited.inviteExpiresAt?.toISOString()).toBe('2099-01-01T00:00:00.000Z');
    // A pending reset link of someone who had a password stays on the person.
    expect(left.inviteTokenHash).toBeNull();
    const users = await ds.getRepository(User).find({ order: { id: 'ASC' } });
    expect(users.map((u) => [u.email, u.passwordHash, u.sessionVersion, u.resetTokenHash])).toEqual([
      ['admin@legacy.test', 'scrypt$admin', 7, null],
      ['invited@legacy.test', null, 7, null],
      ['left@legacy.test', 'scrypt$left', 7, 'b'.repeat(64)],
    ]);
    const [settings] = (await ds.query('SELECT "trustedReplierIds" FROM "inbox_settings"')) as Array<{
      trustedReplierIds: unknown;
    }>;
    const ids = settings.trustedReplierIds;
    expect(typeof ids === 'string' ? JSON.parse(ids) : ids).toEqual([ADMIN]);

    await ds.undoLastMigration();
    const back = (await ds.query(
      `SELECT "id", "practiceId", "roles", "active", "inviteTokenHash", "calendarFeedTokenHash" FROM "users" ORDER BY "id"`,
    )) as Array<Record<string, unknown>>;
    const roles = (r: unknown) => (typeof r === 'string' ? JSON.parse(r) : r);
    expect(
      back.map((r) => [
        r.id,
        r.practiceId,
        roles(r.roles),
        Boolean(r.active),
        r.inviteTokenHash,
        r.calendarFeedTokenHash,
      ]),
    ).toEqual([
      [ADMIN, PRACTICE, ['admin', 'reviewer'], true, null, 'f'.repeat(64)],
      [INVITED, PRACTICE, ['author'], true, 'a'.repeat(64), null],
      [LEFT, PRACTICE, ['author'], false, 'b'.repeat(64), null],
    ]);
    await ds.runMigrations();
    expect(await ds.showMigrations()).toBe(false);
  });
});
