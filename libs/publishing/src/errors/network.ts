// The networks we publish to, their names and limits: defined once in the templates lib (the lowest that needs
// them) and handed on from here, so every lib above publishing and the web pages take them from @app/publishing.
export {
  NETWORKS,
  NETWORK_LIMITS,
  NETWORK_MAX_IMAGES,
  NETWORK_NAMES,
  NETWORKS_NEEDING_IMAGE,
  applyImageRules,
  applyNetworkSettings,
  aspectWords,
  imageRulesInForce,
  type ImageRules,
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
} from '@app/templates';
