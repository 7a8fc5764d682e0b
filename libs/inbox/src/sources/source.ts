// The one interface every network's inbox source implements. A new network (Instagram comments, Google
// reviews) is a new InboxSource: the store, triage, alerts, actions and API do not change.
import type { InboxItemKind, InboxNetwork } from '../networks';

/** What a source needs to talk to the network for one connected account. */
export interface SourceAccount {
  id: string;
  practiceId: string;
  network: InboxNetwork;
  /** Page id, organization id, X user id, Instagram user id, Business Profile location name. */
  externalId: string;
  handle: string | null;
  accessToken: string;
}

/** A comment as the network gave it, mapped to one shape. */
export interface IncomingComment {
  externalId: string;
  kind: InboxItemKind;
  parentExternalId: string | null;
  /** The top-level comment's id (its own id when top-level). */
  threadExternalId: string;
  postExternalId: string | null;
  authorExternalId: string | null;
  authorName: string;
  authorHandle: string | null;
  text: string;
  writtenAt: Date;
  fromPractice: boolean;
  hidden?: boolean;
}

/** One poll of one scope: what was new, and the cursor to start from next time. */
export interface PollResult {
  comments: IncomingComment[];
  /** Cursor per scope to store (only scopes that moved). */
  cursors: Record<string, string>;
}

export interface InboxSource {
  readonly network: InboxNetwork;
  /**
   * Reads what is new since the stored cursors. `postIds` are the network ids of our recent posts on
   * this account (sources that read comments per post need them; mention-based sources ignore them).
   */
  poll(account: SourceAccount, cursors: ReadonlyMap<string, string>, postIds: readonly string[]): Promise<PollResult>;
  /** Hides or shows a comment on the network (only where NETWORK_ACTIONS says it can). */
  setHidden(account: SourceAccount, commentExternalId: string, hidden: boolean): Promise<void>;
}
