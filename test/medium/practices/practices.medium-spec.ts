// Practices on a real database: a new practice comes with its admin and its first audit entry in one
// transaction; a bad time zone creates nothing; one practice's id never reads another's data.
import { AuditLog } from '@app/audit';
import { FixedClock, InvalidInputError, NotFoundError } from '@app/core';
import { Practice, PracticesService, UsersService } from '@app/practices';
import { openMediumDb, MediumDb } from '../support/medium-db';

describe('PracticesService (medium)', () => {
  let db: MediumDb;
  const clock = new FixedClock(new Date('2026-12-01T15:00:00Z'));
  let practices: PracticesService;
  let users: UsersService;
  let audit: AuditLog;

  beforeAll(async () => {
    db = await openMediumDb();
    audit = new AuditLog(db.dataSource, clock);
    users = new UsersService(db.dataSource, audit, clock);
    practices = new PracticesService(db.dataSource, audit, users);
  });
  afterAll(() => db?.close());

  const admin = (email: string) => ({ name: 'Pat Morgan', email, password: 'correct-horse-battery', roles: [] as [] });

  it('creates the practice, its admin and the practice.created entry together', async () => {
    const { practice, membership } = await practices.createWithAdmin(
      { name: '  Bright Smiles Dental ', timezone: 'America/Chicago' },
      admin('pat-1@example.test'),
    );
    expect(practice.name).toBe('Bright Smiles Dental');
    expect(membership.roles).toContain('admin');
    expect((await users.list(practice.id)).map((m) => m.user.email)).toEqual(['pat-1@example.test']);
    const { items } = await audit.list(practice.id, { page: 1, pageSize: 10 });
    expect(items.map((e) => e.action).sort()).toEqual(['practice.created', 'user.created']);
  });

  it('refuses an unknown time zone and creates nothing', async () => {
    const before = await db.dataSource.getRepository(Practice).count();
    await expect(
      practices.createWithAdmin({ name: 'Nowhere Clinic', timezone: 'Mars/Olympus' }, admin('pat-2@example.test')),
    ).rejects.toThrow(InvalidInputError);
    expect(await db.dataSource.getRepository(Practice).count()).toBe(before);
  });

  it('finds a practice by its own id only', async () => {
    const { practice } = await practices.createWithAdmin(
      { name: 'Lakeside', timezone: 'America/New_York' },
      admin('pat-3@example.test'),
    );
    expect((await practices.get(practice.id)).id).toBe(practice.id);
    await expect(practices.get('00000000-0000-4000-8000-000000000000')).rejects.toThrow(NotFoundError);
  });
});
