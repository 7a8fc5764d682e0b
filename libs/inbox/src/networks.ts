// The networks the inbox reads, and what each can do to a comment. Instagram and Google Business Profile
// plug in as sources when those networks land; their rows use the same table and actions.

import { NETWORKS, type Network } from '@app/publishing';

/** Every network we publish to is read too. */
export const INBOX_NETWORKS = NETWORKS;
export type InboxNetwork = Network;

/** Where a comment came from: a network's push (webhook) or our own read (polling, catch-up). */
export const INBOX_SOURCES = ['webhook', 'poll'] as const;
export type InboxSourceKind = (typeof INBOX_SOURCES)[number];

/** A comment on our post, a reply inside a thread, a mention of our account, a review of the practice. */
export const INBOX_ITEM_KINDS = ['comment', 'reply', 'mention', 'review'] as const;
export type InboxItemKind = (typeof INBOX_ITEM_KINDS)[number];

export const INBOX_STATUSES = ['open', 'handled'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

/** Which actions a network offers (LinkedIn has no hide; Google reviews cannot be hidden). */
export const NETWORK_ACTIONS: Record<InboxNetwork, { hide: boolean; reply: boolean }> = {
  facebook: { hide: true, reply: true },
  instagram: { hide: true, reply: true },
  linkedin: { hide: false, reply: true },
  x: { hide: true, reply: true },
  google_business: { hide: false, reply: true },
};
