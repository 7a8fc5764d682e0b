// Shared set-up for specs that run the real clients against the HTTPS fakes.
import { HttpTransport, PublishingError, type HttpRequest, type HttpResponse } from '@app/publishing';
import { startFakes, type RunningFakes, type StartFakesOptions } from '../../fakes';
import { startImageHost, type ImageHost } from '../../support/image-host';

/** Where the specs' images live: the fakes download them for real (any .jpg path is a JPEG). */
export const IMAGE_ORIGIN = 'https://cdn.example.com';

/** A 1x1 PNG and a (header-only) JPEG: enough for the fakes' magic-byte checks. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
export const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0', 'latin1'),
  Buffer.alloc(64, 1),
  Buffer.from([0xff, 0xd9]),
]);

export interface TrustedFakes {
  fakes: RunningFakes;
  /** Trusts the fakes' certificate explicitly (no NODE_EXTRA_CA_CERTS needed in-process). */
  transport: HttpTransport;
  /** The same trust with a short timeout, for accept-then-hang scenarios. */
  impatient: HttpTransport;
  /** What IMAGE_ORIGIN serves (any .jpg path answers a JPEG; put anything else there, e.g. a video). */
  images: ImageHost;
}

export async function startTrustedFakes(options: StartFakesOptions = {}): Promise<TrustedFakes> {
  const fakes = await startFakes(options);
  const images = await startImageHost({ anyJpeg: true });
  fakes.serveOrigin(IMAGE_ORIGIN, images.localUrl);
  const closeFakes = fakes.close;
  fakes.close = async () => {
    await closeFakes();
    await images.close();
  };
  return {
    fakes,
    transport: new HttpTransport({ ca: fakes.caPem, timeoutMs: 5000 }),
    impatient: new HttpTransport({ ca: fakes.caPem, timeoutMs: 300 }),
    images,
  };
}

/** Follows an authorize URL once (the fakes redirect straight back) and reads the redirect. */
export async function authorizeRedirect(transport: HttpTransport, url: string): Promise<URL> {
  const response = await transport.request({ method: 'GET', url });
  if (response.status !== 302) throw new Error(`authorize answered ${response.status}: ${response.body.toString()}`);
  return new URL(response.headers.location);
}

/** Runs `call`, expecting a PublishingError, and returns it. */
export async function publishingError(call: () => Promise<unknown>): Promise<PublishingError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof PublishingError) return error;
    throw error;
  }
  throw new Error('expected a PublishingError, the call succeeded');
}

export function uniqueText(label: string): string {
  return `${label} ${Math.random().toString(36).slice(2, 10)}`;
}

/** A clock a fake runs on (`now` option), moved by the test: posts get distinct, known creation times. */
export class TestClock {
  constructor(private ms: number) {}
  readonly now = (): number => this.ms;
  advance(ms: number): number {
    this.ms += ms;
    return this.ms;
  }
}

/** findRecent reads at most this many pages of this many posts (clients/recent-posts.ts). */
export const RECENT_MAX_PAGES = 10;
export const RECENT_PAGE_SIZE = 100;

/** The fakes' trusted transport, running `act` just before its `n`th GET (e.g. a fault on page 2 of a read-back). */
export function beforeRead(t: TrustedFakes, n: number, act: () => void): HttpTransport {
  let reads = 0;
  return new (class extends HttpTransport {
    override request(req: HttpRequest): Promise<HttpResponse> {
      if (req.method === 'GET' && ++reads === n) act();
      return super.request(req);
    }
  })({ ca: t.fakes.caPem, timeoutMs: 5000 });
}
