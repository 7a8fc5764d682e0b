// Public surface of the posts lib: the post aggregate (posts, targets, reviews, comments, patient
// authorizations), its state machine, the rendering an approval hashes, and the workflow use cases.
export { PostsModule, publicMediaLinksFrom } from './posts.module';
export {
  type CheckAuthorization,
  type CheckFinding,
  CONTENT_CHECKER,
  type ContentChecker,
  type ContentCheckOptions,
  type ContentCheckResult,
} from './content-checker';
export { PHI_CONTENT_CHECKER } from './phi-content-checker';
export { SCHEDULE_SYNC, type ScheduleSync } from './schedule-sync';
export {
  type GooglePostSettings,
  type NetworkTexts,
  Post,
  POST_STATUSES,
  type PostMedia,
  type PostStatus,
  type StoredFinding,
} from './entities/post.entity';
export {
  compareTargets,
  PostTarget,
  TARGET_ORDER,
  TARGET_STATUSES,
  type TargetStatus,
} from './entities/post-target.entity';
export {
  AUTHORIZATION_USES,
  type AuthorizationUse,
  PatientAuthorization,
} from './entities/patient-authorization.entity';
export { PostComment } from './entities/post-comment.entity';
export { PracticeTemplate } from './entities/practice-template.entity';
export { type Decision, DECISIONS, Review, type WarnOverride } from './entities/review.entity';
export { StoredImage, type StoredImageSource } from './entities/stored-image.entity';
export { practiceVariables } from './rendering/practice-variables';
export {
  combinedHash,
  type RenderedPost,
  type RenderedTarget,
  renderPost,
  type RenderProblem,
  sourceFor,
  targetHash,
  type TargetRef,
} from './rendering/render-post';
export { type CatalogTemplate, type DraftFromTemplate, TemplateCatalog } from './templates/template-catalog';
export {
  assertCan,
  canDo,
  isSettled,
  type PostAction,
  PUBLISH_OUTCOMES,
  publishingActionFor,
  type PublishOutcomeStatus,
  statesAllowing,
  transition,
} from './state-machine';
export { ACTION_ROLES, availableCommands, POST_COMMANDS, type PostCommand } from './post-commands';
export { findConfigDir, TEMPLATE_LIBRARY, TemplateLibrary } from './template-library';
export { forChecker, type NewAuthorization, PatientAuthorizations } from './usecases/authorizations';
export { PostComments } from './usecases/comments';
export { ComposePost, contentOf, listOf, type NewPostInput, type PostInput } from './usecases/compose-post';
export { type ApproveInput, ReviewPost } from './usecases/review-post';
export { EvergreenFill } from './usecases/evergreen-fill';
export { MakeDueNow } from './usecases/make-due-now';
export { type ApiVersionOf, RetryTargets } from './usecases/retry-targets';
export {
  POST_STATUS_LABELS,
  postStatusText,
  publishProgress,
  type PublishProgress,
  TIME_PASSED_NOTE,
  TIME_PASSED_TEXT,
  timePassedUnpublished,
} from './words/post-status-words';
export {
  describeTarget,
  NEEDS_NEW_REVIEW,
  type TargetOutcome,
  type TargetState,
  WAITING_FOR_RECONNECT,
} from './words/target-outcome';
export { TargetStore, type RetryReason, type TargetRow } from './targets/target-store';
export { TargetSchedule, type SlotPost, type TargetTiming } from './targets/target-schedule-store';
export { WaitingTargets } from './targets/waiting-targets-store';
export type { Claimed, ClaimRequest } from './targets/store/claim';
export type { HeldClaim } from './targets/store/lease';
export type { Preflight, PublishExtras } from './targets/store/preflight';
export { buttonLabel, googleOptionsOf, googleProblems, mediaProblems } from './rendering/network-rules';
export type { PublishedTarget } from './targets/store/record-published';
export { statusFromTargets, settlePostStatuses } from './targets/store/post-status';

import { PatientAuthorization } from './entities/patient-authorization.entity';
import { PostComment } from './entities/post-comment.entity';
import { Post } from './entities/post.entity';
import { PostTarget } from './entities/post-target.entity';
import { PracticeTemplate } from './entities/practice-template.entity';
import { Review } from './entities/review.entity';
import { StoredImage } from './entities/stored-image.entity';
export const POST_ENTITIES = [
  Post,
  PostTarget,
  Review,
  PostComment,
  PracticeTemplate,
  PatientAuthorization,
  StoredImage,
];
export { groupFindings, type PhraseFinding } from './findings';
export {
  extensionOf,
  type ImageFacts,
  imageTypeOf,
  isVideoType,
  type LocatedMedia,
  MAX_MEDIA_BYTES,
  measureImage,
  MediaStore,
  sha256Of,
  sha256OfFile,
  type StoredMedia,
  uploadIdOf,
} from './media/media-store';
export { PUBLIC_MEDIA_PATH, PublicMediaLinks, type PublicMediaRef, type LinkVerdict } from './media/public-media-links';
export { PublicMedia } from './media/public-media';
export { PostImages, type InspectedImage, type MediaFacts, type StoredUpload } from './media/post-images';
export { StoredImages, type StoredVideo } from './media/stored-images-store';
export { UploadReceiver, type ReceivedFile, type UploadLimits } from './media/upload-receiver';
export { readVideoFacts, type VideoFacts, type VideoFormat } from './media/video-facts';
export { MediaSweep, READ_BACK_WINDOW_MS, type MediaSweepReport, type MediaSweepSettings } from './media/media-sweep';
export {
  assertNotOwnPost,
  blockingFindings,
  isOwnPost,
  stillApproved,
  unacceptedFindings,
  type AcceptedWarning,
  type RuleFinding,
} from './approval-rules';
export {
  PracticeTimezone,
  ZONE_CHANGE_CHOICES,
  type PlannedTime,
  type ZoneChangeChoice,
  type ZoneChangeEffect,
  type ZoneChangePreview,
} from './usecases/practice-timezone';
