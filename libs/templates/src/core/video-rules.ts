// What each network's documentation says a video may be, as numbers that change: configuration, set once at
// start-up from the validated <NETWORK>_VIDEO_* variables, read by the compose rules (libs/posts) and the composer.
// Google Business Profile is absent on purpose: its local posts take photos only (see videoRefusal).
import type { Network } from './networks';

export type VideoNetwork = 'instagram' | 'facebook' | 'linkedin' | 'x';

export interface NetworkVideoRules {
  minSeconds: number;
  maxSeconds: number;
  /** In bytes. */
  minBytes: number;
  maxBytes: number;
  /** Width / height, as shown. */
  minAspect: number;
  maxAspect: number;
  /** The containers it takes (LinkedIn: MP4 only). */
  formats: ReadonlyArray<'mp4' | 'mov'>;
  /** The codecs it documents (none listed: any). */
  codecs?: readonly string[];
  minFps?: number;
  maxFps?: number;
  maxWidthPx?: number;
}

export type VideoRules = Record<VideoNetwork, NetworkVideoRules>;

const MB = 1024 * 1024;
const rules: VideoRules = {
  instagram: {
    minSeconds: 3,
    maxSeconds: 900,
    minBytes: 0,
    maxBytes: 300 * MB,
    minAspect: 0.01,
    maxAspect: 10,
    formats: ['mp4', 'mov'],
    codecs: ['h264', 'hevc'],
    minFps: 23,
    maxFps: 60,
    maxWidthPx: 1920,
  },
  facebook: {
    minSeconds: 1,
    maxSeconds: 14_400,
    minBytes: 0,
    maxBytes: 10_240 * MB,
    minAspect: 0,
    maxAspect: Infinity,
    formats: ['mp4', 'mov'],
  },
  linkedin: {
    minSeconds: 3,
    maxSeconds: 1800,
    minBytes: 75 * 1024,
    maxBytes: 500 * MB,
    minAspect: 1 / 2.4,
    maxAspect: 2.4,
    formats: ['mp4'],
  },
  x: {
    minSeconds: 0.5,
    maxSeconds: 140,
    minBytes: 0,
    maxBytes: 512 * MB,
    minAspect: 1 / 3,
    maxAspect: 3,
    formats: ['mp4', 'mov'],
    codecs: ['h264'],
    maxFps: 60,
  },
};

/** The networks that take a video, in the order the rules list them. */
export const VIDEO_NETWORKS: readonly VideoNetwork[] = ['instagram', 'facebook', 'linkedin', 'x'];

export function takesVideo(network: Network): network is VideoNetwork {
  return (VIDEO_NETWORKS as readonly Network[]).includes(network);
}

export function applyVideoRules(settings: Partial<{ [N in VideoNetwork]: Partial<NetworkVideoRules> }>): void {
  for (const network of VIDEO_NETWORKS) Object.assign(rules[network], settings[network] ?? {});
}

export function videoRulesInForce(): VideoRules {
  return {
    instagram: { ...rules.instagram },
    facebook: { ...rules.facebook },
    linkedin: { ...rules.linkedin },
    x: { ...rules.x },
  };
}
