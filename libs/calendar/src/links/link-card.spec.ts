// Link cards: what is read from a page's head, and the fetch guard (a real local server, reached only when the
// test widens the address policy; the default policy refuses it like any private address).
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidInputError } from '@app/core';
import { LinkCards, readLinkCard } from './link-card';

describe('readLinkCard', () => {
  it('prefers Open Graph, resolves a relative image and decodes entities', () => {
    const card = readLinkCard(
      `<html><head><title>Fallback</title>
        <meta property="og:title" content="Flossing &amp; you">
        <meta name="description" content="Plain description">
        <meta property="og:description" content='Why flossing matters &#8212; daily'>
        <meta property="og:image" content="/img/floss.jpg"></head><body>…</body></html>`,
      'https://www.example-dental.org/tips/floss',
    );
    expect(card).toEqual({
      url: 'https://www.example-dental.org/tips/floss',
      site: 'example-dental.org',
      title: 'Flossing & you',
      description: 'Why flossing matters — daily',
      image: 'https://www.example-dental.org/img/floss.jpg',
    });
  });

  it('falls back to <title> and the description meta, and drops a javascript: image', () => {
    const card = readLinkCard(
      '<title>Our hours</title><meta name="description" content="Open late Thursdays"><meta property="og:image" content="javascript:alert(1)">',
      'https://clinic.example.com/',
    );
    expect(card).toMatchObject({ title: 'Our hours', description: 'Open late Thursdays', image: null });
  });
});

describe('LinkCards', () => {
  let server: Server;
  let base: string;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits += 1;
      if (req.url === '/page')
        return res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<meta property="og:title" content="Flu clinic Saturday">');
      if (req.url === '/to-metadata')
        return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('fetches a card once and serves it from the cache after that', async () => {
    const cards = new LinkCards({ allowAddress: (a) => a === '127.0.0.1' });
    const before = hits;
    expect((await cards.card(`${base}/page#top`)).title).toBe('Flu clinic Saturday');
    expect((await cards.card(`${base}/page`)).title).toBe('Flu clinic Saturday');
    expect(hits - before).toBe(1);
  });

  it('refuses private addresses and redirects to them, as a 400 naming the reason', async () => {
    const cards = new LinkCards();
    const before = hits;
    await expect(cards.card(`${base}/page`)).rejects.toThrow(InvalidInputError);
    await expect(cards.card('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(/private or local/);
    expect(hits).toBe(before);
    const loopbackOnly = new LinkCards({ allowAddress: (a) => a === '127.0.0.1' });
    await expect(loopbackOnly.card(`${base}/to-metadata`)).rejects.toThrow(/private or local/);
    await expect(cards.card('file:///etc/passwd')).rejects.toThrow(/http and https/);
  });
});
