// Each connected account's picture, as the network serves it in its own wire format (Facebook's `picture` field,
// X's `user.fields=profile_image_url`, Instagram's `profile_picture_url`): read when the account is connected and
// refreshed by the daily check, returned by the API and given to the composer's previews.
import { SocialAccount, TokenRenewal } from '@app/accounts';
import { bearer } from '../support/factories';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';
import { PageData } from '../../apps/api/src/web/page-data';

jest.setTimeout(90_000);

describe('account pictures', () => {
  let f: PublishingFixture;

  beforeAll(async () => {
    f = await startPublishingFixture({ practiceName: 'Maple Pediatrics', zone: 'America/Chicago' });
  });
  afterAll(async () => {
    await f?.close();
  });

  const listed = async (id: string) =>
    (
      (await f.t.http.get('/api/accounts').set(bearer(f.practice.admin)).expect(200)).body as Array<{
        id: string;
        pictureUrl: string | null;
      }>
    ).find((a) => a.id === id)!;

  it('the daily profile check stores each account’s picture, and the API and composer data carry it', async () => {
    const { t, accounts, fakes } = f;
    expect((await listed(accounts.x.id)).pictureUrl).toBeNull();
    await t.app.get(TokenRenewal).verifyAll();
    expect((await listed(accounts.x.id)).pictureUrl).toBe(
      `${fakes.x.url}/__media/profile_images/${accounts.x.externalId}/avatar_normal.jpg`,
    );
    expect((await listed(accounts.facebook.id)).pictureUrl).toBe(
      `${fakes.facebook.url}/__media/profile/${accounts.facebook.externalId}_50x50.jpg`,
    );
    const choices = await t.app.get(PageData).accounts(f.practice.practiceId);
    expect(choices.find((a) => a.id === accounts.x.id)?.pictureUrl).toMatch(/^https:\/\/.*avatar_normal\.jpg$/);
  });

  it('connecting (or reconnecting) with a token reads the picture at once', async () => {
    const { t, accounts, fakes } = f;
    await t.resources.dataSource
      .getRepository(SocialAccount)
      .update({ id: accounts.facebook.id }, { pictureUrl: null });
    const token = fakes.facebook.issueTestToken();
    await t.http
      .post('/api/accounts')
      .set(bearer(f.practice.admin))
      .send({ network: 'facebook', accessToken: token.accessToken, externalAccountId: token.pageId })
      .expect(201);
    const row = await t.resources.dataSource
      .getRepository(SocialAccount)
      .findOneByOrFail({ practiceId: f.practice.practiceId, network: 'facebook', externalId: token.pageId! });
    expect(row.pictureUrl).toBe(`${fakes.facebook.url}/__media/profile/${token.pageId}_50x50.jpg`);
  });
});
