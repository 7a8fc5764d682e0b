// The account side of publishing, straight on the account rows: decrypt credentials, record results,
// and mark an account needs_reconnect (with one alert) when the network says its token is dead.
import { DataSource } from 'typeorm';
import { AlertsService } from '@app/alerts';
import { SocialAccount, TokenVault } from '@app/accounts';
import { Clock } from '@app/core';
import { AccountCredentials, PublishingError } from '@app/publishing';
import { AccountGateway } from './account-gateway';

export class VaultAccountGateway implements AccountGateway {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: TokenVault,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {}

  credentials(account: SocialAccount): AccountCredentials {
    if (!account.accessTokenEnc) throw new PublishingError({ kind: 'auth_expired', network: account.network, networkMessage: 'No token is stored for this account' });
    return {
      accessToken: this.vault.open(account.accessTokenEnc, account.id),
      refreshToken: account.refreshTokenEnc ? this.vault.open(account.refreshTokenEnc, account.id) : undefined,
      externalAccountId: account.externalId,
      expiresAt: account.tokenExpiresAt ?? undefined,
    };
  }

  async recordPublishSuccess(practiceId: string, accountId: string, at: Date): Promise<void> {
    await this.dataSource.getRepository(SocialAccount).update({ practiceId, id: accountId }, { lastPublishedAt: at });
  }

  async recordFailure(practiceId: string, accountId: string, error: PublishingError): Promise<void> {
    const repo = this.dataSource.getRepository(SocialAccount);
    await repo.update({ practiceId, id: accountId }, { lastError: error.practiceMessage, lastErrorAt: this.clock.now(), ...(error.needsReconnect ? { status: 'needs_reconnect' as const } : {}) });
    if (error.needsReconnect) {
      const account = await repo.findOneBy({ practiceId, id: accountId });
      await this.alerts.raise(practiceId, {
        kind: 'needs_reconnect', severity: 'critical', title: `Reconnect ${account?.name ?? 'a social account'}`,
        message: `${error.practiceMessage} Scheduled posts for this account will not go out until it is reconnected.`,
        link: '/accounts', dedupeKey: `needs_reconnect:${accountId}`, details: { accountId, network: error.network },
      });
    }
    if (error.kind === 'version_retired') {
      await this.alerts.raise(practiceId, {
        kind: 'version_retired', severity: 'critical', title: 'LinkedIn retired the API version we use',
        message: error.adminMessage ?? 'LinkedIn no longer accepts the configured LINKEDIN_VERSION. An administrator must set LINKEDIN_VERSION to a current YYYYMM version and restart.',
        link: '/accounts', dedupeKey: 'version_retired:linkedin',
      });
    }
  }
}
