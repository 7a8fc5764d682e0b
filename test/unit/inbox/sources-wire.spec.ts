// The inbox sources that speak to the networks directly (X, LinkedIn), against the HTTPS fakes, on the points where
// the networks' documentation is stricter than a lenient server: X's start_time is to the second, X documents its
// 429 body as {errors: [{code: 88, message}]}, and LinkedIn's Rest.li 2.0 path keys must have ( ) , : encoded.
import { LinkedInSource, SourceError, XSource, type SourceAccount } from '@app/inbox';
import { LinkedInClient, XClient } from '@app/publishing';
import { startTrustedFakes, uniqueText, type TrustedFakes } from '../publishing/support';

const ORG_ID = '2414183';
const LINKEDIN_VERSION = '202601';

describe('inbox sources on the wire', () => {
  let t: TrustedFakes;

  beforeAll(async () => {
    t = await startTrustedFakes();
  });
  afterAll(() => t.fakes.close());
  beforeEach(() => t.fakes.reset());

  describe('X', () => {
    let source: XSource;
    let account: SourceAccount;
    let ourPostId: string;

    beforeEach(async () => {
      const issued = t.fakes.x.issueTestToken({
        scopes: ['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'tweet.moderate.write'],
      });
      account = {
        id: 'a1',
        practiceId: 'p1',
        network: 'x',
        externalId: issued.userId,
        handle: '@smiledentalstudio',
        accessToken: issued.accessToken,
      };
      source = new XSource(t.transport, t.fakes.env.X_API_URL);
      const client = new XClient({ apiUrl: t.fakes.env.X_API_URL, transport: t.transport });
      ourPostId = (
        await client.publish(
          { accessToken: issued.accessToken, externalAccountId: issued.userId },
          { text: uniqueText('Flu shots') },
        )
      ).externalId;
    });

    it('finds a reply already sent with a start_time to the second, whatever the milliseconds of `since`', async () => {
      const mention = t.fakes.x.addMention(account.externalId, { text: '@smile open Sunday?', inReplyToId: ourPostId });
      const target = {
        kind: 'reply' as const,
        externalId: mention.id,
        threadExternalId: ourPostId,
        postExternalId: ourPostId,
      };
      const since = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000 + 537); // not a whole second
      const sent = await source.reply(account, target, 'We are closed on Sundays.');
      await expect(source.findReply(account, target, 'We are closed on Sundays.', since)).resolves.toEqual(sent);
      const startTimes = t.fakes.x.requests
        .filter((r) => r.url.includes('/tweets?'))
        .map((r) => new URL(r.url, 'https://x').searchParams.get('start_time'));
      expect(startTimes).toEqual([new Date(since.getTime() - 537).toISOString().replace('.000Z', 'Z')]);
    });

    it("a 429 stops the poll with X's documented message and its reset time", async () => {
      t.fakes.x.fail({ kind: 'rate_limited', operation: 'read', retryAfterSeconds: 600 });
      const error = await source.poll(account, new Map()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect(error).toMatchObject({ kind: 'rate_limited', message: 'Rate limit exceeded' });
      expect((error as SourceError).retryAt!.getTime()).toBeGreaterThan(Date.now() + 590_000);
    });
  });

  describe('LinkedIn', () => {
    let source: LinkedInSource;
    let account: SourceAccount;
    let postUrn: string;

    beforeEach(async () => {
      const tokens = t.fakes.linkedin.issueTestToken();
      account = {
        id: 'a2',
        practiceId: 'p1',
        network: 'linkedin',
        externalId: ORG_ID,
        handle: null,
        accessToken: tokens.accessToken,
      };
      source = new LinkedInSource(t.transport, t.fakes.env.LINKEDIN_API_URL, LINKEDIN_VERSION);
      const client = new LinkedInClient({
        apiUrl: t.fakes.env.LINKEDIN_API_URL,
        version: LINKEDIN_VERSION,
        transport: t.transport,
      });
      postUrn = (
        await client.publish(
          { accessToken: tokens.accessToken, externalAccountId: ORG_ID },
          { text: uniqueText('Open house') },
        )
      ).externalId;
    });

    it('answers a comment under its thread with the comment URN Rest.li-encoded in the path, and reads it back', async () => {
      t.fakes.linkedin.addComment(postUrn, { text: 'Congratulations!' });
      const polled = await source.poll(account, new Map(), [postUrn]);
      const [comment] = polled.comments;
      expect(comment.externalId).toMatch(/^urn:li:comment:\(urn:li:share:\d+,\d+\)$/);
      const target = {
        kind: 'comment' as const,
        externalId: comment.externalId,
        threadExternalId: comment.externalId,
        postExternalId: postUrn,
      };
      const since = new Date(Date.now() - 1000);
      const sent = await source.reply(account, target, 'Thank you!');
      await expect(source.findReply(account, target, 'Thank you!', since)).resolves.toEqual(sent);
      const paths = t.fakes.linkedin.requests
        .filter((r) => r.url.startsWith('/rest/socialActions/urn%3Ali%3Acomment'))
        .map((r) => r.url.split('/comments')[0]);
      expect(paths).toHaveLength(2); // the reply and its read-back
      for (const path of paths)
        expect(path).toMatch(/^\/rest\/socialActions\/urn%3Ali%3Acomment%3A%28urn%3Ali%3Ashare%3A\d+%2C\d+%29$/);

      // With the parentheses left raw, as encodeURIComponent leaves them, LinkedIn cannot parse the key.
      const raw = await t.transport.request({
        method: 'GET',
        url: `${t.fakes.env.LINKEDIN_API_URL}/rest/socialActions/${encodeURIComponent(comment.externalId)}/comments`,
        headers: {
          authorization: `Bearer ${account.accessToken}`,
          'linkedin-version': LINKEDIN_VERSION,
          'x-restli-protocol-version': '2.0.0',
        },
      });
      expect(raw.status).toBe(400);
    });
  });
});
