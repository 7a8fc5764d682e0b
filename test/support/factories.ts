// Small factories: each test makes its own practice and users through the real services.
import { randomBytes } from 'node:crypto';
import { AuthService, PracticesService, Role, UsersService } from '@app/practices';
import { TestApp } from './test-app';

export const PASSWORD = 'correct-horse-battery';

export interface TestUser {
  id: string;
  practiceId: string;
  email: string;
  token: string;
}

export interface TestPractice {
  practiceId: string;
  admin: TestUser;
  user(roles: Role[]): Promise<TestUser>;
}

const uniqueEmail = (label: string) => `${label}-${randomBytes(4).toString('hex')}@example.test`;

export async function createPractice(
  t: TestApp,
  name = 'Bright Smiles Dental',
  timezone = 'America/Chicago',
): Promise<TestPractice> {
  const practices = t.app.get(PracticesService);
  const auth = t.app.get(AuthService);
  const users = t.app.get(UsersService);
  const { practice, admin } = await practices.createWithAdmin(
    { name, timezone },
    { name: 'Admin', email: uniqueEmail('admin'), password: PASSWORD, roles: ['admin'] },
  );
  const login = async (email: string) => (await auth.login(email, PASSWORD, '127.0.0.1')).accessToken;
  const adminUser: TestUser = {
    id: admin.id,
    practiceId: practice.id,
    email: admin.email,
    token: await login(admin.email),
  };
  return {
    practiceId: practice.id,
    admin: adminUser,
    async user(roles: Role[]) {
      const email = uniqueEmail(roles.join('-'));
      const { user } = await users.invite(practice.id, null, {
        name: roles.join(' '),
        email,
        roles,
        password: PASSWORD,
      });
      return { id: user.id, practiceId: practice.id, email, token: await login(email) };
    },
  };
}

export const bearer = (user: TestUser) => ({ Authorization: `Bearer ${user.token}` });

/** A connected social account row (the accounts API adds OAuth and token entry on top of this). */
export async function createAccount(
  t: TestApp,
  practiceId: string,
  network: 'facebook' | 'linkedin' | 'x',
  name = `${network} page`,
) {
  const { SocialAccount } = await import('@app/accounts');
  const repo = t.resources.dataSource.getRepository(SocialAccount);
  return repo.save(
    repo.create({
      practiceId,
      network,
      externalId: randomBytes(6).toString('hex'),
      name,
      handle: null,
      status: 'connected',
      evergreenFill: false,
      cadence: null,
    }),
  );
}

/**
 * A short suffix that keeps test posts distinct. Hex alone is not safe: an all-letter run such as "acab"
 * reads as a name to the PHI checker, which then wants a justification; the digit at the end prevents that.
 */
export function uniqueTag(): string {
  return `r${randomBytes(3).toString('hex')}7`;
}
