// A target checked ahead of its time (PUBLISH_PREPARE_SECONDS): what publishing it needs, and a fingerprint
// of what the checks read that the claim does not cover. At its time the claim refuses anything rescheduled,
// cancelled or edited (those change the target row); the fingerprint catches the rest (a disconnected account,
// a new token, a changed practice profile, a deleted post), and any difference means checking again.
import type { PostMedia, PublishExtras } from '@app/posts';
import type { AccountCredentials, Network } from '@app/publishing';

export interface PreparedTarget {
  targetId: string;
  accountId: string;
  /** Where it goes (its connections are warmed ahead of its time); unknown when it was not prepared. */
  network?: Network;
  /** When it goes out: its due time, or the retry time if later (ms). */
  runAt: number;
  dueAt: Date;
  nextAttemptAt: Date | null;
  /** Set when every check passed; otherwise the checks run again (and decide) at its time. */
  check?: PreparedCheck;
}

/** Kept small: a burst holds thousands of these in memory. */
export interface PreparedCheck {
  text: string;
  media: PostMedia | undefined;
  extras?: PublishExtras;
  credentials: AccountCredentials;
  approvedHash: string | null;
  fingerprint: string;
}
