// An uploaded image or video is PROCESSING until LinkedIn has it, and a post may only name an AVAILABLE one. Both
// uploads wait the same way: read the asset's status (GET /rest/images/{urn} or /rest/videos/{urn}) until AVAILABLE,
// waiting longer each time up to a cap; PROCESSING_FAILED (not a file LinkedIn takes) refuses the content, and an
// asset still processing at the deadline fails the attempt as transient (nothing was posted yet).
import { PublishingError } from '../../errors/publishing-error';
import type { CallContext } from '../error-mapping';
import { parseJsonBody, type HttpResponse } from '../http/http-transport';
import { restliEncode } from './restli';

export type LinkedInAssetKind = 'image' | 'video';

interface AssetRules {
  path: string;
  /** First wait after a read that was not AVAILABLE, doubling up to maxWaitMs. */
  firstWaitMs: number;
  maxWaitMs: number;
  /** What LinkedIn takes, for the refusal's message. */
  takes: string;
}

const RULES: Record<LinkedInAssetKind, AssetRules> = {
  image: { path: '/rest/images/', firstWaitMs: 250, maxWaitMs: 2000, takes: 'it takes JPEG, PNG or GIF' },
  video: {
    path: '/rest/videos/',
    firstWaitMs: 500,
    maxWaitMs: 5000,
    takes: 'it takes MP4 video of 3 seconds to 30 minutes',
  },
};

export interface LinkedInAssetCalls {
  /** A GET on LinkedIn's API, with the account's token and version headers. */
  send(context: CallContext, method: 'GET', path: string): Promise<HttpResponse>;
  assertOk(response: HttpResponse, context: CallContext): void;
  sleep(ms: number): Promise<void>;
  /** Give up on an asset still processing after this long. */
  maxProcessingMs: number;
  /** Date.now unless a test moves time itself. */
  now?: () => number;
}

/** Returns once LinkedIn answers the asset AVAILABLE; throws a PublishingError naming the asset otherwise. */
export async function waitUntilAssetAvailable(
  calls: LinkedInAssetCalls,
  kind: LinkedInAssetKind,
  urn: string,
): Promise<void> {
  const rules = RULES[kind];
  const now = calls.now ?? Date.now;
  const context = { creates: false };
  const deadline = now() + calls.maxProcessingMs;
  for (let wait = rules.firstWaitMs; ; wait = Math.min(wait * 2, rules.maxWaitMs)) {
    const response = await calls.send(context, 'GET', `${rules.path}${restliEncode(urn)}`);
    calls.assertOk(response, context);
    const status = (parseJsonBody(response) as { status?: unknown } | undefined)?.status;
    if (status === 'AVAILABLE') return;
    if (status === 'PROCESSING_FAILED')
      throw new PublishingError({
        kind: 'rejected_content',
        network: 'linkedin',
        networkMessage: `LinkedIn could not process the ${kind} ${urn} (status PROCESSING_FAILED): ${rules.takes}`,
        networkCode: 'PROCESSING_FAILED',
        reason: `${kind}_processing_failed`,
      });
    if (now() + wait > deadline)
      throw new PublishingError({
        kind: 'transient',
        network: 'linkedin',
        networkMessage: `LinkedIn was still processing the ${kind} ${urn} (status ${String(status)}); nothing was posted`,
        reason: `${kind}_not_ready`,
      });
    await calls.sleep(wait);
  }
}
