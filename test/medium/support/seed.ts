// Small factories for the medium tier: each test makes its own practice through the real services, and the
// rows a scenario starts from (an account, a scheduled post) straight in the tables.
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SocialAccount } from '@app/accounts';
import { AuditLog } from '@app/audit';
import { Clock } from '@app/core';
import { Post, PostTarget } from '@app/posts';
import { Practice, PracticesService, User, UsersService } from '@app/practices';
import type { Network } from '@app/publishing';

export async function newPractice(
  dataSource: DataSource,
  clock: Clock,
  name = 'Lakeside Family Medicine',
): Promise<{ practice: Practice; admin: User }> {
  const audit = new AuditLog(dataSource, clock);
  const practices = new PracticesService(dataSource, audit, new UsersService(dataSource, audit, clock));
  return practices.createWithAdmin(
    { name, timezone: 'America/New_York' },
    {
      name: 'Pat Morgan',
      email: `pat-${randomBytes(4).toString('hex')}@example.test`,
      password: 'correct-horse-battery',
      roles: ['admin'],
    },
  );
}

export async function newAccount(
  dataSource: DataSource,
  practiceId: string,
  network: Network = 'facebook',
): Promise<SocialAccount> {
  const repo = dataSource.getRepository(SocialAccount);
  return repo.save(
    repo.create({
      practiceId,
      network,
      externalId: randomBytes(6).toString('hex'),
      name: `${network} page`,
      status: 'connected',
      evergreenFill: false,
    }),
  );
}

/** A scheduled post with one target due at `dueAt` on the account. */
export async function scheduledTarget(
  dataSource: DataSource,
  practice: Practice,
  authorId: string,
  account: SocialAccount,
  dueAt: Date,
): Promise<PostTarget> {
  const post = await dataSource.getRepository(Post).save(
    dataSource.getRepository(Post).create({
      practiceId: practice.id,
      status: 'scheduled',
      baseText: 'Open Saturday 9-12.',
      variants: {},
      media: [],
      templateVars: {},
      templateKey: null,
      scheduledAt: dueAt,
      scheduledLocal: '2026-12-01T10:00',
      timezone: practice.timezone,
      campaign: null,
      tags: [],
      version: 1,
      authorId,
      contributorIds: [authorId],
      findings: [],
      verdict: 'pass',
      submittedAt: dueAt,
      markNote: null,
      origin: 'person',
    }),
  );
  const targets = dataSource.getRepository(PostTarget);
  return targets.save(
    targets.create({
      practiceId: practice.id,
      postId: post.id,
      accountId: account.id,
      network: account.network,
      status: 'scheduled',
      dueAt,
      attempts: 0,
      approvedHash: null,
    }),
  );
}
