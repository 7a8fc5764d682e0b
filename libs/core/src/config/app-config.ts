// The validated configuration: one class, every variable documented, defaults that make `npm start` work.
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const RATIO = /^\s*\d+(\.\d+)?\s*(:\s*\d+(\.\d+)?\s*)?$/;
const URL_OPTS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Where the embedded database, the generated secret key and uploads live. */
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  /** postgres://user:pass@host:5432/db, or sqlite:<path> (default: SQLite file under DATA_DIR). */
  @IsOptional()
  @Matches(/^(postgres(ql)?:\/\/[^\s/]+\/[^\s]*|sqlite:.+)$/, {
    message: 'DATABASE_URL must look like postgres://user@host:5432/dbname or sqlite:./data/planner.sqlite',
  })
  DATABASE_URL?: string;

  /** PostgreSQL schema to use (tests give each suite its own). */
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' })
  DATABASE_SCHEMA?: string;

  /**
   * Set: queue mode (Bull on this Redis, separate API and workers, PostgreSQL required). Not set: embedded mode
   * (one process; the database is the timing, nothing else to run).
   */
  @IsOptional()
  @Matches(/^rediss?:\/\/[^\s/]+(:\d+)?(\/\d+)?$/, {
    message: 'REDIS_URL must look like redis://127.0.0.1:6379 or redis://:password@host:6379/0',
  })
  REDIS_URL?: string;

  /** Prefix for every Redis key and Bull queue, so several installations (or test suites) share one Redis. */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'QUEUE_PREFIX may contain letters, digits, - and _' })
  QUEUE_PREFIX = 'planner';

  /** Signs sessions and derives the token-encryption key. Generated under DATA_DIR when not set. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SECRET_KEY must be at least 32 characters (e.g. openssl rand -base64 48)' })
  SECRET_KEY?: string;

  /**
   * The address people use to reach the app; used in links (invites, OAuth callbacks, alerts). Instagram and
   * Google download a post's images from it (signed links under /api/media/public), so for them it must be the
   * app's public https address, reachable from the internet (a TLS proxy in front of the app is fine).
   */
  @IsUrl(URL_OPTS, { message: 'PUBLIC_URL must be an http(s) URL such as https://planner.example-dental.com' })
  PUBLIC_URL = 'http://localhost:3000';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * Signs the image links Instagram and Google fetch (HMAC-SHA256). Derived from SECRET_KEY when not set; set it
   * to the same value on the API and every worker when they do not share SECRET_KEY.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'MEDIA_LINK_SECRET must be at least 32 characters (e.g. openssl rand -base64 48)' })
  MEDIA_LINK_SECRET?: string;

  /** How long a signed image link works: long enough for the network to fetch it, short enough to be useless after. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  MEDIA_LINK_TTL_SECONDS = 900;

  /** Lifetime of a sign-in, in hours. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_HOURS = 12;

  /** Send the session cookie only over HTTPS (on by default when PUBLIC_URL is https). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  COOKIE_SECURE?: boolean;

  /** Failed sign-ins allowed per e-mail address and per client address in 15 minutes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_ATTEMPTS_PER_15_MIN = 10;

  @IsUrl(URL_OPTS, { message: 'FACEBOOK_GRAPH_URL must be an origin such as https://graph.facebook.com' })
  FACEBOOK_GRAPH_URL = 'https://graph.facebook.com';

  @IsUrl(URL_OPTS, { message: 'LINKEDIN_API_URL must be an origin such as https://api.linkedin.com' })
  LINKEDIN_API_URL = 'https://api.linkedin.com';

  /** LinkedIn retires each API version after about a year: keep this current (YYYYMM). */
  @Matches(/^20\d{2}(0[1-9]|1[0-2])$/, { message: 'LINKEDIN_VERSION must be YYYYMM, e.g. 202611' })
  LINKEDIN_VERSION = '202611';

  @IsUrl(URL_OPTS, { message: 'X_API_URL must be an origin such as https://api.x.com' })
  X_API_URL = 'https://api.x.com';

  /** Google Business Profile: the origin serving /v4/accounts/{a}/locations/{l}/localPosts (posts and reviews). */
  @IsUrl(URL_OPTS, { message: 'GOOGLE_BUSINESS_URL must be an origin such as https://mybusiness.googleapis.com' })
  GOOGLE_BUSINESS_URL = 'https://mybusiness.googleapis.com';

  /** Account Management API v1 (GET /v1/accounts): which business accounts a token reaches. */
  @IsUrl(URL_OPTS, {
    message: 'GOOGLE_ACCOUNTS_URL must be an origin such as https://mybusinessaccountmanagement.googleapis.com',
  })
  GOOGLE_ACCOUNTS_URL = 'https://mybusinessaccountmanagement.googleapis.com';

  /** Business Information API v1 (GET /v1/accounts/{a}/locations): the locations (offices) of an account. */
  @IsUrl(URL_OPTS, {
    message: 'GOOGLE_LOCATIONS_URL must be an origin such as https://mybusinessbusinessinformation.googleapis.com',
  })
  GOOGLE_LOCATIONS_URL = 'https://mybusinessbusinessinformation.googleapis.com';

  /** Google's OAuth 2.0 token endpoint (code exchange and refresh). */
  @IsUrl(URL_OPTS, { message: 'GOOGLE_OAUTH_URL must be an http(s) URL such as https://oauth2.googleapis.com/token' })
  GOOGLE_OAUTH_URL = 'https://oauth2.googleapis.com/token';

  /** OAuth apps (optional: without them, accounts are connected by entering a token). */
  @IsOptional() @IsString() FACEBOOK_APP_ID?: string;
  @IsOptional() @IsString() FACEBOOK_APP_SECRET?: string;
  /** How often workers read new comments from every account (the fallback when webhooks are off). */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86_400)
  INBOX_POLL_SECONDS = 300;

  /** The token Meta echoes when subscribing the Page feed webhook (without it, GET /api/webhooks/facebook refuses). */
  @IsOptional() @IsString() FACEBOOK_WEBHOOK_VERIFY_TOKEN?: string;
  @IsUrl(URL_OPTS, { message: 'FACEBOOK_OAUTH_AUTHORIZE_URL must be an http(s) URL' })
  FACEBOOK_OAUTH_AUTHORIZE_URL = 'https://www.facebook.com/v24.0/dialog/oauth';

  @IsOptional() @IsString() LINKEDIN_CLIENT_ID?: string;
  @IsOptional() @IsString() LINKEDIN_CLIENT_SECRET?: string;
  @IsUrl(URL_OPTS, { message: 'LINKEDIN_OAUTH_AUTHORIZE_URL must be an http(s) URL' })
  LINKEDIN_OAUTH_AUTHORIZE_URL = 'https://www.linkedin.com/oauth/v2/authorization';
  @IsUrl(URL_OPTS, { message: 'LINKEDIN_OAUTH_TOKEN_URL must be an http(s) URL' })
  LINKEDIN_OAUTH_TOKEN_URL = 'https://www.linkedin.com/oauth/v2/accessToken';

  @IsOptional() @IsString() X_CLIENT_ID?: string;
  @IsOptional() @IsString() X_CLIENT_SECRET?: string;
  @IsUrl(URL_OPTS, { message: 'X_OAUTH_AUTHORIZE_URL must be an http(s) URL' })
  X_OAUTH_AUTHORIZE_URL = 'https://x.com/i/oauth2/authorize';

  @IsOptional() @IsString() GOOGLE_CLIENT_ID?: string;
  @IsOptional() @IsString() GOOGLE_CLIENT_SECRET?: string;
  @IsUrl(URL_OPTS, { message: 'GOOGLE_OAUTH_AUTHORIZE_URL must be an http(s) URL' })
  GOOGLE_OAUTH_AUTHORIZE_URL = 'https://accounts.google.com/o/oauth2/v2/auth';

  /**
   * Instagram's limits change (hashtags went from 30 to 5 in December 2025): caption length, hashtags and
   * @mentions per post, checked before submission.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000) INSTAGRAM_CAPTION_LIMIT = 2200;
  @Transform(toInt) @IsInt() @Min(0) @Max(1000) INSTAGRAM_HASHTAG_LIMIT = 5;
  @Transform(toInt) @IsInt() @Min(0) @Max(1000) INSTAGRAM_MENTION_LIMIT = 20;

  /**
   * The image rules checked before submission, from each network's documentation; they change, so they are here.
   * Instagram: feed images from 4:5 (portrait) to 1.91:1 (landscape), as "width:height" or a number.
   */
  @Matches(RATIO, { message: 'INSTAGRAM_MIN_ASPECT_RATIO must be a ratio such as 4:5 or 0.8' })
  INSTAGRAM_MIN_ASPECT_RATIO = '4:5';
  @Matches(RATIO, { message: 'INSTAGRAM_MAX_ASPECT_RATIO must be a ratio such as 1.91:1 or 1.91' })
  INSTAGRAM_MAX_ASPECT_RATIO = '1.91:1';
  /** Google Business Profile photos: at least this many pixels wide and tall, and from MIN_KB to MAX_KB. */
  @Transform(toInt) @IsInt() @Min(1) @Max(10_000) GOOGLE_PHOTO_MIN_SIDE_PX = 250;
  @Transform(toInt) @IsInt() @Min(0) @Max(5120) GOOGLE_PHOTO_MIN_KB = 10;
  @Transform(toInt) @IsInt() @Min(1) @Max(5120) GOOGLE_PHOTO_MAX_KB = 5120;
  /** LinkedIn's Images API: at most this many pixels in one image. */
  @Transform(toInt) @IsInt() @Min(1) LINKEDIN_IMAGE_MAX_PIXELS = 36_152_320;

  /**
   * Videos are uploaded (streamed to disk, never held in memory) up to this many MB; a bigger upload is refused with
   * 413. Each network's own limits below are checked before submission. At most 2000 (the size column is 32-bit).
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(2000) MEDIA_VIDEO_MAX_MB = 512;
  /**
   * The video rules checked before submission, from each network's documentation (they change, so they are here).
   * Instagram reels: 3 s to 15 min, at most 300 MB, 1920 px wide, 23-60 frames a second, from 0.01:1 to 10:1.
   */
  @Transform(toInt) @IsNumber() @Min(0) INSTAGRAM_VIDEO_MIN_SECONDS = 3;
  @Transform(toInt) @IsNumber() @Min(1) INSTAGRAM_VIDEO_MAX_SECONDS = 900;
  @Transform(toInt) @IsNumber() @Min(0.1) INSTAGRAM_VIDEO_MAX_MB = 300;
  @Matches(RATIO, { message: 'INSTAGRAM_VIDEO_MIN_ASPECT_RATIO must be a ratio such as 9:16 or 0.5625' })
  INSTAGRAM_VIDEO_MIN_ASPECT_RATIO = '0.01:1';
  @Matches(RATIO, { message: 'INSTAGRAM_VIDEO_MAX_ASPECT_RATIO must be a ratio such as 16:9 or 10' })
  INSTAGRAM_VIDEO_MAX_ASPECT_RATIO = '10:1';
  @Transform(toInt) @IsInt() @Min(1) INSTAGRAM_VIDEO_MAX_WIDTH_PX = 1920;
  @Transform(toInt) @IsNumber() @Min(0) INSTAGRAM_VIDEO_MIN_FPS = 23;
  @Transform(toInt) @IsNumber() @Min(1) INSTAGRAM_VIDEO_MAX_FPS = 60;
  /** Facebook Page videos (chunked upload): 1 s to 240 min, at most 10 GB (so the store's own cap decides). */
  @Transform(toInt) @IsNumber() @Min(0) FACEBOOK_VIDEO_MIN_SECONDS = 1;
  @Transform(toInt) @IsNumber() @Min(1) FACEBOOK_VIDEO_MAX_SECONDS = 14_400;
  @Transform(toInt) @IsNumber() @Min(0.1) FACEBOOK_VIDEO_MAX_MB = 10_240;
  /** LinkedIn's Videos API: MP4 only, 3 s to 30 min, 75 KB to 500 MB, from 1:2.4 to 2.4:1. */
  @Transform(toInt) @IsNumber() @Min(0) LINKEDIN_VIDEO_MIN_SECONDS = 3;
  @Transform(toInt) @IsNumber() @Min(1) LINKEDIN_VIDEO_MAX_SECONDS = 1800;
  @Transform(toInt) @IsNumber() @Min(0) LINKEDIN_VIDEO_MIN_KB = 75;
  @Transform(toInt) @IsNumber() @Min(0.1) LINKEDIN_VIDEO_MAX_MB = 500;
  @Matches(RATIO, { message: 'LINKEDIN_VIDEO_MIN_ASPECT_RATIO must be a ratio such as 1:2.4' })
  LINKEDIN_VIDEO_MIN_ASPECT_RATIO = '1:2.4';
  @Matches(RATIO, { message: 'LINKEDIN_VIDEO_MAX_ASPECT_RATIO must be a ratio such as 2.4:1' })
  LINKEDIN_VIDEO_MAX_ASPECT_RATIO = '2.4:1';
  /** X (chunked media upload, tweet_video): 0.5 s to 140 s, at most 512 MB and 60 frames a second, 1:3 to 3:1. */
  @Transform(toInt) @IsNumber() @Min(0) X_VIDEO_MIN_SECONDS = 0.5;
  @Transform(toInt) @IsNumber() @Min(1) X_VIDEO_MAX_SECONDS = 140;
  @Transform(toInt) @IsNumber() @Min(0.1) X_VIDEO_MAX_MB = 512;
  @Transform(toInt) @IsNumber() @Min(1) X_VIDEO_MAX_FPS = 60;
  @Matches(RATIO, { message: 'X_VIDEO_MIN_ASPECT_RATIO must be a ratio such as 1:3' })
  X_VIDEO_MIN_ASPECT_RATIO = '1:3';
  @Matches(RATIO, { message: 'X_VIDEO_MAX_ASPECT_RATIO must be a ratio such as 3:1' })
  X_VIDEO_MAX_ASPECT_RATIO = '3:1';
  /**
   * Where Facebook Page videos are uploaded (Meta serves video uploads from graph-video.facebook.com). Unset: that
   * host when FACEBOOK_GRAPH_URL is Meta's, else FACEBOOK_GRAPH_URL itself (a proxy or the local fakes).
   */
  @IsOptional()
  @IsUrl(URL_OPTS, { message: 'FACEBOOK_GRAPH_VIDEO_URL must be an http(s) URL' })
  FACEBOOK_GRAPH_VIDEO_URL?: string;

  /**
   * Stored images (uploads and the copies made at submission) that no post, draft or template has named for this
   * many days are deleted by the media sweep, which runs every MEDIA_SWEEP_MINUTES on the workers.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(3650) MEDIA_RETENTION_DAYS = 30;
  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 60) MEDIA_SWEEP_MINUTES = 60;

  /** Extra CA certificate file (PEM) to trust for network calls, e.g. a corporate proxy's (or the local fakes'). */
  @IsOptional() @IsString() NETWORK_CA_FILE?: string;

  /** How long a call to a network may take before its outcome is treated as unknown. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  NETWORK_TIMEOUT_MS = 30_000;

  /**
   * Speak HTTP/2 to the networks' API hosts (they offer it): a burst's thousands of publishes share a few
   * connections instead of one each. false: HTTP/1.1 only (e.g. behind a proxy that breaks HTTP/2).
   */
  @Transform(toBool)
  @IsBoolean()
  NETWORK_HTTP2 = true;

  /** Per social account, at most this many publishes a minute (0 = no limit); the networks' own limits still apply. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  ACCOUNT_PUBLISHES_PER_MINUTE = 10;

  /** Publish jobs one worker process runs at once (mostly waiting on the networks; their database work is batched). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  WORKER_CONCURRENCY = 50;

  /**
   * Publish attempts one worker (or the embedded app) runs at once for targets prepared ahead, from their time on.
   * Each mostly waits on the network (a few hundred ms), so a burst due at 9:00 goes out within its first second
   * only if all of it is in flight at once: a fleet of 1,000 practices with 3 accounts each is 3,000 requests. Over
   * HTTP/2 they share a few connections; each costs about 10 KB of memory while in flight (bench:scheduler).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  PUBLISH_IN_FLIGHT = 3000;

  /**
   * A target's job runs this many seconds before its time to do the checks (render, PHI check, approval hash,
   * account) and the worker then publishes it at its time, so a burst of posts due at 9:00 costs only the
   * claim and the network call at 9:00. 0 = everything at the due time. The claim at the due time still
   * refuses anything rescheduled, cancelled or edited meanwhile, and re-checks what changed.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  PUBLISH_PREPARE_SECONDS = 10;

  /**
   * How long a claim on a target lasts unless its worker renews it; 0 = twice NETWORK_TIMEOUT_MS plus 30 s. A
   * worker renews the leases of its running attempts every third of this, so a lease ends only when its worker
   * died, hung or lost the database; then another worker takes the target over (reading back first). Shorter
   * hands a dead worker's targets on sooner, at the cost of more renewals.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  PUBLISH_LEASE_SECONDS = 0;

  /** A post more than this many minutes late (e.g. after an outage) is not published; it fails with an alert. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  MAX_LATENESS_MINUTES = 360;

  /** How often a worker compares the database with the queue and restores lost jobs. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  RECONCILE_SECONDS = 60;

  /** How often the worker looks for cadence gaps (and fills them where evergreen fill is on). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  CADENCE_CHECK_MINUTES = 15;

  /** How far ahead cadence gaps are looked for. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  CADENCE_LOOKAHEAD_DAYS = 14;

  /** A post still waiting for review this many hours before its time raises an alert. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 14)
  APPROVAL_WARNING_HOURS = 24;

  /** Alert e-mails go out through this SMTP server (smtp://user:pass@host:587); unset: in-app alerts only. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must look like smtp://user:pass@mail.example.com:587' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Practice Social Planner <no-reply@localhost>';

  /** Optional: alerts are also POSTed here as JSON, signed with ALERT_WEBHOOK_SECRET (HMAC-SHA256). */
  @IsOptional()
  @IsUrl(URL_OPTS, { message: 'ALERT_WEBHOOK_URL must be an http(s) URL' })
  ALERT_WEBHOOK_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ALERT_WEBHOOK_SECRET must be at least 16 characters' })
  ALERT_WEBHOOK_SECRET?: string;
}

/** The variable names, for messages and docs. */
export type ConfigKey = keyof AppConfig;
