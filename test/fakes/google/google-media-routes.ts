// Business Profile v4 media: a location's photos (`GET .../media`, pageSize 1-2,500, default 100) as MediaItems with
// their category, and the Google-hosted image each `googleUrl`/`thumbnailUrl` names (public, no token).
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import { PROFILE_PICTURE_PNG } from '../core/media';
import type { FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import type { GoogleBusinessFake } from './google-fake';
import { authed, locationFor, nextToken, pageOf } from './google-routes';

const MEDIA = '/v4/(accounts/[^/]+)/(locations/[^/]+)/media';
const MAX_PAGE = 2500;

export function registerMediaRoutes(fake: GoogleBusinessFake, route: RegisterRoute): void {
  route('GET', new RegExp(`^${MEDIA}$`), 'media', (req) => authed(fake, req, (t) => list(fake, req, t)));
  // lh3.googleusercontent.com in life.
  route('GET', /^\/__media\/gbp\/([A-Za-z0-9_-]+)$/, 'download', (req) => photo(fake, req), false);
}

function list(fake: GoogleBusinessFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const parent = locationFor(fake, req, token);
  if (typeof parent !== 'string') return parent;
  const page = pageOf(req, MAX_PAGE, 100);
  if ('status' in page) return page;
  const photos = fake.photosOf(parent);
  return {
    status: 200,
    json: {
      mediaItems: photos.slice(page.from, page.from + page.size).map((p) => ({
        name: `${parent}/media/${p.id}`,
        mediaFormat: 'PHOTO',
        locationAssociation: { category: p.category },
        googleUrl: `${fake.url}/__media/gbp/${p.id}`,
        thumbnailUrl: `${fake.url}/__media/gbp/${p.id}`,
        createTime: new Date(0).toISOString(),
        dimensions: { widthPixels: 1, heightPixels: 1 },
      })),
      totalMediaItemCount: photos.length,
      ...nextToken(page.from, page.size, photos.length),
    },
  };
}

function photo(fake: GoogleBusinessFake, req: FakeRequest): FakeResponse {
  const known = fake.accounts.some((a) => a.locations.some((l) => l.photos?.some((p) => p.id === req.params[0])));
  return known
    ? { status: 200, headers: { 'content-type': 'image/png' }, body: PROFILE_PICTURE_PNG }
    : { status: 404, text: 'Not found' };
}
