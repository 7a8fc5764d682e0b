// Turns a library template into the text of a post for one network: its variant (or body),
// rendered, then its hashtags as far as the network's limit allows.
import { instagramRulesInForce, NETWORK_LIMITS, Network, postLength } from '../networks';
import { renderTemplate, RenderContext } from '../render';
import { LibraryTemplate } from './types';

export function templateSourceFor(template: LibraryTemplate, network: Network): string {
  return template.variants?.[network] ?? template.body;
}

/**
 * Hashtags go on a line of their own after the text. On X each one is added only if the post still
 * fits, in the order listed (so list the most important first); a hashtag is never cut.
 */
export function composeLibraryPost(template: LibraryTemplate, context: RenderContext): string {
  const text = renderTemplate(templateSourceFor(template, context.network), context);
  return appendHashtags(text, template.hashtags, context.network);
}

export function appendHashtags(text: string, hashtags: readonly string[], network: Network): string {
  const kept: string[] = [];
  // Instagram refuses a caption past its hashtag limit (5 since December 2025): keep the first ones.
  const most = network === 'instagram' ? instagramRulesInForce().hashtagLimit : Number.POSITIVE_INFINITY;
  for (const tag of hashtags) {
    if (kept.length >= most) break;
    const candidate = `${text}\n\n${[...kept, `#${tag}`].join(' ')}`;
    if (postLength(candidate, network) <= NETWORK_LIMITS[network]) kept.push(`#${tag}`);
  }
  return kept.length > 0 ? `${text}\n\n${kept.join(' ')}` : text;
}
