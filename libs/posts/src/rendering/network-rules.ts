// What each network needs from a post besides its text, checked when the post is rendered (compose, review,
// and again before publishing): how many images it takes (Instagram needs one and takes a carousel of 10;
// Google takes one photo), which image types, that Instagram and Google can download the images from this
// app (PUBLIC_URL), and that Google's event/offer/button settings are complete.
import {
  GOOGLE_ACTION_TYPES,
  GOOGLE_TOPIC_TYPES,
  NETWORK_MAX_IMAGES,
  NETWORK_NAMES,
  NETWORKS_NEEDING_IMAGE,
  networkTextProblems,
  publicOriginProblemInForce,
  type GooglePostOptions,
  type Network,
} from '@app/publishing';
import { GooglePostSettings, Post } from '../entities/post.entity';

const LOCAL = /^(\d{4}-\d{2}-\d{2})(?:T([01]\d|2[0-3]):([0-5]\d))?$/;
/** Networks that download each image themselves, from this app's signed links (no byte upload). */
const FETCH_BY_URL: readonly Network[] = ['instagram', 'google_business'];
/**
 * The image types a network takes, where it takes fewer than we store: Instagram JPEG; Google JPEG or PNG; LinkedIn's
 * Images API JPEG, PNG or GIF (no WebP); X's one-shot image upload JPEG, PNG or WebP (its media_type has no GIF:
 * an animated GIF needs the chunked upload, which this planner does not do).
 */
const IMAGE_TYPES: Partial<Record<Network, { types: readonly string[]; words: string }>> = {
  instagram: { types: ['image/jpeg'], words: 'JPEG images only' },
  google_business: { types: ['image/jpeg', 'image/png'], words: 'JPEG or PNG photos only' },
  linkedin: { types: ['image/jpeg', 'image/png', 'image/gif'], words: 'JPEG, PNG or GIF images only' },
  x: { types: ['image/jpeg', 'image/png', 'image/webp'], words: 'JPEG, PNG or WebP images only' },
};
const TYPE_WORDS: Record<string, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
};

export function postProblems(post: Pick<Post, 'media' | 'googlePost'>, network: Network, text: string): string[] {
  const name = NETWORK_NAMES[network];
  const problems = networkTextProblems(text, network);
  if (NETWORKS_NEEDING_IMAGE.includes(network) && post.media.length === 0)
    problems.push(`${name} posts need an image: add one (${name} has no text-only posts).`);
  const max = NETWORK_MAX_IMAGES[network];
  if (post.media.length > max)
    problems.push(
      `${name} takes at most ${max} image${max === 1 ? '' : 's'} in one post; this post has ${post.media.length}. Remove ${post.media.length - max}, or leave ${name} out of this post.`,
    );
  const origin = FETCH_BY_URL.includes(network) && post.media.length ? publicOriginProblemInForce() : undefined;
  if (origin)
    problems.push(
      `${name} downloads the images from this planner's public address, and ${origin}: ${name} cannot reach it. An administrator must set PUBLIC_URL to the planner's public https address (see the README, "Images on Instagram and Google").`,
    );
  const allowed = IMAGE_TYPES[network];
  const refused = allowed ? post.media.filter((m) => m.mimeType && !allowed.types.includes(m.mimeType)) : [];
  if (allowed && refused.length)
    problems.push(
      `${name} takes ${allowed.words}; ${refused.map((m) => `image ${post.media.indexOf(m) + 1} is ${TYPE_WORDS[m.mimeType!] ?? m.mimeType}`).join(', ')}. Save it as ${allowed.types.map((t) => TYPE_WORDS[t]).join(' or ')}, or leave ${name} out of this post.`,
    );
  if (network === 'google_business' && post.googlePost) problems.push(...googleProblems(post.googlePost));
  return problems;
}

export function googleProblems(settings: GooglePostSettings): string[] {
  const problems: string[] = [];
  if (!GOOGLE_TOPIC_TYPES.includes(settings.topicType))
    problems.push(`Google post type must be one of ${GOOGLE_TOPIC_TYPES.join(', ')}`);
  const cta = settings.callToAction;
  // Google ignores callToAction on an offer (LocalPost.callToAction: "Ignored for topic type OFFER"): a button
  // the preview shows would never appear.
  if (cta && settings.topicType === 'OFFER')
    problems.push(
      'Google shows no button on an offer: remove the button (put the link in the offer terms or the text).',
    );
  else if (cta) {
    if (!GOOGLE_ACTION_TYPES.includes(cta.actionType))
      problems.push(`The Google button must be one of ${GOOGLE_ACTION_TYPES.join(', ')}`);
    else if (cta.actionType === 'CALL' && cta.url)
      problems.push('The Google "Call" button takes no link: it dials the phone number on your Google listing.');
    else if (cta.actionType !== 'CALL' && !/^https:\/\/[^\s/]+\.[^\s]+$/.test(cta.url ?? ''))
      problems.push(`The Google "${buttonLabel(cta.actionType)}" button needs a link (https://...).`);
  }
  if (settings.topicType === 'EVENT' || settings.topicType === 'OFFER') {
    const what = settings.topicType === 'EVENT' ? 'event' : 'offer';
    const event = settings.event;
    if (!event?.title?.trim()) problems.push(`A Google ${what} needs a title.`);
    else if (event.title.length > 58) problems.push(`The Google ${what} title is at most 58 characters.`);
    const start = LOCAL.exec(event?.start ?? '');
    const end = LOCAL.exec(event?.end ?? '');
    if (!start || !end) problems.push(`A Google ${what} needs a start and an end (date, and time for an event).`);
    else if (
      (event!.end.length === 10 ? `${event!.end}T23:59` : event!.end) <
      (event!.start.length === 10 ? `${event!.start}T00:00` : event!.start)
    )
      problems.push(`The Google ${what} ends before it starts.`);
  } else if (settings.event || settings.offer) {
    problems.push('Event dates and offer details only apply to Google events and offers.');
  }
  return problems;
}

/** The settings as the client sends them: local dates and times in the practice's zone, as Google wants. */
export function googleOptionsOf(settings: GooglePostSettings | null): GooglePostOptions {
  if (!settings) return { topicType: 'STANDARD' };
  const local = (value: string) => {
    const m = LOCAL.exec(value);
    return m?.[2] ? { date: m[1], time: `${m[2]}:${m[3]}` } : { date: m?.[1] ?? value };
  };
  return {
    topicType: settings.topicType,
    callToAction: settings.topicType === 'OFFER' ? undefined : settings.callToAction,
    event: settings.event
      ? { title: settings.event.title, start: local(settings.event.start), end: local(settings.event.end) }
      : undefined,
    offer: settings.topicType === 'OFFER' ? settings.offer : undefined,
  };
}

export function buttonLabel(action: string): string {
  return { BOOK: 'Book', CALL: 'Call now', LEARN_MORE: 'Learn more', SIGN_UP: 'Sign up' }[action] ?? action;
}
