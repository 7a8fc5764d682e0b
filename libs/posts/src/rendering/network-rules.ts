// What each network needs from a post besides its text, checked when the post is rendered (compose, review,
// and again before publishing): how many images it takes (Instagram needs one and takes a carousel of 10;
// Google takes one photo), which image types, each image's shape and size as the network documents them
// (Instagram 4:5 to 1.91:1, Google at least 250 × 250 and 10 KB to 5 MB, LinkedIn's pixel count), that
// Instagram and Google can download the images from this app (PUBLIC_URL), and that Google's
// event/offer/button settings are complete.
import {
  aspectWords,
  GOOGLE_ACTION_TYPES,
  GOOGLE_TOPIC_TYPES,
  imageRulesInForce,
  NETWORK_MAX_IMAGES,
  NETWORK_NAMES,
  NETWORKS_NEEDING_IMAGE,
  networkTextProblems,
  publicOriginProblemInForce,
  type GooglePostOptions,
  NETWORKS_FETCHING_MEDIA,
  type Network,
} from '@app/publishing';
import { GooglePostSettings, Post, PostMedia } from '../entities/post.entity';
import { isVideoItem, videoProblems } from './video-rules';

const LOCAL = /^(\d{4}-\d{2}-\d{2})(?:T([01]\d|2[0-3]):([0-5]\d))?$/;
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
  const problems = [...networkTextProblems(text, network), ...mediaProblems(post.media, network)];
  if (network === 'google_business' && post.googlePost) problems.push(...googleProblems(post.googlePost));
  return problems;
}

/**
 * What a network would refuse in these images: none where it needs one, too many, an address it cannot fetch
 * from, a type it does not take, and (from the facts read from each image's bytes) a shape or size outside its
 * documented limits. The composer's live image check runs this too.
 */
export function mediaProblems(media: readonly PostMedia[], network: Network): string[] {
  const name = NETWORK_NAMES[network];
  const problems: string[] = [];
  if (NETWORKS_NEEDING_IMAGE.includes(network) && media.length === 0)
    problems.push(`${name} posts need an image or a video: add one (${name} has no text-only posts).`);
  const max = NETWORK_MAX_IMAGES[network];
  const hasVideo = media.some((m) => isVideoItem(m));
  // A post with a video is judged by the video rules (it goes alone); the image count is for image posts.
  if (!hasVideo && media.length > max)
    problems.push(
      `${name} takes at most ${max} image${max === 1 ? '' : 's'} in one post; this post has ${media.length}. Remove ${media.length - max}, or leave ${name} out of this post.`,
    );
  const origin = NETWORKS_FETCHING_MEDIA.includes(network) && media.length ? publicOriginProblemInForce() : undefined;
  if (origin)
    problems.push(
      `${name} downloads the ${hasVideo ? 'video' : 'images'} from this planner's public address, and ${origin}: ${name} cannot reach it. An administrator must set PUBLIC_URL to the planner's public https address (see the README, "Images on Instagram and Google").`,
    );
  const allowed = IMAGE_TYPES[network];
  const refused = allowed
    ? media.filter((m) => m.mimeType && !isVideoItem(m) && !allowed.types.includes(m.mimeType))
    : [];
  if (allowed && refused.length)
    problems.push(
      `${name} takes ${allowed.words}; ${refused.map((m) => `image ${media.indexOf(m) + 1} is ${TYPE_WORDS[m.mimeType!] ?? m.mimeType}`).join(', ')}. Save it as ${allowed.types.map((t) => TYPE_WORDS[t]).join(' or ')}, or leave ${name} out of this post.`,
    );
  problems.push(...shapeProblems(media, network), ...videoProblems(media, network));
  return problems;
}

/** The documented limits on an image's shape and size (ImageRules, configurable), from its measured facts. */
function shapeProblems(media: readonly PostMedia[], network: Network): string[] {
  const rules = imageRulesInForce();
  const name = NETWORK_NAMES[network];
  const measured = media
    .map((m, index) => ({ ...m, n: index + 1 }))
    .filter(
      (m): m is PostMedia & { n: number; width: number; height: number } => !!m.width && !!m.height && !isVideoItem(m),
    );
  const list = (items: string[]) =>
    items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items[0];
  const problems: string[] = [];
  if (network === 'instagram') {
    const outside = measured.filter((m) => {
      const ratio = m.width / m.height;
      return ratio < rules.instagramMinAspect - 0.001 || ratio > rules.instagramMaxAspect + 0.001;
    });
    if (outside.length)
      problems.push(
        `Instagram takes images from ${aspectWords(rules.instagramMinAspect)} (portrait) to ${aspectWords(rules.instagramMaxAspect)} (landscape); ${list(outside.map((m) => `image ${m.n} is ${px(m)} (${aspectWords(m.width / m.height)}, ${m.width / m.height < rules.instagramMinAspect ? 'too tall' : 'too wide'})`))}. Crop it, or leave Instagram out of this post.`,
      );
  }
  if (network === 'google_business') {
    const small = measured.filter((m) => m.width < rules.googleMinSidePx || m.height < rules.googleMinSidePx);
    if (small.length)
      problems.push(
        `${name} needs photos at least ${rules.googleMinSidePx} × ${rules.googleMinSidePx} pixels; ${list(small.map((m) => `image ${m.n} is ${px(m)}`))}. Use a larger photo, or leave Google out of this post.`,
      );
    const sized = media
      .map((m, index) => ({ ...m, n: index + 1 }))
      .filter((m) => m.size !== undefined && !isVideoItem(m));
    const wrongSize = sized.filter((m) => m.size! < rules.googleMinBytes || m.size! > rules.googleMaxBytes);
    if (wrongSize.length)
      problems.push(
        `${name} takes photos from ${kb(rules.googleMinBytes)} to ${kb(rules.googleMaxBytes)}; ${list(wrongSize.map((m) => `image ${m.n} is ${kb(m.size!)}`))}. Save it ${wrongSize.some((m) => m.size! < rules.googleMinBytes) ? 'at a higher quality or size' : 'smaller'}, or leave Google out of this post.`,
      );
  }
  if (network === 'linkedin') {
    const huge = measured.filter((m) => m.width * m.height > rules.linkedinMaxPixels);
    if (huge.length)
      problems.push(
        `LinkedIn takes images of at most ${rules.linkedinMaxPixels.toLocaleString('en-US')} pixels; ${list(huge.map((m) => `image ${m.n} is ${px(m)}`))}. Make it smaller, or leave LinkedIn out of this post.`,
      );
  }
  return problems;
}

const px = (m: { width: number; height: number }) => `${m.width} × ${m.height}`;

/** Bytes as a person reads them: "9 KB", "4.2 MB". */
function kb(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round((bytes / 1048576) * 10) / 10} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
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
