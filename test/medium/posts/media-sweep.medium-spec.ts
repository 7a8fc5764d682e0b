// The media sweep on a real database: an image nothing names is deleted (file, row, one audit entry) only once
// it has gone unnamed for the retention period; an image a draft, a post or a template names stays, and so does
// one whose (even deleted) post has a target scheduled, being published, or published within the read-back window.
import { Readable } from 'node:stream';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '@app/audit';
import { FixedClock, inTransaction } from '@app/core';
import {
  MediaStore,
  MediaSweep,
  Post,
  PostImages,
  PostTarget,
  PracticeTemplate,
  READ_BACK_WINDOW_MS,
  StoredImage,
  StoredImages,
  UploadReceiver,
  type PostMedia,
} from '@app/posts';
import type { Practice, User } from '@app/practices';
import { testJpeg } from '../../support/image-host';
import { testMp4 } from '../../support/test-video';
import { openMediumDb, MediumDb } from '../support/medium-db';
import { newAccount, newPractice, scheduledTarget } from '../support/seed';

const DAY = 86_400_000;
const RETENTION_DAYS = 30;

describe('MediaSweep (medium)', () => {
  let db: MediumDb;
  let dataDir: string;
  const clock = new FixedClock(new Date('2026-12-01T15:00:00Z'));
  let store: MediaStore;
  let images: PostImages;
  let sweep: MediaSweep;
  let audit: AuditLog;

  beforeAll(async () => {
    db = await openMediumDb();
    dataDir = mkdtempSync(join(tmpdir(), 'media-sweep-'));
    store = new MediaStore(dataDir);
    audit = new AuditLog(db.dataSource, clock);
    const stored = new StoredImages(db.dataSource, store, clock);
    images = new PostImages(store, stored, { timeoutMs: 5000 });
    sweep = new MediaSweep(db.dataSource, store, stored, audit, clock, { retentionMs: RETENTION_DAYS * DAY });
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const fileExists = (practiceId: string, id: string) => existsSync(join(dataDir, 'media', practiceId, `${id}.jpg`));
  const row = (id: string) => db.dataSource.getRepository(StoredImage).findOneBy({ id });
  const deletions = async (practiceId: string) =>
    (await audit.list(practiceId, { page: 1, pageSize: 50, action: 'media.deleted' })).items;

  async function upload(practiceId: string, label: string): Promise<string> {
    return (await images.upload(practiceId, testJpeg(label))).id;
  }

  /** A post naming these images, saved the way ComposePost does (the images marked named in its transaction). */
  async function postNaming(
    practice: Practice,
    author: User,
    media: PostMedia[],
    status: Post['status'] = 'draft',
  ): Promise<Post> {
    return inTransaction(db.dataSource, async (tx) => {
      const repo = tx.getRepository(Post);
      const post = await repo.save(
        repo.create({
          practiceId: practice.id,
          status,
          baseText: 'Our new office is open.',
          variants: {},
          media,
          templateVars: {},
          templateKey: null,
          scheduledAt: null,
          scheduledLocal: null,
          timezone: practice.timezone,
          campaign: null,
          tags: [],
          version: 1,
          authorId: author.id,
          contributorIds: [author.id],
          findings: [],
          verdict: null,
          submittedAt: null,
          markNote: null,
          origin: 'person',
        }),
      );
      await images.markNamed(tx, practice.id, media);
      return post;
    });
  }

  it('deletes an upload nothing ever named once the retention has passed, with one audit entry, and not before', async () => {
    const { practice } = await newPractice(db.dataSource, clock, 'Unused Uploads Dental');
    const id = await upload(practice.id, 'never used');
    expect(await row(id)).toMatchObject({ format: 'jpeg', width: 1080, height: 1080, source: 'upload' });
    clock.advance((RETENTION_DAYS - 1) * DAY);
    expect(await sweep.sweep(practice.id)).toMatchObject({ deleted: 0 });
    expect(fileExists(practice.id, id)).toBe(true);
    clock.advance(2 * DAY);
    expect(await sweep.sweep(practice.id)).toMatchObject({ deleted: 1 });
    expect(fileExists(practice.id, id)).toBe(false);
    expect(await row(id)).toBeNull();
    const [entry] = await deletions(practice.id);
    expect(entry).toMatchObject({ action: 'media.deleted', entityType: 'image', entityId: id, actorId: null });
    expect(entry.details).toMatchObject({ retentionDays: RETENTION_DAYS, width: 1080, height: 1080, source: 'upload' });
    expect((await audit.verify(practice.id)).intact).toBe(true);
  });

  it('covers videos: an unused upload goes after the retention, and a video file without a row gets one first', async () => {
    const { practice, admin } = await newPractice(db.dataSource, clock, 'Unused Videos Dental');
    const receiver = new UploadReceiver(store.incomingDir(), { videoMaxBytes: 10 * 1024 * 1024 });
    const receive = async (label: string) =>
      images.uploadReceived(practice.id, await receiver.receive(Readable.from([testMp4(label)])));
    const unused = await receive('never used');
    const used = await receive('in a draft');
    await postNaming(practice, admin, [{ url: `/api/media/${used.id}`, altText: '' }]);
    expect(await row(unused.id)).toMatchObject({ kind: 'video', format: 'mp4', durationMs: 10_000, codec: 'h264' });
    // A video written before rows were kept (copied in by hand): the sweep records it, with a full grace period.
    const orphan = randomUUID();
    mkdirSync(join(dataDir, 'media', practice.id), { recursive: true });
    writeFileSync(join(dataDir, 'media', practice.id, `${orphan}.mov`), testMp4('orphan', { container: 'mov' }));
    expect(await sweep.sweep(practice.id)).toMatchObject({ recorded: 1, deleted: 0 });
    expect(await row(orphan)).toMatchObject({ kind: 'video', format: 'mov', mimeType: 'video/quicktime' });
    clock.advance((RETENTION_DAYS + 1) * DAY);
    expect(await sweep.sweep(practice.id)).toMatchObject({ deleted: 2 });
    expect(existsSync(join(dataDir, 'media', practice.id, `${unused.id}.mp4`))).toBe(false);
    expect(existsSync(join(dataDir, 'media', practice.id, `${orphan}.mov`))).toBe(false);
    expect(existsSync(join(dataDir, 'media', practice.id, `${used.id}.mp4`))).toBe(true);
    const entries = await deletions(practice.id);
    expect(entries.map((e) => e.entityType)).toEqual(['video', 'video']);
    expect(entries.find((e) => e.entityId === unused.id)?.details).toMatchObject({ durationMs: 10_000, codec: 'h264' });
  });

  it('keeps what a draft, a post or a template names, however old; counts a deleted post’s images from its deletion', async () => {
    const { practice, admin } = await newPractice(db.dataSource, clock, 'Named Images Dental');
    const inDraft = await upload(practice.id, 'in a draft');
    const inTemplate = await upload(practice.id, 'in a template');
    const inDeleted = await upload(practice.id, 'in a deleted draft');
    await postNaming(practice, admin, [{ url: `/api/media/${inDraft}`, altText: 'Front desk' }]);
    const doomed = await postNaming(practice, admin, [
      { url: 'https://cdn.example-dental.com/x.jpg', altText: 'Copy', storedId: inDeleted },
    ]);
    const templates = db.dataSource.getRepository(PracticeTemplate);
    await templates.save(
      templates.create({
        practiceId: practice.id,
        key: 'practice.open-house',
        createdById: admin.id,
        definition: {
          key: 'practice.open-house',
          title: 'Open house',
          category: 'office_news',
          specialties: ['any'],
          body: `Come and see us! /api/media/${inTemplate}`,
          hashtags: [],
          kind: 'evergreen',
        },
      }),
    );
    clock.advance(90 * DAY);
    expect(await sweep.sweep(practice.id)).toMatchObject({ deleted: 0 });
    for (const id of [inDraft, inTemplate, inDeleted]) expect(fileExists(practice.id, id)).toBe(true);

    // Deleted today: its image is unnamed from now on, and goes only after a full retention period from now.
    await db.dataSource.getRepository(Post).softDelete({ practiceId: practice.id, id: doomed.id });
    expect(await sweep.sweep(practice.id)).toMatchObject({ unreferenced: 1, deleted: 0 });
    expect((await row(inDeleted))?.unreferencedSince?.toISOString()).toBe(clock.now().toISOString());
    clock.advance((RETENTION_DAYS - 1) * DAY);
    expect(await sweep.sweep(practice.id)).toMatchObject({ deleted: 0 });
    clock.advance(2 * DAY);
    expect(await sweep.sweep(practice.id)).toMatchObject({ deleted: 1 });
    expect(fileExists(practice.id, inDeleted)).toBe(false);
    expect(fileExists(practice.id, inDraft)).toBe(true);
    expect(fileExists(practice.id, inTemplate)).toBe(true);
    expect((await deletions(practice.id)).map((e) => e.entityId)).toEqual([inDeleted]);
  });

  it('never deletes the image of a target scheduled, being published or just published, even on a deleted post', async () => {
    const { practice, admin } = await newPractice(db.dataSource, clock, 'In Flight Dental');
    const account = await newAccount(db.dataSource, practice.id, 'instagram');
    const states = ['scheduled', 'publishing', 'justPublished', 'longPublished'] as const;
    const ids = {} as Record<(typeof states)[number], string>;
    const targetIds = {} as Record<(typeof states)[number], string>;
    for (const state of states) {
      ids[state] = await upload(practice.id, state);
      const target = await scheduledTarget(db.dataSource, practice, admin.id, account, clock.now());
      targetIds[state] = target.id;
      await db.dataSource
        .getRepository(Post)
        .update({ id: target.postId }, { media: [{ url: '/x.jpg', altText: state, storedId: ids[state] }] });
      // The post row is deleted (by hand in the database, say): only its target still says the image is in use.
      await db.dataSource.getRepository(Post).softDelete({ id: target.postId });
    }
    // Every image is now long past the retention period, named by no live post.
    clock.advance(40 * DAY);
    const targets = db.dataSource.getRepository(PostTarget);
    await targets.update({ id: targetIds.publishing }, { status: 'publishing' });
    await targets.update(
      { id: targetIds.justPublished },
      { status: 'published', publishedAt: new Date(clock.now().getTime() - READ_BACK_WINDOW_MS + 3600_000) },
    );
    await targets.update(
      { id: targetIds.longPublished },
      { status: 'published', publishedAt: new Date(clock.now().getTime() - READ_BACK_WINDOW_MS - 3600_000) },
    );
    expect(await sweep.sweep(practice.id)).toMatchObject({ deleted: 1 });
    expect(fileExists(practice.id, ids.scheduled)).toBe(true);
    expect(fileExists(practice.id, ids.publishing)).toBe(true);
    expect(fileExists(practice.id, ids.justPublished)).toBe(true);
    expect(fileExists(practice.id, ids.longPublished)).toBe(false);
    expect((await deletions(practice.id)).map((e) => e.entityId)).toEqual([ids.longPublished]);
    // Those it kept count as named now: a retention period starts only once their targets are done with them.
    for (const state of ['scheduled', 'publishing', 'justPublished'] as const)
      expect((await row(ids[state]))?.unreferencedSince).toBeNull();
  });

  it('does not delete an image a post names between the sweep reading it and deleting it', async () => {
    const { practice, admin } = await newPractice(db.dataSource, clock, 'Race Dental');
    const id = await upload(practice.id, 'old upload');
    clock.advance((RETENTION_DAYS + 1) * DAY);
    // The post names it in its own transaction: unreferencedSince is cleared, so the conditional delete skips it.
    const original = db.dataSource.getRepository(StoredImage).findBy.bind(db.dataSource.getRepository(StoredImage));
    const repo = db.dataSource.getRepository(StoredImage);
    const spy = jest.spyOn(repo, 'findBy').mockImplementationOnce(async (where) => {
      const rows = await original(where);
      await postNaming(practice, admin, [{ url: `/api/media/${id}`, altText: 'Named just now' }]);
      return rows;
    });
    try {
      expect(await sweep.sweep(practice.id)).toMatchObject({ deleted: 0 });
    } finally {
      spy.mockRestore();
    }
    expect(fileExists(practice.id, id)).toBe(true);
    expect((await row(id))?.unreferencedSince).toBeNull();
  });

  it('gives a file stored before facts were kept a row and a full grace period from the first sweep', async () => {
    const { practice } = await newPractice(db.dataSource, clock, 'Old Files Dental');
    const stored = await store.save(practice.id, testJpeg('from before'));
    expect(await row(stored.id)).toBeNull();
    clock.advance(365 * DAY);
    expect(await sweep.sweep(practice.id)).toMatchObject({ recorded: 1, deleted: 0 });
    expect(await row(stored.id)).toMatchObject({ width: 1080, unreferencedSince: clock.now() });
    clock.advance((RETENTION_DAYS + 1) * DAY);
    expect(await sweep.sweep(practice.id)).toMatchObject({ deleted: 1 });
    expect(fileExists(practice.id, stored.id)).toBe(false);
  });
});
