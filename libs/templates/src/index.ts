// Public API of the templates lib: the template engine core (pure TypeScript) and the seeded library.
export { TemplateRenderError, TemplateValidationError } from './core/errors';
export { availableVariables, type PracticeVariables } from './core/variables';
export {
  NETWORKS,
  NETWORK_LIMITS,
  NETWORK_MAX_IMAGES,
  NETWORK_NAMES,
  NETWORKS_NEEDING_IMAGE,
  NETWORKS_FETCHING_MEDIA,
  applyNetworkSettings,
  fitsNetwork,
  hashtagsIn,
  instagramRulesInForce,
  isNetwork,
  mentionsIn,
  networkTextProblems,
  postLength,
  withArticle,
} from './core/networks';
export type { InstagramRules, Network } from './core/networks';
export { applyImageRules, aspectWords, imageRulesInForce } from './core/image-rules';
export type { ImageRules } from './core/image-rules';
export { applyVideoRules, takesVideo, VIDEO_NETWORKS, videoRulesInForce } from './core/video-rules';
export type { NetworkVideoRules, VideoNetwork, VideoRules } from './core/video-rules';
export { HELPER_RULES, DISALLOWED_HELPERS } from './core/helper-rules';
export type { HelperRule, ParamKind } from './core/helper-rules';
export { truncateForNetwork, graphemes } from './core/truncate';
export { validateTemplate, assertValidTemplate } from './core/validate';
export type { TemplateValidation } from './core/validate';
export { renderTemplate } from './core/render';
export type { RenderContext } from './core/render';
export { type LibraryTemplate, SPECIALTIES, TEMPLATE_CATEGORIES } from './core/library/types';
export { appliesOn } from './core/library/season';
export { nextOccurrence, rollForward, upcomingExamples } from './core/library/next-occurrence';
export { composeLibraryPost, templateSourceFor, appendHashtags } from './core/library/compose';
export { parseLibraryDocument, TemplateLibraryError } from './core/library/parse-library';
export { loadTemplateLibrary } from './core/library/load-library';
export { SAMPLE_PRACTICE } from './core/sample-practice';
