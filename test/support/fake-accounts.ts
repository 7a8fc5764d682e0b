// Social accounts connected to the HTTPS network fakes, with tokens the fakes issued (sealed as the app does).
import { SocialAccount, TokenVault } from '@app/accounts';
import type { RunningFakes } from '../fakes';
import { TestApp } from './test-app';

export interface FakeAccounts {
  facebook: SocialAccount;
  linkedin: SocialAccount;
  x: SocialAccount;
}

/** Fresh tokens from the fakes on every account, all connected again: undoes what a test revoked or expired. */
export async function reissueFakeTokens(t: TestApp, fakes: RunningFakes, accounts: FakeAccounts): Promise<void> {
  const vault = new TokenVault(t.resources.config.SECRET_KEY);
  const repo = t.resources.dataSource.getRepository(SocialAccount);
  const fb = fakes.facebook.issueTestToken({ pageId: accounts.facebook.externalId });
  const li = fakes.linkedin.issueTestToken();
  const x = fakes.x.issueTestToken();
  const tokens = {
    facebook: [fb.accessToken, undefined],
    linkedin: [li.accessToken, li.refreshToken],
    x: [x.accessToken, x.refreshToken],
  } as const;
  for (const network of ['facebook', 'linkedin', 'x'] as const) {
    const [access, refresh] = tokens[network];
    const id = accounts[network].id;
    await repo.update(
      { id },
      {
        status: 'connected',
        accessTokenEnc: vault.seal(access, id),
        refreshTokenEnc: refresh ? vault.seal(refresh, id) : null,
        tokenExpiresAt: null,
      },
    );
  }
}

export async function connectFakeAccounts(t: TestApp, fakes: RunningFakes, practiceId: string): Promise<FakeAccounts> {
  const vault = new TokenVault(t.resources.config.SECRET_KEY);
  const repo = t.resources.dataSource.getRepository(SocialAccount);
  const save = async (
    network: SocialAccount['network'],
    externalId: string,
    accessToken: string,
    refreshToken?: string,
  ) => {
    const account = repo.create({
      practiceId,
      network,
      externalId,
      name: `Test ${network}`,
      handle: null,
      status: 'connected',
      evergreenFill: false,
      cadence: null,
    });
    await repo.save(account);
    account.accessTokenEnc = vault.seal(accessToken, account.id);
    account.refreshTokenEnc = refreshToken ? vault.seal(refreshToken, account.id) : null;
    return repo.save(account);
  };
  const fb = fakes.facebook.issueTestToken();
  const li = fakes.linkedin.issueTestToken();
  const x = fakes.x.issueTestToken();
  return {
    facebook: await save('facebook', fb.pageId!, fb.accessToken),
    linkedin: await save('linkedin', li.organizationIds[0], li.accessToken, li.refreshToken),
    x: await save('x', x.userId, x.accessToken, x.refreshToken),
  };
}
