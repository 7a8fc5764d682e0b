import { PublicMediaLinks } from './public-media-links';

describe('PublicMediaLinks', () => {
  const ref = { targetId: '6f1c2b1e-8a47-4c1e-9d55-0f2b1a3c4d5e', mediaId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' };
  let now = Date.UTC(2026, 11, 6, 9, 0, 0);
  const links = new PublicMediaLinks({
    publicUrl: 'https://planner.example-dental.com/',
    secret: 's'.repeat(40),
    ttlMs: 600_000,
    now: () => now,
  });
  const parts = (url: string) => {
    const u = new URL(url);
    return {
      path: u.pathname,
      exp: u.searchParams.get('exp')!,
      sig: u.searchParams.get('sig')!,
      target: u.searchParams.get('target'),
    };
  };

  it('makes a link under PUBLIC_URL that names the image and its target, and verifies it until it expires', () => {
    const link = parts(links.url(ref, 'jpg'));
    expect(link.path).toBe(`/api/media/public/${ref.mediaId}.jpg`);
    expect(link.target).toBe(ref.targetId);
    expect(Number(link.exp)).toBe(now / 1000 + 600);
    expect(links.verify(ref, link.exp, link.sig)).toEqual({ ok: true, ref });
    now += 600_000;
    expect(links.verify(ref, link.exp, link.sig)).toEqual({ ok: false, reason: 'expired' });
    now -= 600_000;
  });

  it('refuses any change to what was signed, and another secret', () => {
    const link = parts(links.url(ref, 'jpg'));
    const bad = { ok: false, reason: 'bad_signature' };
    expect(links.verify({ ...ref, targetId: ref.mediaId }, link.exp, link.sig)).toEqual(bad);
    expect(links.verify({ ...ref, mediaId: ref.targetId }, link.exp, link.sig)).toEqual(bad);
    expect(links.verify(ref, String(Number(link.exp) + 1), link.sig)).toEqual(bad);
    expect(links.verify(ref, link.exp, `${link.sig.slice(0, -1)}A`)).toEqual(
      link.sig.endsWith('A') ? { ok: true, ref } : bad,
    );
    expect(links.verify(ref, '1e99', link.sig)).toEqual(bad);
    expect(links.verify(ref, link.exp, '')).toEqual(bad);
    const other = new PublicMediaLinks({
      publicUrl: 'https://x.example',
      secret: 't'.repeat(40),
      ttlMs: 600_000,
      now: () => now,
    });
    expect(other.verify(ref, link.exp, link.sig)).toEqual(bad);
    // An expired link that was never ours is a bad signature, not "expired": nothing is told about it.
    expect(links.verify(ref, '1000', link.sig)).toEqual(bad);
  });
});
