// The sentence a practice reads when a post could not go out; the network's own words are kept.
import { NETWORK_NAMES, type Network } from './network';
import type { PublishingErrorKind } from './publishing-error';

function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function practiceMessageFor(
  kind: PublishingErrorKind,
  network: Network,
  networkMessage: string,
  retryAt?: Date,
): string {
  const name = NETWORK_NAMES[network];
  let sentence: string;
  switch (kind) {
    case 'auth_expired':
      sentence = `${name} no longer accepts this account's connection (the sign-in expired or was revoked). Reconnect the account under Accounts to resume posting.`;
      break;
    case 'permission_denied':
      sentence = `${name} refused the post because the connected account is not allowed to publish there. Reconnect with an account that manages the page and grant every permission asked for.`;
      break;
    case 'rate_limited':
      sentence = `${name} is limiting how often we may post right now. We will try again automatically${retryAt ? ` after ${formatUtc(retryAt)}` : ''}.`;
      break;
    case 'duplicate':
      sentence = `${name} refused the post as a duplicate of one already published. Change the text if it should go out again.`;
      break;
    case 'rejected_content':
      sentence = `${name} refused the content of this post. To post it there, duplicate it, change what ${name} refused and send the copy for review.`;
      break;
    case 'transient':
      sentence = `${name} had a temporary problem and nothing was published. We will try again automatically.`;
      break;
    case 'unknown_outcome':
      sentence = `We could not confirm whether ${name} published this post. We will check the page before trying again, so it will not be posted twice.`;
      break;
    case 'version_retired':
      sentence = `Posting to ${name} is paused because ${name} retired the API version we use. Your administrator has been alerted.`;
      break;
  }
  const said = networkMessage.trim();
  return said ? `${sentence} ${name} said: "${said}"` : sentence;
}
