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

/** What a reply answers, in the network's ids. */
export interface ReplyTarget {
  kind: InboxItemKind;
  externalId: string;
  /** The top-level comment (networks that nest one level put answers to a reply under it). */
  threadExternalId: string;
  postExternalId: string | null;
}

/** Our reply as the network has it. */
export interface SentReply {
  externalId: string;
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
  /** Publishes the practice's reply. A timeout may leave it created: read back with findReply before retrying. */
  reply(account: SourceAccount, target: ReplyTarget, text: string): Promise<SentReply>;
  /** Our reply with this text under the target, if the network already has it (created at or after `since`). */
  findReply(account: SourceAccount, target: ReplyTarget, text: string, since: Date): Promise<SentReply | null>;
}
