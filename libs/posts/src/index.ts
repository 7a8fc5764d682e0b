// Public surface of the posts lib: the post aggregate (posts, targets, reviews, comments, patient
// authorizations), its state machine, the rendering an approval hashes, and the workflow use cases.
export * from './posts.module';
export * from './content-checker';
export * from './phi-content-checker';
export * from './schedule-sync';
export * from './entities/post.entity';
export * from './entities/post-target.entity';
export * from './entities/patient-authorization.entity';
export * from './entities/post-comment.entity';
export * from './entities/practice-template.entity';
export * from './entities/review.entity';
export * from './entities/stored-image.entity';
export * from './rendering/practice-variables';
export * from './rendering/render-post';
export * from './templates/template-catalog';
export * from './state-machine';
export * from './post-commands';
export * from './template-library';
export * from './usecases/authorizations';
export * from './usecases/comments';
export * from './usecases/compose-post';
export * from './usecases/review-post';
export * from './usecases/evergreen-fill';
export * from './usecases/make-due-now';
export * from './usecases/retry-targets';
export * from './words/post-status-words';
export * from './words/target-outcome';
export { TargetStore, type RetryReason, type TargetRow } from './targets/target-store';
export { TargetSchedule, type SlotPost, type TargetTiming } from './targets/target-schedule';
export { WaitingTargets } from './targets/waiting-targets';
export type { Claimed, ClaimRequest } from './targets/claim';
export type { HeldClaim } from './targets/lease';
export type { Preflight, PublishExtras } from './targets/preflight';
export { buttonLabel, googleOptionsOf, googleProblems, mediaProblems } from './rendering/network-rules';
export type { PublishedTarget } from './targets/record-published';
export { statusFromTargets, settlePostStatuses } from './targets/post-status';

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
export * from './media/media-store';
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
