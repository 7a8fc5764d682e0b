// Many social accounts on the network fakes: one Facebook Page, one LinkedIn organization and one X user
// per "group" (what one practice connects), or an Instagram account and a Google Business location per group,
// with the fakes' natural rate limits optionally raised out of the way for load runs. Used by the scheduler
// bench, the fault suite and the faults e2e spec.
import type { StartFakesOptions } from '../fakes';
import { FACEBOOK_DEFAULT_USER } from '../fakes/facebook/facebook-fake';
import { GOOGLE_DEFAULT_USER } from '../fakes/google/google-fake';
import { LINKEDIN_DEFAULT_MEMBER } from '../fakes/linkedin/linkedin-fake';

export type FleetNetwork = 'facebook' | 'linkedin' | 'x' | 'instagram' | 'google_business';
export const FLEET_NETWORKS: readonly FleetNetwork[] = ['facebook', 'linkedin', 'x'];
/** Instagram and Google Business groups: both fetch the image from a public URL, so their posts carry one. */
export const IMAGE_URL_NETWORKS: readonly FleetNetwork[] = ['instagram', 'google_business'];
/** The Google Business account every fleet location belongs to. */
const GOOGLE_ACCOUNT = 'accounts/108000000000000000777';

export interface FleetIdentity {
  network: FleetNetwork;
  /** Page id, organization id, X user id, IG user id or Google location: what the account row stores as externalId. */
  externalId: string;
  name: string;
  /** Instagram: the Facebook Page it is linked to (its token publishes for it). */
  pageId?: string;
}

const pad = (n: number) => String(n).padStart(6, '0');

/** The identities of `accounts` accounts, networks in turn (facebook, linkedin, x, facebook, …). */
export function fleetIdentities(accounts: number, networks: readonly FleetNetwork[] = FLEET_NETWORKS): FleetIdentity[] {
  return Array.from({ length: accounts }, (_, i) => {
    const network = networks[i % networks.length];
    const group = Math.floor(i / networks.length);
    switch (network) {
      case 'facebook':
        return { network, externalId: `300000${pad(group)}`, name: `Clinic ${group} Page` };
      case 'linkedin':
        return { network, externalId: `71${pad(group)}`, name: `Clinic ${group} Group` };
      case 'x':
        return { network, externalId: `1650000000${pad(group)}`, name: `clinic${group}` };
      case 'instagram':
        return {
          network,
          externalId: `178414${pad(group)}`,
          name: `clinic${group}studio`,
          pageId: `310000${pad(group)}`,
        };
      case 'google_business':
        return {
          network,
          externalId: `${GOOGLE_ACCOUNT}/locations/41${pad(group)}`,
          name: `Clinic ${group} – Main St`,
        };
    }
  });
}

/** Limits high enough that a load run never meets them (the fakes' defaults model real plans). */
const UNLIMITED = 10_000_000;

/** A realistic network's answer time: log-normal with this median and 99th percentile. */
export interface FleetLatency {
  medianMs: number;
  p99Ms: number;
  /**
   * The same answer times, in the same order, on every run with this seed: a burst's drain ends with its slowest
   * answers, and unseeded, the luck of the tail (the slowest of 3,000 ranges over seconds) moved it more than any
   * change under test. Unset: Math.random.
   */
  seed?: number;
}

/** Samples a log-normal latency (Box-Muller): exp(ln(median) + sigma z), sigma from the p99 (z = 2.326). */
export function logNormalLatency({ medianMs, p99Ms, seed }: FleetLatency): () => number {
  const mu = Math.log(medianMs);
  const sigma = Math.log(p99Ms / medianMs) / 2.326;
  const random = seed === undefined ? Math.random : mulberry32(seed);
  return () => {
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.exp(mu + sigma * z);
  };
}

/** A small seeded generator of uniform numbers in [0, 1) (mulberry32). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** startFakes options that know every identity; `unlimited` raises the per-account/per-user limits. */
export function fleetFakeOptions(
  identities: FleetIdentity[],
  { unlimited, latency }: { unlimited: boolean; latency?: FleetLatency },
): Pick<StartFakesOptions, 'facebook' | 'linkedin' | 'x' | 'google'> {
  const of = (network: FleetNetwork) => identities.filter((i) => i.network === network);
  const fbUser = FACEBOOK_DEFAULT_USER.id;
  const latencyMs = latency ? logNormalLatency(latency) : undefined;
  const page = (id: string, name: string) => ({
    id,
    name,
    category: 'Dentist & Dental Office',
    roles: { [fbUser]: ['CREATE_CONTENT', 'MODERATE', 'MANAGE'] },
  });
  return {
    facebook: {
      latencyMs,
      pages: [
        ...of('facebook').map((i) => page(i.externalId, i.name)),
        ...of('instagram').map((i) => page(i.pageId!, `${i.name} Page`)),
      ],
      instagram: {
        accounts: of('instagram').map((i) => ({ id: i.externalId, username: i.name, name: i.name, pageId: i.pageId! })),
        ...(unlimited ? { publishesPerDay: UNLIMITED } : {}),
      },
      ...(unlimited ? { instagramPublishesPerHour: UNLIMITED } : {}),
      ...(unlimited ? { pagePostsPerHour: UNLIMITED } : {}),
    },
    linkedin: {
      latencyMs,
      organizations: of('linkedin').map((i) => ({
        id: i.externalId,
        localizedName: i.name,
        vanityName: i.name.toLowerCase().replace(/\s+/g, '-'),
        admins: [LINKEDIN_DEFAULT_MEMBER.id],
      })),
      ...(unlimited ? { dailyPostLimit: UNLIMITED } : {}),
    },
    x: {
      latencyMs,
      users: of('x').map((i) => ({ id: i.externalId, name: i.name, username: i.name })),
      ...(unlimited
        ? {
            userDailyPostLimit: UNLIMITED,
            rateLimits: {
              'POST /2/tweets': { limit: UNLIMITED, windowSeconds: 900 },
              'GET /2/users/:id/tweets': { limit: UNLIMITED, windowSeconds: 900 },
            },
          }
        : {}),
    },
    google: {
      latencyMs,
      accounts: [
        {
          id: GOOGLE_ACCOUNT,
          accountName: 'Fleet Dental Group',
          managers: [GOOGLE_DEFAULT_USER],
          locations: of('google_business').map((i) => ({
            id: i.externalId.slice(GOOGLE_ACCOUNT.length + 1),
            title: i.name,
            addressLines: ['1 Main St'],
            locality: 'Springfield',
          })),
        },
      ],
    },
  };
}

export interface FleetToken {
  accessToken: string;
  refreshToken?: string;
}

/** What issues tokens: the fakes themselves (in this process) or their control API (another process). */
export interface FleetTokenIssuer {
  facebook: { issueTestToken(options: Record<string, unknown>): { accessToken: string } };
  linkedin: { issueTestToken(options: Record<string, unknown>): { accessToken: string; refreshToken?: string } };
  x: { issueTestToken(options: Record<string, unknown>): { accessToken: string; refreshToken?: string } };
  google: { issueTestToken(options: Record<string, unknown>): { accessToken: string; refreshToken?: string } };
}

/** One fresh token per account, as if each had been connected by a person. */
export function issueFleetToken(fakes: FleetTokenIssuer, identity: FleetIdentity): FleetToken {
  switch (identity.network) {
    case 'facebook':
      return { accessToken: fakes.facebook.issueTestToken({ kind: 'page', pageId: identity.externalId }).accessToken };
    case 'linkedin': {
      const token = fakes.linkedin.issueTestToken({});
      return { accessToken: token.accessToken, refreshToken: token.refreshToken };
    }
    case 'x': {
      const token = fakes.x.issueTestToken({ userId: identity.externalId });
      return { accessToken: token.accessToken, refreshToken: token.refreshToken };
    }
    case 'instagram':
      // Instagram publishes with the linked Page's token (as connecting it through the Facebook login stores).
      return { accessToken: fakes.facebook.issueTestToken({ kind: 'page', pageId: identity.pageId }).accessToken };
    case 'google_business': {
      const token = fakes.google.issueTestToken({});
      return { accessToken: token.accessToken, refreshToken: token.refreshToken };
    }
  }
}

/** One published item on a fake, reduced to what matching needs: whose it is and the text as sent. */
export interface FakePostView {
  network: FleetNetwork;
  externalId: string;
  text: string;
  /** When the fake stored it (ms). */
  at: number;
}

interface FakesWithPosts {
  facebook: {
    posts(): Array<{ pageId: string; message?: string; createdTime: number }>;
    instagram: { media: Array<{ igUserId: string; caption?: string; timestamp: number }> };
  };
  google: { posts(): Array<{ parent: string; body: Record<string, unknown>; createTime: number }> };
  linkedin: { posts(): Array<{ author: string; commentarySent: string; createdAt: number }> };
  x: { posts(): Array<{ authorId: string; textSent: string; createdAt: number }> };
}

export function fakePostViews(fakes: FakesWithPosts): FakePostView[] {
  return [
    ...fakes.facebook.posts().map((p) => ({
      network: 'facebook' as const,
      externalId: p.pageId,
      text: p.message ?? '',
      at: p.createdTime,
    })),
    ...fakes.linkedin.posts().map((p) => ({
      network: 'linkedin' as const,
      externalId: p.author.replace(/^urn:li:organization:/, ''),
      text: p.commentarySent,
      at: p.createdAt,
    })),
    ...fakes.x
      .posts()
      .map((p) => ({ network: 'x' as const, externalId: p.authorId, text: p.textSent, at: p.createdAt })),
    ...fakes.facebook.instagram.media.map((m) => ({
      network: 'instagram' as const,
      externalId: m.igUserId,
      text: m.caption ?? '',
      at: m.timestamp,
    })),
    ...fakes.google.posts().map((p) => ({
      network: 'google_business' as const,
      externalId: p.parent,
      text: typeof p.body.summary === 'string' ? p.body.summary : '',
      at: p.createTime,
    })),
  ];
}
