// Public surface of the publishing lib: network clients, OAuth helpers, the error taxonomy, rendering.
export {
  NETWORKS,
  NETWORK_LIMITS,
  NETWORK_MAX_IMAGES,
  NETWORK_NAMES,
  NETWORKS_NEEDING_IMAGE,
  NETWORKS_FETCHING_MEDIA,
  applyImageRules,
  applyNetworkSettings,
  aspectWords,
  imageRulesInForce,
  type ImageRules,
  applyVideoRules,
  takesVideo,
  VIDEO_NETWORKS,
  videoRulesInForce,
  type NetworkVideoRules,
  type VideoNetwork,
  type VideoRules,
  fitsNetwork,
  hashtagsIn,
  instagramRulesInForce,
  isNetwork,
  mentionsIn,
  networkTextProblems,
  postLength,
  withArticle,
  type InstagramRules,
  type Network,
} from './errors/network';
export {
  PUBLISHING_ERROR_KINDS,
  PublishingError,
  isPublishingError,
  type PublishingErrorInit,
  type PublishingErrorKind,
} from './errors/publishing-error';
export { practiceMessageFor } from './errors/practice-messages';

export {
  GOOGLE_ACTION_TYPES,
  GOOGLE_TOPIC_TYPES,
  type GoogleActionType,
  type GooglePostOptions,
  type GoogleTopicType,
  type LocalDateTime,
} from './clients/network-client';
export type {
  AccountCredentials,
  AuthorizationRequest,
  NetworkClient,
  OAuthTokens,
  PostMedia,
  PublishedPost,
  RecentPost,
  RefreshedTokens,
  RenderedPost,
  VerifiedAccount,
} from './clients/network-client';
export {
  DEFAULT_TIMEOUT_MS,
  HttpTransport,
  TransportError,
  type ClientHttpOptions,
  type HttpRequest,
  type HttpResponse,
  type HttpTransportOptions,
} from './clients/http/http-transport';
export {
  applyPublicOrigin,
  isPrivateHost,
  mediaUrlProblem,
  publicOriginProblem,
  publicOriginProblemInForce,
} from './clients/media-url';
export {
  LINKEDIN_VERSION_WARNING_DAYS,
  linkedInVersionStatus,
  type LinkedInVersionState,
  type LinkedInVersionStatus,
} from './clients/linkedin/linkedin-version';
export { LinkedInVersionWatch } from './linkedin-version-watch';
export { isPublicAddress } from './clients/public-address';
export { fetchPublicFile, PublicFetchError, serveOriginsLocallyForTests } from './clients/public-fetch';
export type { FetchedFile, PublicFetchOptions } from './clients/public-fetch';
export { createPkcePair, createState, pkceChallenge, type PkcePair } from './clients/oauth/oauth-helpers';

export { FacebookClient, type FacebookClientOptions } from './clients/facebook/facebook-client';
export {
  FACEBOOK_DEFAULT_SCOPES,
  FACEBOOK_PUBLISH_TASK,
  FacebookOAuth,
  type FacebookOAuthOptions,
  type FacebookPage,
} from './clients/facebook/facebook-oauth';
export { facebookErrorFrom } from './clients/facebook/facebook-errors';
export { graphVersion } from './clients/facebook/graph-api';
export { LinkedInClient, authorUrn, type LinkedInClientOptions } from './clients/linkedin/linkedin-client';
export { restliEncode } from './clients/linkedin/restli';
export { LINKEDIN_DEFAULT_SCOPES, LinkedInOAuth, type LinkedInOAuthOptions } from './clients/linkedin/linkedin-oauth';
export { XClient, type XClientOptions } from './clients/x/x-client';
export {
  CONTAINER_STATUSES,
  INSTAGRAM_CAROUSEL_MAX,
  INSTAGRAM_SCOPES,
  InstagramClient,
  type ContainerStatus,
  type InstagramClientOptions,
  type InstagramComment,
  type PublishingQuota,
} from './clients/instagram/instagram-client';
export {
  GOOGLE_REPLY_MAX_BYTES,
  GOOGLE_STAR_RATINGS,
  GoogleBusinessClient,
  localPostBody,
  type GoogleReview,
  type GoogleReviewPage,
  type GoogleBusinessClientOptions,
  type GoogleLocation,
} from './clients/google/google-client';
export { googleErrorFrom, googleErrorKind } from './clients/google/google-errors';
export { GOOGLE_BUSINESS_SCOPES, GoogleOAuth, type GoogleOAuthOptions } from './clients/google/google-oauth';
export { X_DEFAULT_SCOPES, XOAuth, type XOAuthOptions } from './clients/x/x-oauth';

export { LITTLE_TEXT_RESERVED, escapeLittleText, fromLittleText, toLittleText } from './rendering/little-text';
export { isSamePostText } from './rendering/match-text';
export { renderForNetwork } from './rendering/render-text';

export { NetworkClients, type NetworkOAuth } from './network-clients';
export { PublishingModule } from './publishing.module';
