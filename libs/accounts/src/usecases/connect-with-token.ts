// Connecting an account by entering a token by hand: it must verify with the network before anything is stored
// (postiz #1328: "connected" with a token that never worked).
import { type GoogleBusinessClient, type Network, NETWORK_NAMES } from '@app/publishing';
import { InvalidInputError } from '@app/core';
import { actorOf, SessionUser } from '@app/practices';
import type { AccountsDeps } from '../accounts-deps';
import { connectFailure } from '../account-problems';
import { saveConnection } from './save-connection';
import { SocialAccount } from '../social-account.entity';

export interface TokenEntry {
  network: Network;
  accessToken: string;
  refreshToken?: string;
  /** Facebook Page id, LinkedIn organization id (or urn:li:organization:N), X user id (X: may be omitted). */
  externalAccountId?: string;
  name?: string;
  tokenExpiresAt?: Date;
}

export class ConnectWithToken {
  constructor(private readonly deps: AccountsDeps) {}

  async connect(practiceId: string, user: SessionUser, entry: TokenEntry): Promise<SocialAccount> {
    const network = NETWORK_NAMES[entry.network];
    const accessToken = entry.accessToken.trim();
    if (!accessToken) throw new InvalidInputError('accessToken must not be empty', { field: 'accessToken' });
    let externalId = normaliseExternalId(entry.network, entry.externalAccountId);
    if (!externalId && entry.network === 'google_business') externalId = await this.onlyGoogleLocation(accessToken);
    if (!externalId && entry.network !== 'x') {
      const what = {
        facebook: 'the Facebook Page id',
        linkedin: 'the LinkedIn organization id',
        instagram: 'the Instagram professional account id (with the token of the Facebook Page it is linked to)',
      }[entry.network as 'facebook' | 'linkedin' | 'instagram'];
      throw new InvalidInputError(`externalAccountId is required for ${network}: ${what}`, {
        field: 'externalAccountId',
      });
    }
    const now = this.deps.clock.now();
    if (entry.tokenExpiresAt && entry.tokenExpiresAt.getTime() <= now.getTime()) {
      throw new InvalidInputError('tokenExpiresAt is in the past: this token has already expired', {
        field: 'tokenExpiresAt',
      });
    }
    const refreshToken = entry.refreshToken?.trim() || undefined;
    let verified;
    try {
      verified = await this.deps.clients
        .client(entry.network)
        .verify({ accessToken, refreshToken, externalAccountId: externalId ?? '' });
    } catch (error) {
      throw connectFailure(error, now);
    }
    const id = normaliseExternalId(entry.network, verified.externalAccountId) ?? externalId!;
    const handle = entry.network === 'x' || entry.network === 'instagram' ? (verified.name ?? null) : null;
    return saveConnection(
      this.deps,
      practiceId,
      actorOf(user),
      {
        network: entry.network,
        externalId: id,
        name: entry.name?.trim() || verified.name || `${network} ${id}`,
        nameChosen: Boolean(entry.name?.trim()),
        handle,
        pictureUrl: verified.pictureUrl ?? null,
        tokens: { accessToken, refreshToken, expiresAt: entry.tokenExpiresAt ?? null },
      },
      'token',
    );
  }

  /**
   * A pasted Google token without a location: it must verify by listing the locations it reaches, and reach
   * exactly one; with several, the answer names them so the person can choose.
   */
  private async onlyGoogleLocation(accessToken: string): Promise<string> {
    const client = this.deps.clients.client('google_business') as GoogleBusinessClient;
    let locations;
    try {
      locations = await client.listLocations(accessToken);
    } catch (error) {
      throw connectFailure(error, this.deps.clock.now());
    }
    if (locations.length === 1) return locations[0].externalId;
    throw new InvalidInputError(
      locations.length === 0
        ? 'This Google token manages no Business Profile location. Nothing was stored.'
        : `This Google token manages ${locations.length} locations; set externalAccountId to the one to post to: ${locations.map((l) => `${l.externalId} (${l.title})`).join(', ')}`,
      { field: 'externalAccountId' },
    );
  }
}

/** LinkedIn organizations are stored by their bare id (the client builds the urn). */
export function normaliseExternalId(network: Network, value: string | undefined): string | undefined {
  const id = value?.trim();
  if (!id) return undefined;
  return network === 'linkedin' ? id.replace(/^urn:li:organization:/, '') : id;
}
