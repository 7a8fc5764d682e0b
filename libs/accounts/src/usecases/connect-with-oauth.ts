// Connecting by OAuth: the authorize redirect (state, and PKCE for X), the callback that exchanges the code, and the
// page picker when a person manages several Facebook Pages or LinkedIn pages.
import {
  createState,
  type FacebookOAuth,
  type GoogleBusinessClient,
  type GoogleOAuth,
  INSTAGRAM_SCOPES,
  type InstagramClient,
  type LinkedInClient,
  type LinkedInOAuth,
  type Network,
  NETWORK_NAMES,
  type OAuthTokens,
  type XOAuth,
} from '@app/publishing';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ForbiddenError, InvalidInputError, NotFoundError } from '@app/core';
import { actorOf, memberOf, SessionUser, User } from '@app/practices';
import type { AccountsDeps } from '../accounts-deps';
import { connectFailure } from '../account-problems';
import { saveConnection, type GrantedTokens } from './save-connection';
import { SocialAccount } from '../social-account.entity';
import { normaliseExternalId } from './connect-with-token';

export interface OAuthStart {
  /** Send the browser here. */
  url: string;
  /** Also set in a cookie on the browser that started, so only that browser can finish (login CSRF). */
  state: string;
}

export type OAuthOutcome =
  { kind: 'connected'; accounts: SocialAccount[] } | { kind: 'pick'; network: Network; pickId: string };

export interface CallbackParams {
  code?: string;
  state?: string;
  /** The network's refusal, e.g. access_denied when the person said no. */
  error?: string;
  errorDescription?: string;
}

export interface PageChoice {
  id: string;
  name: string;
  handle: string | null;
}

interface PendingAuthorization {
  practiceId: string;
  userId: string;
  network: Network;
  codeVerifier?: string;
}

interface Candidate {
  externalId: string;
  name: string;
  handle: string | null;
  /** Already verified with the network in this flow. */
  verified: boolean;
  /** The picture that verification read (the previews show it). */
  pictureUrl?: string;
  tokens: GrantedTokens;
}

/** A candidate as kept in the key-value store while the person picks: tokens sealed, dates as ISO strings. */
interface SealedCandidate {
  externalId: string;
  name: string;
  handle: string | null;
  verified: boolean;
  accessToken: string;
  refreshToken?: string;
  expiresAt: string | null;
  refreshTokenExpiresAt: string | null;
}

interface PendingPick {
  practiceId: string;
  userId: string;
  network: Network;
  candidates: SealedCandidate[];
}

const STATE_TTL_SECONDS = 600;
const PICK_TTL_SECONDS = 900;
const KEY_ID = /^[A-Za-z0-9_-]{16,128}$/;

const NOT_CONFIGURED: Record<Network, string> = {
  facebook:
    'Connecting Facebook needs the Facebook app: set FACEBOOK_APP_ID and FACEBOOK_APP_SECRET, or enter a Page token by hand (POST /api/accounts).',
  linkedin:
    'Connecting LinkedIn needs the LinkedIn app: set LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET, or enter a token by hand (POST /api/accounts).',
  x: 'Connecting X needs the X app: set X_CLIENT_ID (and X_CLIENT_SECRET for a confidential client), or enter a token by hand (POST /api/accounts).',
  instagram:
    'Connecting Instagram goes through the Facebook app: set FACEBOOK_APP_ID and FACEBOOK_APP_SECRET, or enter the linked Page token and the Instagram account id by hand (POST /api/accounts).',
  google_business:
    'Connecting Google Business Profile needs a Google OAuth client: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or enter an access token by hand (POST /api/accounts).',
};

export class ConnectWithOAuth {
  constructor(private readonly deps: AccountsDeps) {}

  /** Where to send the browser. The state (and X's PKCE verifier) is kept 10 minutes, for one use. */
  async start(practiceId: string, user: SessionUser, network: Network): Promise<OAuthStart> {
    const state = createState();
    let url: string;
    let codeVerifier: string | undefined;
    switch (network) {
      case 'facebook':
        url = this.facebook().createAuthorization(state).url;
        break;
      case 'linkedin':
        url = this.linkedin().createAuthorization(state).url;
        break;
      case 'x': {
        const request = this.x().createAuthorization(state);
        url = request.url;
        codeVerifier = request.codeVerifier;
        break;
      }
      case 'instagram':
        // The Facebook Login we already have, with Instagram's permissions: the Page's linked account is offered.
        url = this.facebook('instagram').createAuthorization(state, INSTAGRAM_SCOPES).url;
        break;
      case 'google_business': {
        const request = this.google().createAuthorization(state);
        url = request.url;
        codeVerifier = request.codeVerifier;
        break;
      }
    }
    const pending: PendingAuthorization = { practiceId, userId: user.id, network, codeVerifier };
    await this.deps.store.set(this.stateKey(state), JSON.stringify(pending), STATE_TTL_SECONDS * 1000);
    return { url, state };
  }

  /**
   * The network sent the browser back. Authenticated by the state we issued (single use) and the cookie of the
   * browser that started; exchanges the code and connects, or keeps the candidates for the page picker.
   */
  async callback(route: Network, params: CallbackParams, browserState: string | undefined): Promise<OAuthOutcome> {
    let network = route;
    const name = NETWORK_NAMES[network];
    const state = params.state ?? '';
    if (!KEY_ID.test(state))
      throw new InvalidInputError(`The answer from ${name} has no valid state: start connecting again from Accounts.`);
    const raw = await this.deps.store.take(this.stateKey(state));
    if (!raw)
      throw new InvalidInputError(
        `This ${name} sign-in has expired or was already used: start connecting again from Accounts.`,
      );
    const pending = JSON.parse(raw) as PendingAuthorization;
    // Instagram signs in through Facebook Login, whose registered redirect is the Facebook callback.
    if (pending.network === 'instagram' && route === 'facebook') network = 'instagram';
    if (!browserState || !sameText(browserState, state)) {
      throw new InvalidInputError(
        `This ${name} sign-in was started in another browser (or its cookie was blocked): start connecting again from Accounts in this browser.`,
      );
    }
    if (pending.network !== network)
      throw new InvalidInputError(
        `This sign-in was started for ${NETWORK_NAMES[pending.network]}, not ${name}: start again from Accounts.`,
      );
    if (params.error) {
      const said = params.errorDescription?.trim() || params.error;
      const declined = /denied|cancel/i.test(params.error);
      throw new InvalidInputError(
        declined
          ? `${name} did not connect the account because access was not granted (${said}). Nothing was stored; start again from Accounts and allow every permission asked for.`
          : `${name} did not connect the account: ${said}. Nothing was stored; start again from Accounts.`,
        { network, networkCode: params.error },
      );
    }
    if (!params.code)
      throw new InvalidInputError(
        `The answer from ${name} has no authorization code: start connecting again from Accounts.`,
      );
    const user = await this.admin(pending.practiceId, pending.userId);

    let candidates: Candidate[];
    try {
      candidates = await this.candidatesFor(network, params.code, pending);
    } catch (error) {
      throw connectFailure(error, this.deps.clock.now());
    }
    if (candidates.length === 1) {
      return { kind: 'connected', accounts: await this.connect(pending.practiceId, user, network, candidates) };
    }
    const pickId = randomBytes(18).toString('base64url');
    const pick: PendingPick = {
      practiceId: pending.practiceId,
      userId: user.id,
      network,
      candidates: candidates.map((c) => this.sealCandidate(pickId, c)),
    };
    await this.deps.store.set(this.pickKey(pickId), JSON.stringify(pick), PICK_TTL_SECONDS * 1000);
    return { kind: 'pick', network, pickId };
  }

  /** The pages offered by a pick (names and ids only). */
  async choices(practiceId: string, network: Network, pickId: string): Promise<PageChoice[]> {
    const pick = await this.loadPick(practiceId, network, pickId);
    return pick.candidates.map((c) => ({ id: c.externalId, name: c.name, handle: c.handle }));
  }

  /** Connects the chosen pages of a pick: every one verifies before any is stored. */
  async choose(
    practiceId: string,
    user: SessionUser,
    network: Network,
    pickId: string,
    ids: string[],
  ): Promise<SocialAccount[]> {
    const pick = await this.loadPick(practiceId, network, pickId);
    const wanted = [...new Set(ids)];
    const unknown = wanted.filter((id) => !pick.candidates.some((c) => c.externalId === id));
    if (wanted.length === 0 || unknown.length) {
      throw new InvalidInputError(
        `pageIds must name pages offered by this pick${unknown.length ? `; not offered: ${unknown.join(', ')}` : ''}`,
        { field: 'pageIds' },
      );
    }
    const chosen = pick.candidates
      .filter((c) => wanted.includes(c.externalId))
      .map((c) => this.openCandidate(pickId, c));
    const accounts = await this.connect(practiceId, { id: user.id, email: user.email }, network, chosen);
    await this.deps.store.delete(this.pickKey(pickId));
    return accounts;
  }

  // ---- per network -------------------------------------------------------------------------

  private async candidatesFor(network: Network, code: string, pending: PendingAuthorization): Promise<Candidate[]> {
    switch (network) {
      case 'facebook':
        return this.facebookPages(code);
      case 'linkedin':
        return this.linkedinPages(code);
      case 'instagram':
        return this.instagramAccounts(code);
      case 'google_business':
        return this.googleLocations(code, pending);
      case 'x': {
        if (!pending.codeVerifier)
          throw new InvalidInputError('This X sign-in lost its PKCE verifier: start connecting again from Accounts.');
        const tokens = await this.x().exchangeCode(code, pending.codeVerifier);
        const me = await this.deps.clients
          .client('x')
          .verify({ accessToken: tokens.accessToken, externalAccountId: '' });
        return [
          {
            externalId: me.externalAccountId,
            name: me.name ?? `X ${me.externalAccountId}`,
            handle: me.name ?? null,
            verified: true,
            pictureUrl: me.pictureUrl,
            tokens: granted(tokens),
          },
        ];
      }
    }
  }

  /** The long-lived user token lists the Pages; only Pages with CREATE_CONTENT, each with its own Page token (postiz PR #1881). */
  private async facebookPages(code: string): Promise<Candidate[]> {
    const oauth = this.facebook();
    const user = await oauth.exchangeCode(code, { longLived: true });
    const pages = await oauth.listPages(user.accessToken);
    const publishable = pages.filter((p) => p.canPublish && p.accessToken);
    if (publishable.length === 0) {
      const others = pages.map((p) => p.name).filter(Boolean);
      throw new InvalidInputError(
        `None of the Facebook Pages you manage lets this app publish (it needs a Page where you can create content, as admin or editor)${others.length ? `; found without that permission: ${others.join(', ')}` : ''}. Nothing was stored.`,
        { network: 'facebook' },
      );
    }
    // Page tokens made from a long-lived user token do not expire; the user token itself is never stored.
    return publishable.map((p) => ({
      externalId: p.id,
      name: p.name,
      handle: null,
      verified: false,
      tokens: { accessToken: p.accessToken },
    }));
  }

  /** The Instagram professional accounts linked to the Pages this person can publish to, each with its Page token. */
  private async instagramAccounts(code: string): Promise<Candidate[]> {
    const oauth = this.facebook('instagram');
    const user = await oauth.exchangeCode(code, { longLived: true });
    const pages = (await oauth.listPages(user.accessToken)).filter((p) => p.canPublish && p.accessToken);
    const client = this.deps.clients.client('instagram') as InstagramClient;
    const candidates: Candidate[] = [];
    for (const page of pages) {
      const linked = await client.linkedAccount(page.id, page.accessToken!);
      if (!linked) continue;
      candidates.push({
        externalId: linked.id,
        name: linked.username ? `@${linked.username}` : `Instagram of ${page.name}`,
        handle: linked.username ? `@${linked.username}` : null,
        verified: false,
        tokens: { accessToken: page.accessToken! },
      });
    }
    if (candidates.length === 0)
      throw new InvalidInputError(
        `None of the Facebook Pages you can publish to${pages.length ? ` (${pages.map((p) => p.name).join(', ')})` : ''} has an Instagram professional account linked. Link one in the Page's settings (Linked accounts), then connect again. Nothing was stored.`,
        { network: 'instagram' },
      );
    return candidates;
  }

  /** Every location the Google login manages; the practice chooses (a practice with two offices has two). */
  private async googleLocations(code: string, pending: PendingAuthorization): Promise<Candidate[]> {
    if (!pending.codeVerifier)
      throw new InvalidInputError('This Google sign-in lost its PKCE verifier: start connecting again from Accounts.');
    const tokens = await this.google().exchangeCode(code, pending.codeVerifier);
    const client = this.deps.clients.client('google_business') as GoogleBusinessClient;
    const locations = await client.listLocations(tokens.accessToken);
    if (locations.length === 0)
      throw new InvalidInputError(
        'The Google account you signed in with manages no Business Profile location. Nothing was stored; sign in with an owner or manager of the listing.',
        { network: 'google_business' },
      );
    // Listing proves the token reaches them; each chosen one is verified once more when connected, which also reads
    // its profile photo (one call per location chosen, not per location offered).
    return locations.map((l) => ({
      externalId: l.externalId,
      name: l.title,
      handle: l.address ?? null,
      verified: false,
      tokens: granted(tokens),
    }));
  }

  private async linkedinPages(code: string): Promise<Candidate[]> {
    const tokens = await this.linkedin().exchangeCode(code);
    const client = this.deps.clients.client('linkedin') as LinkedInClient;
    const ids = await client.listAdministeredOrganizations(tokens.accessToken);
    if (ids.length === 0) {
      throw new InvalidInputError(
        'The LinkedIn member you signed in with is not an administrator of any LinkedIn page. Nothing was stored; sign in as a page administrator.',
        { network: 'linkedin' },
      );
    }
    const candidates: Candidate[] = [];
    for (const id of ids) {
      const org = await client.verify({ accessToken: tokens.accessToken, externalAccountId: id });
      const externalId = normaliseExternalId('linkedin', org.externalAccountId) ?? id;
      candidates.push({
        externalId,
        name: org.name ?? `LinkedIn page ${externalId}`,
        handle: null,
        verified: true,
        pictureUrl: org.pictureUrl,
        tokens: granted(tokens),
      });
    }
    return candidates;
  }

  // ---- plumbing ----------------------------------------------------------------------------

  /** Verifies every candidate not yet verified, then stores them all: nothing is stored unless each one works. */
  private async connect(
    practiceId: string,
    user: Pick<SessionUser, 'id' | 'email'>,
    network: Network,
    candidates: Candidate[],
  ): Promise<SocialAccount[]> {
    const client = this.deps.clients.client(network);
    for (const c of candidates.filter((candidate) => !candidate.verified)) {
      try {
        const verified = await client.verify({
          accessToken: c.tokens.accessToken,
          refreshToken: c.tokens.refreshToken,
          externalAccountId: c.externalId,
        });
        c.name = c.name || verified.name || c.externalId;
        c.pictureUrl = verified.pictureUrl;
      } catch (error) {
        throw connectFailure(error, this.deps.clock.now());
      }
    }
    const accounts: SocialAccount[] = [];
    for (const c of candidates) {
      accounts.push(
        await saveConnection(
          this.deps,
          practiceId,
          actorOf(user),
          {
            network,
            externalId: c.externalId,
            name: c.name,
            handle: c.handle,
            pictureUrl: c.pictureUrl ?? null,
            tokens: c.tokens,
          },
          'oauth',
        ),
      );
    }
    return accounts;
  }

  /** The person who started must still be an active admin of that practice. */
  private async admin(practiceId: string, userId: string): Promise<User> {
    const member = await memberOf(this.deps.dataSource.manager, practiceId, userId);
    if (!member?.membership.active || !member.membership.acceptedAt || !member.membership.roles.includes('admin'))
      throw new ForbiddenError('Connecting accounts needs the admin role');
    return member.user;
  }

  private async loadPick(practiceId: string, network: Network, pickId: string): Promise<PendingPick> {
    const raw = KEY_ID.test(pickId) ? await this.deps.store.get(this.pickKey(pickId)) : null;
    const pick = raw ? (JSON.parse(raw) as PendingPick) : undefined;
    // Another practice's pick looks exactly like one that expired.
    if (!pick || pick.practiceId !== practiceId || pick.network !== network) {
      throw new NotFoundError(
        `The ${NETWORK_NAMES[network]} page choice ${pickId} (it lasts ${PICK_TTL_SECONDS / 60} minutes: connect again from Accounts)`,
      );
    }
    return pick;
  }

  private sealCandidate(pickId: string, c: Candidate): SealedCandidate {
    const ad = `oauth-pick:${pickId}`;
    return {
      externalId: c.externalId,
      name: c.name,
      handle: c.handle,
      verified: c.verified,
      accessToken: this.deps.vault.seal(c.tokens.accessToken, ad),
      refreshToken: c.tokens.refreshToken ? this.deps.vault.seal(c.tokens.refreshToken, ad) : undefined,
      expiresAt: c.tokens.expiresAt?.toISOString() ?? null,
      refreshTokenExpiresAt: c.tokens.refreshTokenExpiresAt?.toISOString() ?? null,
    };
  }

  private openCandidate(pickId: string, c: SealedCandidate): Candidate {
    const ad = `oauth-pick:${pickId}`;
    let tokens: GrantedTokens;
    try {
      tokens = {
        accessToken: this.deps.vault.open(c.accessToken, ad),
        refreshToken: c.refreshToken ? this.deps.vault.open(c.refreshToken, ad) : undefined,
        expiresAt: c.expiresAt ? new Date(c.expiresAt) : null,
        refreshTokenExpiresAt: c.refreshTokenExpiresAt ? new Date(c.refreshTokenExpiresAt) : null,
      };
    } catch {
      throw new InvalidInputError(
        'This page choice can no longer be read (the secret key changed): connect again from Accounts.',
      );
    }
    // Verified when listed (LinkedIn), or verified now before storing (Facebook Page tokens).
    return { externalId: c.externalId, name: c.name, handle: c.handle, verified: false, tokens };
  }

  private facebook(network: 'facebook' | 'instagram' = 'facebook'): FacebookOAuth {
    return this.deps.clients.oauth.facebook ?? notConfigured(network);
  }

  private google(): GoogleOAuth {
    return this.deps.clients.oauth.google_business ?? notConfigured('google_business');
  }

  private linkedin(): LinkedInOAuth {
    return this.deps.clients.oauth.linkedin ?? notConfigured('linkedin');
  }

  private x(): XOAuth {
    return this.deps.clients.oauth.x ?? notConfigured('x');
  }

  private stateKey(state: string): string {
    return `${this.deps.keyPrefix}:oauth:${state}`;
  }

  private pickKey(pickId: string): string {
    return `${this.deps.keyPrefix}:oauth-pick:${pickId}`;
  }
}

function notConfigured(network: Network): never {
  throw new InvalidInputError(NOT_CONFIGURED[network], { network });
}

function granted(tokens: OAuthTokens): GrantedTokens {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAt ?? null,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt ?? null,
  };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
