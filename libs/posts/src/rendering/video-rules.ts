// What each network would refuse in a post's video, from the facts read from its container (video-facts.ts) and the
// network's documented limits (VideoRules, configurable): Instagram reels 3 s to 15 min and 300 MB, LinkedIn MP4 of
// 3 s to 30 min, X up to 140 s and 512 MB, Facebook Page videos up to 4 hours. A video goes alone in its post on every
// network (Facebook, LinkedIn and X publish one video without images; on Instagram it is a reel). Google Business
// Profile takes no video in a local post, so a post with one is refused for Google with that reason.
import { aspectWords, NETWORK_NAMES, takesVideo, videoRulesInForce, type Network } from '@app/publishing';
import type { PostMedia } from '../entities/post.entity';

const VIDEO_ADDRESS = /\.(mp4|mov)$/i;

/** A video: an upload whose type says so, or (posts from before videos were stored) an address ending .mp4/.mov. */
export function isVideoItem(media: Pick<PostMedia, 'url' | 'mimeType'>): boolean {
  if (media.mimeType) return media.mimeType.startsWith('video/');
  try {
    return VIDEO_ADDRESS.test(new URL(media.url, 'https://app.invalid').pathname);
  } catch {
    return false;
  }
}

const CODEC_WORDS: Record<string, string> = { h264: 'H.264', hevc: 'HEVC (H.265)', mpeg4: 'MPEG-4 Part 2' };

export function videoProblems(media: readonly PostMedia[], network: Network): string[] {
  const videos = media.map((m, index) => ({ ...m, n: index + 1 })).filter((m) => isVideoItem(m));
  if (!videos.length) return [];
  const name = NETWORK_NAMES[network];
  if (!takesVideo(network))
    return [
      `${name} posts take a photo, not a video: Google's API publishes no video in a post. Use a photo, or leave ${name} out of this post.`,
    ];
  const problems: string[] = [];
  if (media.length > 1)
    problems.push(
      `${name} takes a video on its own: this post has ${videos.length === 1 ? 'a video' : `${videos.length} videos`} and ${media.length - 1} other item${media.length === 2 ? '' : 's'}. Post the video alone, or leave ${name} out of this post.`,
    );
  const rules = videoRulesInForce()[network];
  for (const video of videos) {
    const which = videos.length === 1 && media.length === 1 ? 'the video' : `video ${video.n}`;
    const format = video.mimeType === 'video/quicktime' ? 'mov' : video.mimeType === 'video/mp4' ? 'mp4' : undefined;
    if (format && !rules.formats.includes(format))
      problems.push(
        `${name} takes ${rules.formats.map((f) => f.toUpperCase()).join(' or ')} videos only; ${which} is a ${format.toUpperCase()}. Export it as MP4, or leave ${name} out of this post.`,
      );
    if (video.durationMs !== undefined) {
      const seconds = video.durationMs / 1000;
      if (seconds < rules.minSeconds || seconds > rules.maxSeconds)
        problems.push(
          `${name} takes videos from ${duration(rules.minSeconds)} to ${duration(rules.maxSeconds)} long; ${which} is ${duration(seconds)} (too ${seconds < rules.minSeconds ? 'short' : 'long'}). ${seconds < rules.minSeconds ? 'Use a longer video' : 'Trim it'}, or leave ${name} out of this post.`,
        );
    }
    if (video.size !== undefined && (video.size > rules.maxBytes || video.size < rules.minBytes))
      problems.push(
        video.size > rules.maxBytes
          ? `${name} takes videos of at most ${bytes(rules.maxBytes)}; ${which} is ${bytes(video.size)} (too large). Compress or trim it, or leave ${name} out of this post.`
          : `${name} takes videos of at least ${bytes(rules.minBytes)}; ${which} is ${bytes(video.size)}. Use a longer or better-quality video, or leave ${name} out of this post.`,
      );
    if (video.width && video.height) {
      const ratio = video.width / video.height;
      if (ratio < rules.minAspect - 0.001 || ratio > rules.maxAspect + 0.001)
        problems.push(
          `${name} takes videos from ${aspectWords(rules.minAspect)} (portrait) to ${aspectWords(rules.maxAspect)} (landscape); ${which} is ${video.width} × ${video.height} (${aspectWords(ratio)}, too ${ratio < rules.minAspect ? 'tall' : 'wide'}). Crop it, or leave ${name} out of this post.`,
        );
      if (rules.maxWidthPx && video.width > rules.maxWidthPx)
        problems.push(
          `${name} takes videos at most ${rules.maxWidthPx} pixels wide; ${which} is ${video.width} × ${video.height}. Export it smaller (for example ${rules.maxWidthPx === 1920 ? '1080 × 1920' : `${rules.maxWidthPx} wide`}), or leave ${name} out of this post.`,
        );
    }
    const fps = video.frameRate;
    if (fps && ((rules.minFps && fps < rules.minFps) || (rules.maxFps && fps > rules.maxFps)))
      problems.push(
        `${name} takes videos of ${rules.minFps ? `${rules.minFps} to ` : 'at most '}${rules.maxFps} frames a second; ${which} has ${fps}. Export it at 30 frames a second, or leave ${name} out of this post.`,
      );
    if (video.codec && rules.codecs && !rules.codecs.includes(video.codec))
      problems.push(
        `${name} takes ${rules.codecs.map((c) => CODEC_WORDS[c] ?? c).join(' or ')} video; ${which} is ${CODEC_WORDS[video.codec] ?? video.codec}. Export it as MP4 (H.264), or leave ${name} out of this post.`,
      );
  }
  return problems;
}

/** Seconds as people say them: "0.5 seconds", "3 seconds", "2 min 20 s", "15 minutes", "4 hours". */
function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds * 10) / 10} second${seconds === 1 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

function bytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${Math.round((n / 1073741824) * 10) / 10} GB`;
  if (n >= 1024 * 1024) return `${Math.round((n / 1048576) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}
