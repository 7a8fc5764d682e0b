// Migrations run in this order on SQLite. Generate new ones with `npm run migration:generate -- <Name>`.
import { AlertDeliveryLeasesSqlite1796587802113 } from './1796587802113-AlertDeliveryLeases';
import { StoredVideosSqlite1796573158073 } from './1796573158073-StoredVideos';
import { StoredImagesSqlite1796562316837 } from './1796562316837-StoredImages';
import { AlertChannelsAccountPicturesSqlite1796546450733 } from './1796546450733-AlertChannelsAccountPictures';
import { InboxRepliesSqlite1796547242897 } from './1796547242897-InboxReplies';
import { MembershipsSqlite1796546520667 } from './1796546520667-Memberships';
import { AccountTokenIssuedAtSqlite1795660017001 } from './1795660017001-AccountTokenIssuedAt';
import { PartlyPublishedPostsSqlite1795660017000 } from './1795660017000-PartlyPublishedPosts';
import { GooglePostSettingsSqlite1796535948699 } from './1796535948699-GooglePostSettings';
import { InboxSqlite1796536196813 } from './1796536196813-Inbox';
import { DropRedundantTargetPostIndexSqlite1795641961589 } from './1795641961589-DropRedundantTargetPostIndex';
import { PatientAuthorizationsSqlite1795626513968 } from './1795626513968-PatientAuthorizations';
import { AlertsSqlite1795624032474 } from './1795624032474-Alerts';
import { PracticeTemplatesSqlite1795623756120 } from './1795623756120-PracticeTemplates';
import { CalendarFeedTokenSqlite1795623660850 } from './1795623660850-CalendarFeedToken';
import { PostsAndReviewsSqlite1795623415076 } from './1795623415076-PostsAndReviews';
import { InitialSchemaSqlite1795622650700 } from './1795622650700-InitialSchema';
import { AuditAppendOnlySqlite1795622650800 } from './1795622650800-AuditAppendOnly';
export const sqliteMigrations = [
  InitialSchemaSqlite1795622650700,
  AuditAppendOnlySqlite1795622650800,
  PostsAndReviewsSqlite1795623415076,
  CalendarFeedTokenSqlite1795623660850,
  PracticeTemplatesSqlite1795623756120,
  AlertsSqlite1795624032474,
  PatientAuthorizationsSqlite1795626513968,
  DropRedundantTargetPostIndexSqlite1795641961589,
  PartlyPublishedPostsSqlite1795660017000,
  AccountTokenIssuedAtSqlite1795660017001,
  GooglePostSettingsSqlite1796535948699,
  InboxSqlite1796536196813,
  AlertChannelsAccountPicturesSqlite1796546450733,
  MembershipsSqlite1796546520667,
  InboxRepliesSqlite1796547242897,
  StoredImagesSqlite1796562316837,
  StoredVideosSqlite1796573158073,
  AlertDeliveryLeasesSqlite1796587802113,
];
