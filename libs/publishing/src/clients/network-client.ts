// The one interface the scheduler uses for every network, and the shapes it passes in and gets back.
import type { Network } from '../errors/network';

/** What a client needs to act for one connected account (tokens already decrypted). */
export interface AccountCredentials {
  accessToken: string;
  refreshToken?: string;
  /**
   * Facebook Page id, LinkedIn organization id (or full urn), X user id, Instagram professional account id,
   * Google location `accounts/{a}/locations/{l}`.
   */
  externalAccountId: string;
  expiresAt?: Date;
}

export interface PostMedia {
  /** The image itself; LinkedIn and X need bytes. */
  bytes?: Buffer | Uint8Array;
  /**
   * A video in the media store: Facebook, LinkedIn and X upload it in chunks read from this file (never the whole
   * file in memory). Its `mimeType` is video/mp4 or video/quicktime.
   */
  file?: { path: string; size: number };
  /** A public https URL the network fetches itself (Facebook only); never a private address. */
  url?: string;
  mimeType: string;
  altText?: string;
  filename?: string;
}

/** Final per-network text (see rendering/) and an optional image. */
export interface RenderedPost {
  text: string;
  /** The first image (the networks that take one). */
  media?: PostMedia;
  /** Every image, in order, when the network takes several (an Instagram carousel); `media` is the first. */
  images?: PostMedia[];
  /** Google Business Profile: what kind of local post, its button, event dates and offer. */
  google?: GooglePostOptions;
}

export const GOOGLE_TOPIC_TYPES = ['STANDARD', 'EVENT', 'OFFER'] as const;
export type GoogleTopicType = (typeof GOOGLE_TOPIC_TYPES)[number];
/** The buttons a local post can carry (Google also has ORDER and SHOP, which a practice does not use). */
export const GOOGLE_ACTION_TYPES = ['BOOK', 'CALL', 'LEARN_MORE', 'SIGN_UP'] as const;
export type GoogleActionType = (typeof GOOGLE_ACTION_TYPES)[number];

/** Local wall time in the practice's zone, as Google wants it (Date + TimeOfDay, no zone). */
export interface LocalDateTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm, optional (an all-day event) */
  time?: string;
}

export interface GooglePostOptions {
  topicType: GoogleTopicType;
  /** CALL dials the listing's phone and takes no url; the others need an https url. */
  callToAction?: { actionType: GoogleActionType; url?: string };
  /** EVENT and OFFER: a title and when it runs, in the practice's zone. */
  event?: { title: string; start: LocalDateTime; end: LocalDateTime };
  offer?: { couponCode?: string; redeemOnlineUrl?: string; termsConditions?: string };
}

export interface PublishedPost {
  /** FB `{page-id}_{post-id}`, LinkedIn `urn:li:share:N` / `urn:li:ugcPost:N`, X tweet id. */
  externalId: string;
  url: string;
}

export interface RecentPost {
  externalId: string;
  /** The text as the network returns it (LinkedIn: the little-text commentary, as sent). */
  text: string;
  createdAt: Date;
  url: string;
}

export interface RefreshedTokens {
  accessToken: string;
  /** Absent when the network keeps the old one; callers must never overwrite a good token with nothing. */
  refreshToken?: string;
  expiresAt?: Date;
  refreshTokenExpiresAt?: Date;
  scopes?: string[];
}

export interface VerifiedAccount {
  ok: true;
  externalAccountId: string;
  name?: string;
  /**
   * The account's picture as the network serves it (Facebook Page picture, X profile image, Instagram's, the LinkedIn
   * page's logo, the Google location's profile or logo photo); absent when it has none.
   */
  pictureUrl?: string;
}

export interface NetworkClient {
  readonly network: Network;
  /** Publishes now. Throws PublishingError; on unknown_outcome call findRecent before retrying. */
  publish(account: AccountCredentials, post: RenderedPost): Promise<PublishedPost>;
  /**
   * Posts of this account created at or after `since` (to the network's precision: whole seconds on X
   * and Facebook), newest first, read across as many pages as the window needs (capped at
   * RECENT_MAX_PAGES of the network's biggest page).
   */
  findRecent(account: AccountCredentials, since: Date): Promise<RecentPost[]>;
  /** X/LinkedIn refresh-token grant; Facebook long-lived token exchange. */
  refresh(account: AccountCredentials): Promise<RefreshedTokens>;
  /** Proves the token works for this account (connect time and daily health check). */
  verify(account: AccountCredentials): Promise<VerifiedAccount>;
}

/** Tokens an OAuth code exchange returns. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: Date;
  refreshTokenExpiresAt?: Date;
  scopes: string[];
}

export interface AuthorizationRequest {
  /** Send the browser here. */
  url: string;
  /** Keep in the session; compare with the `state` coming back. */
  state: string;
  /** X (PKCE): keep in the session, pass to exchangeCode. */
  codeVerifier?: string;
}
