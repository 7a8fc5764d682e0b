// Builds the iCalendar feed a practice subscribes to in Outlook, Google or Apple Calendar: one short,
// non-blocking event per dated post, at the post's instant in the practice's zone.
import ical, { ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { DateTime } from 'luxon';
import { NETWORK_NAMES, NETWORKS, type Network } from '@app/publishing';
import { Practice } from '@app/practices';
import { Post, POST_STATUS_LABELS as STATUS_LABELS, PostStatus, renderPost } from '@app/posts';
import { vtimezoneOf } from './vtimezone';

/**
 * What the feed shows: every post with a date that may still go out or already did. Rejected posts
 * are left out (they will never publish), and so are posts with no date (nothing to place).
 */
export const FEED_STATUSES: readonly PostStatus[] = [
  'draft',
  'in_review',
  'changes_requested',
  'approved',
  'scheduled',
  'publishing',
  'published',
  'partly_published',
  'failed',
];

/**
 * Statuses whose text has passed review. The feed leaves a calendar provider's servers holding only
 * text a reviewer approved for publication: an unreviewed draft may still name a patient.
 */
const REVIEWED: ReadonlySet<PostStatus> = new Set([
  'approved',
  'scheduled',
  'publishing',
  'published',
  'partly_published',
  'failed',
]);

export const FEED_EVENT_MINUTES = 15;
const SUMMARY_TEXT_LENGTH = 60;

/** One post as the feed shows it; `text` is null when it must not leave the app (not yet reviewed). */
export interface FeedEntry {
  postId: string;
  status: PostStatus;
  scheduledAt: Date;
  createdAt: Date;
  updatedAt: Date;
  networks: Network[];
  text: string | null;
  /** Links to the published posts, when there are any. */
  publishedUrls: string[];
}

export interface FeedOptions {
  /** The app's public address (PUBLIC_URL); links and event UIDs are built from it. */
  publicUrl: string;
  /** The range the feed covers; the VTIMEZONE spans it. */
  from: Date;
  to: Date;
}

/** The feed's view of a post: the text as it will be published (rendered), only once reviewed. */
export function feedEntryOf(post: Post, practice: Practice): FeedEntry {
  if (!post.scheduledAt) throw new Error(`Post ${post.id} has no date and cannot be placed in the feed`);
  const targets = post.targets ?? [];
  const networks = [...new Set(targets.map((t) => t.network))].sort(
    (a, b) => NETWORKS.indexOf(a) - NETWORKS.indexOf(b),
  );
  let text: string | null = null;
  if (REVIEWED.has(post.status)) {
    // With no accounts yet, the Facebook rendering stands in: the feed shows filled-in text, never {{variables}}.
    const refs = targets.length
      ? targets.map((t) => ({ accountId: t.accountId, network: t.network }))
      : [{ accountId: '', network: 'facebook' as const }];
    const rendered = renderPost(post, refs, practice);
    text = (NETWORKS.map((n) => rendered.texts[n]).find((t) => t !== undefined) ?? post.baseText).trim();
  }
  return {
    postId: post.id,
    status: post.status,
    scheduledAt: post.scheduledAt,
    createdAt: post.createdAt,
    updatedAt: post.updatedAt,
    networks,
    text,
    publishedUrls: targets.map((t) => t.url).filter((url): url is string => typeof url === 'string' && url !== ''),
  };
}
export function buildCalendarFeed(
  practice: Pick<Practice, 'name' | 'timezone'>,
  entries: FeedEntry[],
  options: FeedOptions,
): string {
  const base = options.publicUrl.replace(/\/+$/, '');
  const host = new URL(base).hostname;
  const zone = practice.timezone;
  const calendar = ical({
    name: `${practice.name}: social posts`,
    description: `Planned and published social media posts of ${practice.name}`,
    prodId: { company: 'Practice Social Planner', product: 'Calendar feed', language: 'EN' },
    // Events carry TZID=<zone>; the calendar itself has no zone so DTSTAMP and LAST-MODIFIED stay in UTC.
    timezone: { name: null, generator: (tz) => vtimezoneOf(tz, options.from, options.to) },
    ttl: 60 * 60,
    x: [{ key: 'X-WR-TIMEZONE', value: zone }],
  });
  for (const entry of entries) {
    const link = `${base}/posts/${entry.postId}`;
    const start = DateTime.fromJSDate(entry.scheduledAt, { zone });
    calendar.createEvent({
      id: `${entry.postId}@${host}`,
      start,
      end: start.plus({ minutes: FEED_EVENT_MINUTES }),
      timezone: zone,
      stamp: DateTime.fromJSDate(entry.updatedAt, { zone: 'UTC' }),
      created: DateTime.fromJSDate(entry.createdAt, { zone: 'UTC' }),
      lastModified: DateTime.fromJSDate(entry.updatedAt, { zone: 'UTC' }),
      summary: summaryOf(entry),
      description: descriptionOf(entry, link),
      url: link,
      status: REVIEWED.has(entry.status) ? ICalEventStatus.CONFIRMED : ICalEventStatus.TENTATIVE,
      // A post is not a meeting: it must not make anyone look busy.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return calendar.toString();
}

/** "[Scheduled] Flu shots are in… (Facebook, X)". */
export function summaryOf(entry: FeedEntry): string {
  const text =
    entry.text === null ? 'Post not yet approved' : shorten(entry.text, SUMMARY_TEXT_LENGTH) || 'Post with no text';
  return `[${STATUS_LABELS[entry.status]}] ${text} (${networkList(entry)})`;
}

function descriptionOf(entry: FeedEntry, link: string): string {
  const lines = [
    `Status: ${STATUS_LABELS[entry.status]}`,
    `Networks: ${networkList(entry)}`,
    `Open in the planner: ${link}`,
  ];
  for (const url of entry.publishedUrls) lines.push(`Published: ${url}`);
  lines.push('', entry.text ?? 'The text is shown here once a reviewer approves it.');
  return lines.join('\n');
}

function networkList(entry: FeedEntry): string {
  return entry.networks.length ? entry.networks.map((n) => NETWORK_NAMES[n]).join(', ') : 'no accounts yet';
}

/** Whitespace collapsed to single spaces, cut at a word (or at least a code point) boundary, with an ellipsis. */
function shorten(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= length) return flat;
  const cut = chars.slice(0, length - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(chars[length - 1] !== ' ' && space > cut.length - 15 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
