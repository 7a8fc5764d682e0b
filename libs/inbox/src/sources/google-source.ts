// Google Business Profile reviews of the location, through publishing's Google client: polled newest first
// until the stored cursor (the newest update time read), each review a thread of its own with the practice's
// reply, if any, inside it. Reviews cannot be hidden; a reply is one per review (PUT replaces it).
import { isSamePostText, type GoogleBusinessClient, type GoogleReview } from '@app/publishing';
import { asSourceErrors, credentialsOf } from './client-errors';
import type { IncomingComment, InboxSource, PollResult, ReplyTarget, SentReply, SourceAccount } from './source';
import { SourceError } from './source-error';

const SCOPE = 'reviews';
const MAX_PAGES = 5;

export class GoogleReviewSource implements InboxSource {
  readonly network = 'google_business' as const;

  constructor(private readonly client: GoogleBusinessClient) {}

  async poll(account: SourceAccount, cursors: ReadonlyMap<string, string>): Promise<PollResult> {
    const since = Number(cursors.get(SCOPE) ?? 0);
    let newest = since;
    const comments: IncomingComment[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const read = await asSourceErrors(() => this.client.listReviews(credentialsOf(account), pageToken));
      let older = false;
      for (const review of read.reviews) {
        const time = review.updateTime.getTime();
        // Newest first: from here on everything was read by an earlier poll.
        if (time < since) {
          older = true;
          break;
        }
        comments.push(...toIncoming(review));
        newest = Math.max(newest, time);
      }
      pageToken = read.nextPageToken;
      if (older || !pageToken) break;
    }
    return { comments, cursors: newest > since ? { [SCOPE]: String(newest) } : {} };
  }

  setHidden(): Promise<void> {
    return Promise.reject(new SourceError('rejected', 'Google does not let a business hide reviews'));
  }

  async reply(account: SourceAccount, target: ReplyTarget, text: string): Promise<SentReply> {
    await asSourceErrors(() => this.client.replyToReview(credentialsOf(account), reviewIdOf(target.externalId), text));
    return { externalId: replyIdOf(target.externalId) };
  }

  /** A review has at most one reply: ours is there when its text is the one we sent. */
  async findReply(account: SourceAccount, target: ReplyTarget, text: string): Promise<SentReply | null> {
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const read = await asSourceErrors(() => this.client.listReviews(credentialsOf(account), pageToken));
      const review = read.reviews.find((r) => r.name === target.externalId || r.reviewId === target.externalId);
      if (review)
        return review.reply && isSamePostText('google_business', text, review.reply.comment)
          ? { externalId: replyIdOf(target.externalId) }
          : null;
      pageToken = read.nextPageToken;
      if (!pageToken) break;
    }
    return null;
  }
}

const reviewIdOf = (externalId: string) => externalId.split('/').pop() as string;
const replyIdOf = (reviewExternalId: string) => `${reviewExternalId}/reply`;

function toIncoming(review: GoogleReview): IncomingComment[] {
  const items: IncomingComment[] = [
    {
      externalId: review.name,
      kind: 'review',
      parentExternalId: null,
      threadExternalId: review.name,
      postExternalId: null,
      authorExternalId: null,
      authorName: review.reviewer.isAnonymous ? 'A Google user' : (review.reviewer.displayName ?? 'A Google user'),
      authorHandle: null,
      text: review.comment ?? '',
      writtenAt: review.createTime,
      fromPractice: false,
    },
  ];
  if (review.reply)
    items.push({
      externalId: replyIdOf(review.name),
      kind: 'reply',
      parentExternalId: review.name,
      threadExternalId: review.name,
      postExternalId: null,
      authorExternalId: null,
      authorName: 'Reply from the owner',
      authorHandle: null,
      text: review.reply.comment,
      writtenAt: review.reply.updateTime,
      fromPractice: true,
    });
  return items;
}
