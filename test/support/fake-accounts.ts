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

/** A connected account on a fake, its tokens sealed as the app seals them. */
async function saveAccount(
  t: TestApp,
  practiceId: string,
  network: SocialAccount['network'],
  externalId: string,
  accessToken: string,
  refreshToken?: string,
): Promise<SocialAccount> {
  const vault = new TokenVault(t.resources.config.SECRET_KEY);
  const repo = t.resources.dataSource.getRepository(SocialAccount);
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
}

export async function connectFakeAccounts(t: TestApp, fakes: RunningFakes, practiceId: string): Promise<FakeAccounts> {
  const save = (network: SocialAccount['network'], externalId: string, accessToken: string, refreshToken?: string) =>
    saveAccount(t, practiceId, network, externalId, accessToken, refreshToken);
  const fb = fakes.facebook.issueTestToken();
  const li = fakes.linkedin.issueTestToken();
  const x = fakes.x.issueTestToken();
  return {
    facebook: await save('facebook', fb.pageId!, fb.accessToken),
    linkedin: await save('linkedin', li.organizationIds[0], li.accessToken, li.refreshToken),
    x: await save('x', x.userId, x.accessToken, x.refreshToken),
  };
}

/** The networks that download images themselves: the Page's linked Instagram account and a Google location. */
export async function connectImageFetchingAccounts(
  t: TestApp,
  fakes: RunningFakes,
  practiceId: string,
): Promise<{ instagram: SocialAccount; google: SocialAccount }> {
  const page = fakes.facebook.issueTestToken();
  const linked = fakes.facebook.instagram.accountOfPage(page.pageId!)!;
  const google = fakes.google.issueTestToken();
  return {
    instagram: await saveAccount(t, practiceId, 'instagram', linked.id, page.accessToken),
    google: await saveAccount(
      t,
      practiceId,
      'google_business',
      google.locations[0],
      google.accessToken,
      google.refreshToken,
    ),
  };
}
