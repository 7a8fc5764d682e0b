// Public API of the inbox lib: comment triage (a pure core), the stored inbox, its sources and use cases.
export { triage, triageByRules, modelFeaturesOf, storedTriageModel, type TriageOptions } from './triage/triage';
export type { FeatureSpans } from './triage/model/features';
export {
  MODEL_LABELS,
  MODEL_FILE,
  findModelDirectory,
  modelGate,
  modelMayAdd,
  type ModelGate,
  parseTriageModel,
  scoreLabel,
  type ModelLabel,
  type TriageModel,
} from './triage/model/model';
export { TRIAGE_LABELS } from './triage/types';
export type {
  DiscountedFinding,
  Strength,
  TriageFinding,
  TriageLabel,
  TriageProfile,
  TriageResult,
} from './triage/types';
export {
  INBOX_ITEM_KINDS,
  INBOX_NETWORKS,
  INBOX_STATUSES,
  type InboxNetwork,
  type InboxStatus,
  NETWORK_ACTIONS,
} from './networks';
export { InboxComment } from './entities/inbox-comment.entity';
export { InboxCursor } from './entities/inbox-cursor.entity';
export { InboxSettings } from './entities/inbox-settings.entity';
export type { IncomingComment, InboxSource, PollResult, SourceAccount } from './sources/source';
export { SourceError, type SourceErrorKind } from './sources/source-error';
export { FacebookSource } from './sources/facebook-source';
export { InstagramSource } from './sources/instagram-source';
export { GoogleReviewSource } from './sources/google-source';
export type { ReplyTarget, SentReply } from './sources/source';
export { InboxReply } from './entities/inbox-reply.entity';
export { REPLY_STATUSES, type ReplyStatus } from './replies/reply-states';
export type { ReplyFinding, ReplyVerdict } from './replies/reply-check';
export { ReplyWorkflow, REPLY_APPROVER_ROLES } from './usecases/reply-workflow';
export { SendReplies, DEFAULT_SEND_OPTIONS, type SendOptions, type SendReport } from './usecases/send-replies';
export { XSource } from './sources/x-source';
export { LinkedInSource } from './sources/linkedin-source';
export { answerHandshake, metaSignature, signatureMatches, type HandshakeAnswer } from './webhooks/meta-signature';
export { feedCommentEvents, type CommentVerb, type FeedCommentEvent } from './webhooks/facebook-feed-events';
export {
  InboxService,
  type CheckedReply,
  type InboxCounts,
  type InboxPolicy,
  type InboxQuery,
  type InboxThread,
} from './inbox-service';
export { readyReplies, type ReadyReply, type ReplyContext } from './replies/ready-replies';
export { ReceiveComments, type ReceiveReport } from './usecases/receive-comments';
export { FacebookWebhookIntake } from './usecases/facebook-webhook';
export { PollComments, type PollReport } from './usecases/poll-comments';
export { InboxModule, INBOX_SOURCES, inboxSources } from './inbox.module';
export { InboxWatch } from './inbox-watch';
export { UnansweredComments, DEFAULT_RESPONSE_MINUTES } from './usecases/unanswered-comments';

import { InboxComment } from './entities/inbox-comment.entity';
import { InboxCursor } from './entities/inbox-cursor.entity';
import { InboxSettings } from './entities/inbox-settings.entity';
import { InboxReply } from './entities/inbox-reply.entity';
export const INBOX_ENTITIES = [InboxComment, InboxCursor, InboxSettings, InboxReply];
