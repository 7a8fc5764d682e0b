// Webhook authenticity without a server: the handshake answers and the signature check on raw bytes.
import { answerHandshake, metaSignature, signatureMatches } from './meta-signature';
import { feedCommentEvents } from './facebook-feed-events';

const SECRET = 'app-secret';

describe('Meta webhook signature', () => {
  const body = Buffer.from('{"object":"page","entry":[{"message":"caf\\u00e9 \\/ ok"}]}');

  it('accepts exactly the bytes that were signed, in either hex case', () => {
    const signature = metaSignature(body, SECRET);
    expect(signatureMatches(body, signature, SECRET)).toBe(true);
    expect(signatureMatches(body, signature.toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['sha1', `sha1=${'0'.repeat(40)}`],
    ['short', 'sha256=abcd'],
    ['other secret', metaSignature(body, 'another-secret')],
    ['re-serialised body', metaSignature(JSON.stringify(JSON.parse(body.toString())), SECRET)],
  ])('refuses a %s signature', (_, header) => {
    expect(signatureMatches(body, header, SECRET)).toBe(false);
  });

  it('refuses everything when no app secret is configured', () => {
    expect(signatureMatches(body, metaSignature(body, SECRET), undefined)).toBe(false);
  });

  it('answers the handshake only with the right token', () => {
    const query = { 'hub.mode': 'subscribe', 'hub.challenge': '42', 'hub.verify_token': 'tok' };
    expect(answerHandshake(query, 'tok')).toEqual({ ok: true, challenge: '42' });
    expect(answerHandshake({ ...query, 'hub.verify_token': 'tok2' }, 'tok').ok).toBe(false);
    expect(answerHandshake(query, undefined).ok).toBe(false);
    expect(answerHandshake({ ...query, 'hub.mode': 'unsubscribe' }, 'tok').ok).toBe(false);
  });
});

describe('feed webhook payloads', () => {
  const at = new Date('2026-12-06T12:00:00Z');
  const change = (value: Record<string, unknown>) => ({
    object: 'page',
    entry: [{ id: '101', time: 1, changes: [{ field: 'feed', value }] }],
  });

  it("reads a top-level comment and a reply, and marks the Page's own comments", () => {
    const top = feedCommentEvents(
      change({
        item: 'comment',
        verb: 'add',
        comment_id: '5_1',
        post_id: '101_5',
        parent_id: '101_5',
        from: { id: '9', name: 'Ann' },
        message: 'hi',
        created_time: 1765000000,
      }),
      at,
    );
    expect(top[0].comment).toMatchObject({
      kind: 'comment',
      threadExternalId: '5_1',
      parentExternalId: null,
      fromPractice: false,
    });
    expect(top[0].comment.writtenAt.toISOString()).toBe('2025-12-06T05:46:40.000Z');
    const reply = feedCommentEvents(
      change({
        item: 'comment',
        verb: 'add',
        comment_id: '5_2',
        post_id: '101_5',
        parent_id: '5_1',
        from: { id: '101', name: 'Page' },
        message: 'thanks',
      }),
      at,
    );
    expect(reply[0].comment).toMatchObject({
      kind: 'reply',
      threadExternalId: '5_1',
      parentExternalId: '5_1',
      fromPractice: true,
    });
  });

  it('ignores likes, posts, other objects and malformed entries', () => {
    expect(feedCommentEvents(change({ item: 'reaction', verb: 'add' }), at)).toEqual([]);
    expect(feedCommentEvents({ object: 'user', entry: [] }, at)).toEqual([]);
    expect(feedCommentEvents({ object: 'page', entry: [null, { id: 1 }] }, at)).toEqual([]);
    expect(feedCommentEvents(change({ item: 'comment', verb: 'explode', comment_id: '1' }), at)).toEqual([]);
  });
});
