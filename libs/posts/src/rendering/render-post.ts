// Renders a post for each of its targets exactly as it will be published, and hashes what was rendered:
// an approval covers these hashes, and the worker re-renders and compares before it publishes.
import { canonicalJson, plural, sha256Hex } from '@app/core';
import { Practice } from '@app/practices';
import { fitsNetwork, NETWORK_LIMITS, NETWORK_NAMES, postLength, withArticle, type Network } from '@app/publishing';
import { renderTemplate, TemplateRenderError, TemplateValidationError } from '@app/templates';
import { Post } from '../entities/post.entity';
import { postProblems } from './network-rules';
import { practiceVariables } from './practice-variables';

export interface RenderedTarget {
  accountId: string;
  network: Network;
  text: string;
  media: Post['media'];
  /** SHA-256 of { network, accountId, text, media }. */
  hash: string;
}

export interface RenderProblem {
  network: Network | 'base';
  message: string;
}

export interface RenderedPost {
  targets: RenderedTarget[];
  /** One text per network in use (or the base text rendered for Facebook when there are no targets). */
  texts: Partial<Record<Network, string>>;
  problems: RenderProblem[];
  /** SHA-256 over every target's hash: what a reviewer approves. Null when something failed to render. */
  contentHash: string | null;
}

export interface TargetRef {
  accountId: string;
  network: Network;
}

export function sourceFor(post: Pick<Post, 'baseText' | 'variants'>, network: Network): string {
  const variant = post.variants[network];
  return variant !== undefined && variant.trim() !== '' ? variant : post.baseText;
}

export function renderPost(post: Post, targets: TargetRef[], practice: Practice): RenderedPost {
  const problems: RenderProblem[] = [];
  const texts: Partial<Record<Network, string>> = {};
  const networks = [...new Set(targets.map((t) => t.network))];
  for (const network of networks) {
    try {
      const text = renderTemplate(sourceFor(post, network), {
        practice: practiceVariables(practice),
        vars: post.templateVars,
        network,
        timezone: post.timezone,
        scheduledAt: post.scheduledAt?.toISOString(),
      });
      texts[network] = text;
      if (text.trim() === '') problems.push({ network, message: `The ${label(network)} text is empty` });
      else if (!fitsNetwork(text, network)) {
        problems.push({
          network,
          message: `The ${label(network)} text is ${plural(postLength(text, network), 'character')}; the limit is ${NETWORK_LIMITS[network].toLocaleString('en-US')}${network === 'x' ? ' (as X counts them: links 23, emoji 2)' : ''}. Shorten it or write ${withArticle(label(network))} variant.`,
        });
      }
      for (const message of postProblems(post, network, text)) problems.push({ network, message });
    } catch (error) {
      if (error instanceof TemplateRenderError || error instanceof TemplateValidationError)
        problems.push({ network, message: error.message });
      else throw error;
    }
  }
  const rendered = targets
    .filter((t) => texts[t.network] !== undefined)
    .map((t) => {
      const text = texts[t.network]!;
      return {
        accountId: t.accountId,
        network: t.network,
        text,
        media: post.media,
        hash: targetHash(t, text, post.media, post.googlePost),
      };
    });
  const complete = problems.length === 0 && rendered.length > 0;
  return { targets: rendered, texts, problems, contentHash: complete ? combinedHash(rendered) : null };
}

/** Google's settings (type, button, event, offer) are part of what a reviewer approves for a Google target. */
export function targetHash(
  target: TargetRef,
  text: string,
  media: Post['media'],
  googlePost: Post['googlePost'] = null,
): string {
  const google = target.network === 'google_business' && googlePost ? { google: googlePost } : {};
  return sha256Hex(canonicalJson({ network: target.network, accountId: target.accountId, text, media, ...google }));
}

export function combinedHash(targets: Array<Pick<RenderedTarget, 'accountId' | 'hash'>>): string {
  return sha256Hex(
    canonicalJson(
      [...targets].sort((a, b) => a.accountId.localeCompare(b.accountId)).map((t) => [t.accountId, t.hash]),
    ),
  );
}

const label = (network: Network) => NETWORK_NAMES[network];
