// Migrations run in this order on PostgreSQL. Generate new ones with `npm run migration:generate -- <Name>`.
import { AlertDeliveryLeasesPostgres1796587802113 } from './1796587802113-AlertDeliveryLeases';
import { StoredVideosPostgres1796573158073 } from './1796573158073-StoredVideos';
import { StoredImagesPostgres1796562316837 } from './1796562316837-StoredImages';
import { AlertChannelsAccountPicturesPostgres1796546450733 } from './1796546450733-AlertChannelsAccountPictures';
import { InboxRepliesPostgres1796547242897 } from './1796547242897-InboxReplies';
import { MembershipsPostgres1796546520667 } from './1796546520667-Memberships';
import { AccountTokenIssuedAtPostgres1795660017001 } from './1795660017001-AccountTokenIssuedAt';
import { PartlyPublishedPostsPostgres1795660017000 } from './1795660017000-PartlyPublishedPosts';
import { GooglePostSettingsPostgres1796535948699 } from './1796535948699-GooglePostSettings';
import { InboxPostgres1796536196813 } from './1796536196813-Inbox';
import { DropRedundantTargetPostIndexPostgres1795641961589 } from './1795641961589-DropRedundantTargetPostIndex';
import { PatientAuthorizationsPostgres1795626513968 } from './1795626513968-PatientAuthorizations';
import { AlertsPostgres1795624032474 } from './1795624032474-Alerts';
import { PracticeTemplatesPostgres1795623756120 } from './1795623756120-PracticeTemplates';
import { CalendarFeedTokenPostgres1795623660850 } from './1795623660850-CalendarFeedToken';
import { PostsAndReviewsPostgres1795623415076 } from './1795623415076-PostsAndReviews';
import { InitialSchemaPostgres1795622650700 } from './1795622650700-InitialSchema';
import { AuditAppendOnlyPostgres1795622650800 } from './1795622650800-AuditAppendOnly';
export const postgresMigrations = [
  InitialSchemaPostgres1795622650700,
  AuditAppendOnlyPostgres1795622650800,
  PostsAndReviewsPostgres1795623415076,
  CalendarFeedTokenPostgres1795623660850,
  PracticeTemplatesPostgres1795623756120,
  AlertsPostgres1795624032474,
  PatientAuthorizationsPostgres1795626513968,
  DropRedundantTargetPostIndexPostgres1795641961589,
  PartlyPublishedPostsPostgres1795660017000,
  AccountTokenIssuedAtPostgres1795660017001,
  GooglePostSettingsPostgres1796535948699,
  InboxPostgres1796536196813,
  AlertChannelsAccountPicturesPostgres1796546450733,
  MembershipsPostgres1796546520667,
  InboxRepliesPostgres1796547242897,
  StoredImagesPostgres1796562316837,
  StoredVideosPostgres1796573158073,
  AlertDeliveryLeasesPostgres1796587802113,
];
