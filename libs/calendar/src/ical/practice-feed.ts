// Answers a calendar app's poll: the token names the user, the user's practice gives the posts.
import { DataSource } from 'typeorm';
import { Clock, NotFoundError } from '@app/core';
import { PracticeStore } from '@app/practices';
import { PostQueries } from '../post-queries-store';
import { buildCalendarFeed, FEED_STATUSES, feedEntryOf } from './calendar-feed';
import { CalendarFeedTokens } from './feed-tokens';

/** The window a feed covers: enough history to look back on, a half year of plans ahead. */
export const FEED_DAYS_BACK = 30;
export const FEED_DAYS_AHEAD = 180;
/** At most this many events (the earliest first); a calendar app polls the whole feed every time. */
export const FEED_MAX_EVENTS = 1000;

const DAY_MS = 86_400_000;

export class PracticeCalendarFeed {
  private readonly practices: PracticeStore;

  constructor(
    dataSource: DataSource,
    private readonly tokens: CalendarFeedTokens,
    private readonly queries: PostQueries,
    private readonly clock: Clock,
    private readonly publicUrl: string,
  ) {
    this.practices = new PracticeStore(dataSource);
  }

  /** The .ics text for a feed token; an unknown, revoked or deactivated user's token is a NotFound. */
  async render(token: string): Promise<string> {
    const user = await this.tokens.userFor(token);
    // The same answer for every failure, so the endpoint tells nothing about which tokens once existed.
    if (!user) throw new NotFoundError('Calendar feed');
    const practice = await this.practices.byId(user.practiceId);
    if (!practice) throw new NotFoundError('Calendar feed');
    const now = this.clock.now().getTime();
    const from = new Date(now - FEED_DAYS_BACK * DAY_MS);
    const to = new Date(now + FEED_DAYS_AHEAD * DAY_MS);
    const posts = await this.queries.calendar(practice.id, {
      from,
      to,
      statuses: [...FEED_STATUSES],
      limit: FEED_MAX_EVENTS,
    });
    return buildCalendarFeed(
      practice,
      posts.map((post) => feedEntryOf(post, practice)),
      { publicUrl: this.publicUrl, from, to },
    );
  }
}
