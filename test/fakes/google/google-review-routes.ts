// Business Profile v4 reviews: list a location's reviews (pageSize <= 50, newest first), reply (PUT, at most
// 4,096 bytes) and delete the reply, with the same token, scope and manager checks as local posts.
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import type { FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { GoogleErrors } from './google-errors';
import type { GoogleBusinessFake, ReviewRecord } from './google-fake';
import { authed, locationFor, nextToken, pageOf } from './google-routes';

const REVIEWS = '/v4/(accounts/[^/]+)/(locations/[^/]+)/reviews';
const STARS = { ONE: 1, TWO: 2, THREE: 3, FOUR: 4, FIVE: 5 };
const ORDERS: Record<string, (a: ReviewRecord, b: ReviewRecord) => number> = {
  'updateTime desc': (a, b) => b.updateTime - a.updateTime,
  rating: (a, b) => STARS[a.starRating] - STARS[b.starRating] || b.updateTime - a.updateTime,
  'rating desc': (a, b) => STARS[b.starRating] - STARS[a.starRating] || b.updateTime - a.updateTime,
};

export function registerReviewRoutes(fake: GoogleBusinessFake, route: RegisterRoute): void {
  route('GET', new RegExp(`^${REVIEWS}$`), 'reviews', (req) => authed(fake, req, (t) => list(fake, req, t)));
  route('PUT', new RegExp(`^${REVIEWS}/([^/]+)/reply$`), 'reply', (req) =>
    authed(fake, req, (t) => reply(fake, req, t)),
  );
  route('DELETE', new RegExp(`^${REVIEWS}/([^/]+)/reply$`), 'reply', (req) =>
    authed(fake, req, (t) => unreply(fake, req, t)),
  );
}

function json(r: ReviewRecord): Record<string, unknown> {
  return {
    name: `${r.parent}/reviews/${r.reviewId}`,
    reviewId: r.reviewId,
    reviewer: r.reviewer.isAnonymous ? { isAnonymous: true } : { ...r.reviewer },
    starRating: r.starRating,
    ...(r.comment !== undefined ? { comment: r.comment } : {}),
    createTime: new Date(r.createTime).toISOString(),
    updateTime: new Date(r.updateTime).toISOString(),
    ...(r.reply
      ? { reviewReply: { comment: r.reply.comment, updateTime: new Date(r.reply.updateTime).toISOString() } }
      : {}),
  };
}

function list(fake: GoogleBusinessFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const parent = locationFor(fake, req, token);
  if (typeof parent !== 'string') return parent;
  const page = pageOf(req, 50);
  if ('status' in page) return page;
  // orderBy: "rating", "rating desc" or "updateTime desc" (the default); ascending updateTime is not offered.
  const orderBy = req.query.get('orderBy') ?? 'updateTime desc';
  const order = ORDERS[orderBy];
  if (!order)
    return GoogleErrors.invalidArgument('Request contains an invalid argument.', [
      { field: 'order_by', description: `Invalid order_by: ${orderBy}` },
    ]);
  const mine = fake.reviews.filter((r) => r.parent === parent).sort(order);
  const slice = mine.slice(page.from, page.from + page.size);
  const average = mine.length ? mine.reduce((sum, r) => sum + STARS[r.starRating], 0) / mine.length : 0;
  return {
    status: 200,
    json: {
      ...(slice.length ? { reviews: slice.map(json) } : {}),
      averageRating: Math.round(average * 10) / 10,
      totalReviewCount: mine.length,
      ...nextToken(page.from, page.size, mine.length),
    },
  };
}

function find(fake: GoogleBusinessFake, req: FakeRequest, token: TokenRecord): ReviewRecord | FakeResponse {
  const parent = locationFor(fake, req, token);
  if (typeof parent !== 'string') return parent;
  const review = fake.reviews.find((r) => r.parent === parent && r.reviewId === req.params[2]);
  return review ?? GoogleErrors.notFound(`${parent}/reviews/${req.params[2]}`);
}

function reply(fake: GoogleBusinessFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const review = find(fake, req, token);
  if ('status' in review) return review;
  const unknown = Object.keys(req.body.fields).find((k) => k !== 'comment' && k !== 'updateTime');
  if (unknown) return GoogleErrors.unknownField(unknown, '');
  const comment = req.body.fields.comment;
  if (typeof comment !== 'string' || !comment.trim())
    return GoogleErrors.invalidArgument('Request contains an invalid argument.', [
      { field: 'comment', description: 'The reply must not be empty' },
    ]);
  if (Buffer.byteLength(comment, 'utf8') > 4096)
    return GoogleErrors.invalidArgument('Request contains an invalid argument.', [
      { field: 'comment', description: 'The reply must be at most 4096 bytes' },
    ]);
  review.reply = { comment, updateTime: fake.nowMs() };
  return { status: 200, json: { comment, updateTime: new Date(review.reply.updateTime).toISOString() } };
}

function unreply(fake: GoogleBusinessFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const review = find(fake, req, token);
  if ('status' in review) return review;
  if (!review.reply) return GoogleErrors.notFound(`${review.parent}/reviews/${review.reviewId}/reply`);
  review.reply = undefined;
  return { status: 200, json: {} };
}
