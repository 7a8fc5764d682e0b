// How facebook-nodejs-business-sdk itself surfaces Graph errors (FacebookRequestError via axios),
// and that our mapping reads them the same way as our own transport's errors. Plain HTTP, so the
// SDK's unmodified axios path can reach the fake without any CA configuration.
import { FacebookAdsApi } from 'facebook-nodejs-business-sdk';
import { facebookErrorFrom } from '@app/publishing';
import { startFakes, type RunningFakes } from '../../fakes';

describe("the SDK's own FacebookRequestError", () => {
  let fakes: RunningFakes;
  beforeAll(async () => {
    fakes = await startFakes({ tls: false });
  });
  afterAll(() => fakes.close());

  async function sdkError(token: string, fault?: Parameters<RunningFakes['facebook']['fail']>[0]): Promise<unknown> {
    if (fault) fakes.facebook.fail(fault);
    const api = new FacebookAdsApi(token, undefined, false);
    try {
      await api.call(
        'POST',
        ['100000000000101', 'feed'],
        { message: `sdk ${Math.random()}` },
        {},
        false,
        fakes.facebook.url,
      );
    } catch (error) {
      return error;
    }
    throw new Error('expected the SDK call to fail');
  }

  it('is mapped like our own errors: 190 -> auth_expired, 80001 -> rate_limited with retryAt, 506 -> duplicate', async () => {
    const token = fakes.facebook.issueTestToken({ kind: 'page' }).accessToken;
    const expired = await sdkError(token, { kind: 'expired_token' });
    expect(expired).toMatchObject({
      name: 'FacebookRequestError',
      status: 400,
      response: { code: 190, error_subcode: 463 },
    });
    expect(facebookErrorFrom(expired, { creates: true })).toMatchObject({
      kind: 'auth_expired',
      networkCode: '190/463',
    });

    const throttled = facebookErrorFrom(await sdkError(token, { kind: 'rate_limited', retryAfterSeconds: 600 }), {
      creates: true,
    });
    expect(throttled).toMatchObject({ kind: 'rate_limited', networkCode: '80001' });
    expect(Math.round((throttled!.retryAt!.getTime() - Date.now()) / 60_000)).toBe(10);

    expect(facebookErrorFrom(await sdkError(token, { kind: 'duplicate' }), { creates: true })).toMatchObject({
      kind: 'duplicate',
    });
    expect(facebookErrorFrom(new Error('not a graph error'), { creates: true })).toBeUndefined();
  });
});
