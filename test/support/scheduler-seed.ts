// Bulk seeding for scheduler load and fault runs: practices, connected accounts with sealed tokens, and
// approved, scheduled posts whose targets carry the approvedHash preflight expects, written with
// multi-row INSERTs (PostgreSQL or SQLite) instead of thousands of API calls. Jobs are then added through
// PublishQueue.ensureJob, exactly as approving a post does.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { SocialAccount, TokenVault } from '@app/accounts';
import { AuditHead, GENESIS_HASH } from '@app/audit';
import { MediaStore, Post, type PostMedia, PostTarget, renderPost } from '@app/posts';
import { emptyProfile, Practice } from '@app/practices';
import type { PublishQueue } from '@app/scheduler';
import type { FleetIdentity, FleetNetwork, FleetToken } from './fake-fleet';

export interface BatchPlan {
  /** The accounts, in groups of up to three (one per network) as fleetIdentities() lists them. */
  identities: FleetIdentity[];
  /** One token per identity (same order). */
  tokens: FleetToken[];
  /** Groups are spread over this many practices (1: every account belongs to one practice). */
  practices: number;
  /** Posts per group; each post targets every account of its group. */
  postsPerGroup: number;
  dueAt: Date;
  /** Lower-case letters/digits; starts every marker, so batches never share a text. */
  label: string;
  /** The SECRET_KEY the workers use (tokens are sealed with it, bound to the account id). */
  secretKey: string;
  timezone?: string;
  /** Every post carries this uploaded image (stored in each practice's media under the workers' DATA_DIR). */
  image?: { dataDir: string; bytes: Buffer; altText: string };
  /** Or this public image URL (Instagram and Google Business fetch it themselves). */
  imageUrl?: string;
}

export interface SeededAccount {
  id: string;
  practiceId: string;
  network: FleetNetwork;
  externalId: string;
  accessToken: string;
}

export interface SeededTarget {
  id: string;
  postId: string;
  practiceId: string;
  accountId: string;
  network: FleetNetwork;
  /** The account's id on the network. */
  externalId: string;
  /** Unique per post: `ref <marker>` is in the text, so a post on a fake can be traced back. */
  marker: string;
  dueAt: Date;
  nextAttemptAt: Date | null;
}

export interface SeededBatch {
  practiceIds: string[];
  accounts: SeededAccount[];
  targets: SeededTarget[];
}

const CHUNK = 200;

/** The words around the marker: plain text every network keeps as sent (no links, no reserved characters). */
export function batchText(label: string, n: number, marker: string): string {
  return `${label} post ${n}: flu shots are in this week and walk-ins are welcome until six. Book a visit online. ref ${marker}`;
}

/** The marker in a post's text as a network returns it, or undefined. */
export function markerOf(text: string): string | undefined {
  return / ref ([a-z0-9]+)\s*$/.exec(text)?.[1];
}

export async function seedBatch(ds: DataSource, plan: BatchPlan): Promise<SeededBatch> {
  if (!/^[a-z0-9]+$/.test(plan.label))
    throw new Error(`batch label ${plan.label} must be lower-case letters and digits`);
  const vault = new TokenVault(plan.secretKey);
  const zone = plan.timezone ?? 'America/Chicago';
  // A group is one account per network, as fleetIdentities() lists them.
  const size = new Set(plan.identities.map((i) => i.network)).size;
  const groups = Math.ceil(plan.identities.length / size);
  const practices: Practice[] = Array.from({ length: Math.max(1, Math.min(plan.practices, groups)) }, (_, i) =>
    Object.assign(new Practice(), {
      id: randomUUID(),
      name: `Load Test Dental ${plan.label} ${i}`,
      timezone: zone,
      profile: emptyProfile(),
    }),
  );
  await insertChunks(ds, Practice, practices);
  const media = new Map<string, PostMedia[]>();
  if (plan.imageUrl)
    for (const practice of practices) media.set(practice.id, [{ url: plan.imageUrl, altText: 'Our front desk' }]);
  if (plan.image) {
    const store = new MediaStore(plan.image.dataDir);
    for (const practice of practices) {
      const saved = await store.save(practice.id, plan.image.bytes);
      // As a submission stores it: the copy's id and hash, which the approved hash covers.
      media.set(practice.id, [
        {
          url: `/api/media/${saved.id}`,
          altText: plan.image.altText,
          mimeType: saved.mimeType,
          storedId: saved.id,
          sha256: saved.sha256,
        },
      ]);
    }
  }
  // A real practice's chain starts when it is created; without a head, the first appends of a practice race to insert it.
  await insertChunks(
    ds,
    AuditHead,
    practices.map((p) => Object.assign(new AuditHead(), { practiceId: p.id, seq: 0, lastHash: GENESIS_HASH })),
  );

  const accounts: SeededAccount[] = [];
  const accountRows: SocialAccount[] = plan.identities.map((identity, i) => {
    const practice = practices[Math.floor(i / size) % practices.length];
    const id = randomUUID();
    const token = plan.tokens[i];
    accounts.push({
      id,
      practiceId: practice.id,
      network: identity.network,
      externalId: identity.externalId,
      accessToken: token.accessToken,
    });
    return Object.assign(new SocialAccount(), {
      id,
      practiceId: practice.id,
      network: identity.network,
      externalId: identity.externalId,
      name: identity.name,
      handle: null,
      status: 'connected',
      accessTokenEnc: vault.seal(token.accessToken, id),
      refreshTokenEnc: token.refreshToken ? vault.seal(token.refreshToken, id) : null,
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
      lastPublishedAt: null,
      lastError: null,
      lastErrorAt: null,
      cadence: null,
      evergreenFill: false,
    });
  });
  await insertChunks(ds, SocialAccount, accountRows);

  const posts: Post[] = [];
  const targetRows: PostTarget[] = [];
  const targets: SeededTarget[] = [];
  const scheduledLocal = localWallTime(plan.dueAt, zone);
  let n = 0;
  for (let g = 0; g < groups; g++) {
    const group = accounts.slice(g * size, g * size + size);
    const practice = practices.find((p) => p.id === group[0].practiceId)!;
    for (let k = 0; k < plan.postsPerGroup; k++) {
      n++;
      const marker = `${plan.label}${n.toString(36)}`;
      const authorId = randomUUID();
      const post = Object.assign(new Post(), {
        id: randomUUID(),
        practiceId: practice.id,
        status: 'scheduled',
        baseText: batchText(plan.label, n, marker),
        variants: {},
        media: media.get(practice.id) ?? [],
        templateVars: {},
        templateKey: null,
        scheduledAt: plan.dueAt,
        scheduledLocal,
        timezone: zone,
        campaign: null,
        tags: ['load-test'],
        version: 1,
        authorId,
        contributorIds: [authorId],
        findings: [],
        verdict: 'pass',
        submittedAt: plan.dueAt,
        markNote: null,
        origin: 'person',
        deletedAt: null,
      } satisfies Partial<Post>);
      posts.push(post);
      // The hash an approval records: what preflight re-renders and compares right before publishing.
      const rendered = renderPost(
        post,
        group.map((a) => ({ accountId: a.id, network: a.network })),
        practice,
      );
      if (rendered.problems.length)
        throw new Error(`seed text does not render: ${rendered.problems.map((p) => p.message).join('; ')}`);
      for (const account of group) {
        const id = randomUUID();
        const approvedHash = rendered.targets.find((t) => t.accountId === account.id)!.hash;
        targetRows.push(
          Object.assign(new PostTarget(), {
            id,
            practiceId: practice.id,
            postId: post.id,
            accountId: account.id,
            network: account.network,
            status: 'scheduled',
            dueAt: plan.dueAt,
            approvedHash,
            externalId: null,
            url: null,
            publishedAt: null,
            attempts: 0,
            lastErrorKind: null,
            lastError: null,
            nextAttemptAt: null,
            claimedBy: null,
            leaseUntil: null,
          } satisfies Partial<PostTarget>),
        );
        targets.push({
          id,
          postId: post.id,
          practiceId: practice.id,
          accountId: account.id,
          network: account.network,
          externalId: account.externalId,
          marker,
          dueAt: plan.dueAt,
          nextAttemptAt: null,
        });
      }
    }
  }
  await insertChunks(ds, Post, posts);
  await insertChunks(ds, PostTarget, targetRows);
  return { practiceIds: practices.map((p) => p.id), accounts, targets };
}

/** Adds every target's delayed job the way approving a post does, `parallel` at a time. */
export async function enqueueTargets(queue: PublishQueue, targets: SeededTarget[], parallel = 64): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < targets.length) {
      const target = targets[next++];
      await queue.ensureJob({
        id: target.id,
        accountId: target.accountId,
        dueAt: target.dueAt,
        nextAttemptAt: target.nextAttemptAt,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, targets.length) }, lane));
}

async function insertChunks<T extends object>(ds: DataSource, entity: new () => T, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // Rows are complete entities; TypeORM's deep-partial insert type is stricter than that.
    await ds.getRepository(entity).insert(rows.slice(i, i + CHUNK) as QueryDeepPartialEntity<T>[]);
  }
}

function localWallTime(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}
