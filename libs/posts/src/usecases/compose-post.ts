// Authors' side: create, edit (content or time), duplicate, delete and mark posts.
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  canonicalJson,
  ConflictError,
  DomainError,
  inTransaction,
  insertInChunks,
  InvalidInputError,
  resolveScheduledFor,
} from '@app/core';
import { AuditEvent } from '@app/audit';
import { GooglePostSettings, NetworkTexts, Post, PostMedia, PostStatus } from '../entities/post.entity';
import { compareTargets, PostTarget } from '../entities/post-target.entity';
import { actorOf, Practice, SessionUser } from '@app/practices';
import { availableVariables, validateTemplate } from '@app/templates';
import { NETWORK_NAMES } from '@app/publishing';
import { assertCan, transition } from '../state-machine';
import { moveTargets } from '../target-state-machine';
import { WorkflowDeps } from './deps';
import { accountsFor } from './post-store';
import { approvalStillFits, scheduleIfReady, voidApproval } from './scheduling';
import { closeSettledAlerts } from './post-alerts';
import { uploadIdOf } from '../media/media-store';

export interface PostInput {
  baseText?: string;
  variants?: NetworkTexts;
  media?: PostMedia[];
  targetAccountIds?: string[];
  /** Local "YYYY-MM-DDTHH:mm" in the practice zone, an ISO instant with offset, or null to unschedule a draft. */
  scheduledFor?: string | null;
  campaign?: string | null;
  tags?: string[];
  templateKey?: string | null;
  templateVars?: Record<string, string>;
  /** Google Business Profile: update, event or offer, and its button (null: a standard update). */
  googlePost?: GooglePostSettings | null;
}

export type NewPostInput = PostInput & { origin?: Post['origin'] };

const CONTENT_FIELDS = [
  'baseText',
  'variants',
  'media',
  'targetAccountIds',
  'templateVars',
  'templateKey',
  'googlePost',
] as const;

export class ComposePost {
  constructor(private readonly deps: WorkflowDeps) {}

  async create(practiceId: string, user: SessionUser, input: NewPostInput, manager?: EntityManager): Promise<Post> {
    // Read before the transaction: an upload's facts show on the draft, before anyone submits it.
    const media = input.media?.length ? await this.deps.images.describe(practiceId, input.media) : input.media;
    const work = async (tx: EntityManager) => {
      const post = this.draft(await this.deps.posts.practice(practiceId, tx), user, { ...input, media });
      await this.deps.posts.save(post, tx);
      await this.deps.images.markNamed(tx, practiceId, post.media);
      await this.deps.posts.setTargets(post, input.targetAccountIds ?? [], tx);
      await this.deps.audit.record(tx, practiceId, createdEvent(user, post));
      return post;
    };
    return manager ? work(manager) : inTransaction(this.deps.dataSource, work);
  }

  /**
   * Many new posts in the caller's transaction (a CSV import): each input is checked and stored exactly as
   * create() would, in order, but the practice and accounts are read once, posts and targets go in with
   * multi-row inserts and the audit entries (one post.created per post) with one append. On the first
   * input that is refused nothing is written; `refuse` may turn that error into the caller's own.
   */
  async createMany(
    practiceId: string,
    user: SessionUser,
    inputs: readonly NewPostInput[],
    tx: EntityManager,
    refuse?: (error: DomainError, index: number) => Error,
  ): Promise<Post[]> {
    const practice = await this.deps.posts.practice(practiceId, tx);
    const wanted = [...new Set(inputs.flatMap((input) => input.targetAccountIds ?? []))];
    const accounts = wanted.length ? await this.deps.posts.accounts(practiceId, wanted, tx) : [];
    const drafts = inputs.map((input, index) => {
      try {
        const post = this.draft(practice, user, input);
        post.id = randomUUID(); // the targets need it before the insert
        return {
          post,
          targets: accountsFor(accounts, input.targetAccountIds ?? []).map((account) =>
            this.deps.posts.newTarget(post, account),
          ),
        };
      } catch (error) {
        throw refuse && error instanceof DomainError ? refuse(error, index) : error;
      }
    });
    await insertInChunks(
      tx,
      Post,
      drafts.map((d) => d.post),
    );
    await insertInChunks(
      tx,
      PostTarget,
      drafts.flatMap((d) => d.targets),
    );
    // Listed as every read lists them (TARGET_ORDER), so the answer matches GET /api/posts/:id.
    const posts = drafts.map(({ post, targets }) =>
      Object.assign(post, { targets: [...targets].sort(compareTargets) }),
    );
    await this.deps.audit.recordMany(
      tx,
      practiceId,
      posts.map((post) => createdEvent(user, post)),
    );
    return posts;
  }

  /** Content edits send the post back to draft (voiding any approval); a new time alone keeps the approval if it still fits. */
  async update(
    practiceId: string,
    user: SessionUser,
    postId: string,
    input: PostInput,
  ): Promise<{ post: Post; note: string | null }> {
    let unschedule = false;
    let reschedule = false;
    if (input.media?.length) input = { ...input, media: await this.deps.images.describe(practiceId, input.media) };
    const result = await inTransaction(this.deps.dataSource, async (tx) => {
      const post = await this.deps.posts.lock(practiceId, postId, tx);
      const before = contentOf(post);
      const contentChanged = CONTENT_FIELDS.some(
        (field) =>
          input[field] !== undefined &&
          canonicalJson(proposed(post, field, input)) !== canonicalJson(current(post, field)),
      );
      const timeChanged =
        input.scheduledFor !== undefined &&
        input.scheduledFor !== post.scheduledLocal &&
        !(input.scheduledFor === null && post.scheduledLocal === null);
      if (contentChanged) assertCan('edit', post.status);
      if (timeChanged) assertCan('reschedule', post.status);

      const wasApproved = post.status === 'approved' || post.status === 'scheduled';
      const actor = actorOf(user);
      if (input.campaign !== undefined) post.campaign = input.campaign;
      if (input.tags !== undefined) post.tags = input.tags;
      if (timeChanged) this.applyTime(post, input.scheduledFor ?? null);
      let note: string | null = null;

      if (contentChanged) {
        if (input.baseText !== undefined) post.baseText = input.baseText;
        if (input.variants !== undefined) post.variants = cleanVariants(input.variants);
        if (input.media !== undefined) {
          post.media = keptCopies(post.media, input.media);
          await this.deps.images.markNamed(tx, practiceId, post.media);
        }
        if (input.googlePost !== undefined) post.googlePost = input.googlePost;
        if (input.templateVars !== undefined) post.templateVars = input.templateVars;
        if (input.templateKey !== undefined) post.templateKey = input.templateKey;
        this.validateTemplates(post);
        if (input.targetAccountIds !== undefined) await this.deps.posts.setTargets(post, input.targetAccountIds, tx);
        post.version += 1;
        post.contributorIds = [...new Set([...post.contributorIds, user.id])];
        post.findings = [];
        post.verdict = null;
        if (wasApproved) {
          await voidApproval(this.deps, tx, post, actor, 'the content was edited after approval');
          unschedule = true;
        }
        transition(post, 'edit');
      } else if (timeChanged && wasApproved) {
        const fit = approvalStillFits(this.deps, post, await this.deps.posts.practice(practiceId, tx));
        if (!fit.fits) {
          await voidApproval(this.deps, tx, post, actor, `rescheduled: ${fit.reason}`);
          note = `The approval no longer applies because ${fit.reason}; the post is a draft again.`;
          unschedule = true;
        } else if (post.status === 'scheduled' && post.scheduledAt && post.scheduledAt > this.deps.clock.now()) {
          // A network waiting for a retry goes out at the new time, not at its old retry time.
          await this.deps.posts.moveScheduledTargets(practiceId, postId, post.scheduledAt, tx);
          moveTargets(post.targets ?? [], 'move', { dueAt: post.scheduledAt, nextAttemptAt: null });
          reschedule = true;
        } else if (post.status === 'scheduled') {
          transition(post, 'cancel');
          await this.deps.posts.unscheduleTargets(practiceId, postId, tx);
          moveTargets(post.targets ?? [], 'unschedule', { dueAt: null });
          unschedule = true;
          note = post.scheduledAt
            ? 'That time has passed; the post is approved but not scheduled.'
            : 'Unscheduled; the post stays approved.';
        }
      }
      await this.deps.posts.save(post, tx);
      if ((post.status as PostStatus) === 'approved' && timeChanged) {
        note = (await scheduleIfReady(this.deps, tx, post, actor)) ?? note;
        reschedule = post.status === 'scheduled';
      }
      await closeSettledAlerts(this.deps.alerts, tx, post);
      await this.deps.audit.record(tx, practiceId, {
        actor,
        action: contentChanged ? 'post.edited' : timeChanged ? 'post.rescheduled' : 'post.retagged',
        entityType: 'post',
        entityId: post.id,
        before,
        after: contentOf(post),
        details: {
          status: post.status,
          version: post.version,
          scheduledLocal: post.scheduledLocal,
          changed: Object.keys(input).filter((k) => input[k as keyof PostInput] !== undefined),
        },
      });
      return { post, note };
    });
    if (unschedule) await this.deps.sync.unscheduled(practiceId, postId);
    if (reschedule && !unschedule) await this.deps.sync.scheduled(practiceId, postId);
    return result;
  }

  async duplicate(practiceId: string, user: SessionUser, postId: string): Promise<Post> {
    return inTransaction(this.deps.dataSource, async (tx) => {
      const source = await this.deps.posts.lock(practiceId, postId, tx);
      return this.create(
        practiceId,
        user,
        {
          baseText: source.baseText,
          variants: source.variants,
          media: source.media,
          googlePost: source.googlePost,
          templateVars: source.templateVars,
          templateKey: source.templateKey,
          campaign: source.campaign,
          tags: source.tags,
          targetAccountIds: (source.targets ?? []).map((t) => t.accountId),
        },
        tx,
      ).then(async (copy) => {
        await this.deps.audit.record(tx, practiceId, {
          actor: actorOf(user),
          action: 'post.duplicated',
          entityType: 'post',
          entityId: copy.id,
          details: { from: source.id, fromStatus: source.status },
        });
        return copy;
      });
    });
  }

  /**
   * Soft delete. A post live on any network stays (refused with a 409, never archived): what is live cannot be
   * taken back, and the record is where its links and audit trail are found. It can only be marked.
   */
  async remove(practiceId: string, user: SessionUser, postId: string): Promise<void> {
    await inTransaction(this.deps.dataSource, async (tx) => {
      const post = await this.deps.posts.lock(practiceId, postId, tx);
      // Checked on the targets too, not only the status: an id stored by a network makes a post live.
      const live = (post.targets ?? []).filter((t) => t.status === 'published' || t.externalId !== null);
      if (live.length)
        throw new ConflictError(
          `This post is live on ${listOf(live.map((t) => NETWORK_NAMES[t.network]))}, so it cannot be deleted: live posts cannot be taken back, so the record and its links stay. Add a note with Mark instead (for example after removing it on the network by hand).`,
          { currentState: post.status, action: 'delete', liveOn: live.map((t) => t.network) },
        );
      assertCan('delete', post.status);
      await this.deps.posts.cancelScheduledTargets(practiceId, postId, tx);
      await this.deps.posts.softDelete(practiceId, postId, tx);
      await closeSettledAlerts(this.deps.alerts, tx, post, true);
      await this.deps.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'post.deleted',
        entityType: 'post',
        entityId: postId,
        before: contentOf(post),
        details: { status: post.status },
      });
    });
    await this.deps.sync.unscheduled(practiceId, postId);
  }

  async mark(practiceId: string, user: SessionUser, postId: string, note: string): Promise<Post> {
    return inTransaction(this.deps.dataSource, async (tx) => {
      const post = await this.deps.posts.lock(practiceId, postId, tx);
      assertCan('mark', post.status);
      post.markNote = note;
      await this.deps.posts.save(post, tx);
      await this.deps.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'post.marked',
        entityType: 'post',
        entityId: postId,
        details: { note },
      });
      return post;
    });
  }

  /** A new draft from the input, checked (templates, time) but not saved. */
  private draft(practice: Practice, user: SessionUser, input: NewPostInput): Post {
    const post = this.deps.posts.newPost({
      practiceId: practice.id,
      status: 'draft',
      baseText: input.baseText ?? '',
      variants: cleanVariants(input.variants),
      media: (input.media ?? []).map(asWritten),
      googlePost: input.googlePost ?? null,
      templateVars: input.templateVars ?? {},
      templateKey: input.templateKey ?? null,
      scheduledAt: null,
      scheduledLocal: null,
      timezone: practice.timezone,
      campaign: input.campaign ?? null,
      tags: input.tags ?? [],
      version: 1,
      authorId: user.id,
      contributorIds: [user.id],
      findings: [],
      verdict: null,
      submittedAt: null,
      markNote: null,
      origin: input.origin ?? 'person',
    });
    this.validateTemplates(post);
    if (input.scheduledFor) this.applyTime(post, input.scheduledFor);
    return post;
  }

  private applyTime(post: Post, scheduledFor: string | null): void {
    if (scheduledFor === null) {
      if (post.status === 'scheduled') throw new ConflictError('Cancel the scheduled post first, or pick another time');
      post.scheduledAt = null;
      post.scheduledLocal = null;
      return;
    }
    const time = resolveScheduledFor(scheduledFor, post.timezone);
    if (time.instant.getTime() <= this.deps.clock.now().getTime()) {
      throw new InvalidInputError(
        `The date and time ${time.local.replace('T', ' ')} (${post.timezone}) is in the past; pick a later time`,
        {
          field: 'scheduledFor',
        },
      );
    }
    post.scheduledAt = time.instant;
    post.scheduledLocal = time.local;
  }

  /** Unknown variables are an error when the post is saved, never an empty string when it is published. */
  private validateTemplates(post: Post): void {
    const allowed = availableVariables(Object.keys(post.templateVars));
    for (const [where, source] of [
      ['baseText', post.baseText],
      ...Object.entries(post.variants).map(([n, t]) => [`variants.${n}`, t ?? '']),
    ] as const) {
      const result = validateTemplate(source, allowed);
      if (!result.valid)
        throw new InvalidInputError(`${where}: ${result.issues.map((i) => i.message).join('; ')}`, {
          field: where,
          issues: result.issues,
        });
    }
  }
}

/** "Facebook", "Facebook and X", "Facebook, LinkedIn and X". */
export function listOf(names: string[]): string {
  const unique = [...new Set(names)];
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

function cleanVariants(variants: NetworkTexts | undefined): NetworkTexts {
  return Object.fromEntries(
    Object.entries(variants ?? {}).filter(([, text]) => typeof text === 'string' && text.trim() !== ''),
  ) as NetworkTexts;
}

function current(post: Post, field: (typeof CONTENT_FIELDS)[number]): unknown {
  return field === 'targetAccountIds'
    ? (post.targets ?? []).map((t) => t.accountId)
    : field === 'variants'
      ? cleanVariants(post.variants)
      : field === 'media'
        ? post.media.map(asCompared)
        : post[field];
}

function proposed(post: Post, field: (typeof CONTENT_FIELDS)[number], input: PostInput): unknown {
  if (field === 'targetAccountIds') return [...new Set(input.targetAccountIds)];
  if (field === 'variants') return cleanVariants(input.variants);
  if (field === 'media') return (input.media ?? []).map(asCompared);
  return input[field];
}

/**
 * An image as an author writes it: the stored copy and its hash are the server's, made at submission. An upload
 * keeps the facts read from its bytes (PostImages.describe); a remote image's are read when it is copied.
 */
function asWritten(media: PostMedia): PostMedia {
  const { url, altText, mimeType, width, height, size } = media;
  const facts = uploadIdOf(url) && width && height && size ? { width, height, size, ...videoFacts(media) } : {};
  return mimeType ? { url, altText, mimeType, ...facts } : { url, altText, ...facts };
}

/** A video's length, codec and frame rate, when the media item has them (read from its container). */
function videoFacts(media: PostMedia): Pick<PostMedia, 'durationMs' | 'codec' | 'frameRate'> {
  const { durationMs, codec, frameRate } = media;
  return durationMs === undefined ? {} : { durationMs, codec, frameRate };
}

/** What makes an edit of the images a content edit: which image and its description (the type is sniffed). */
function asCompared(media: PostMedia): Pick<PostMedia, 'url' | 'altText'> {
  return { url: media.url, altText: media.altText };
}

/** The edited images, keeping the stored copy of each one whose address did not change (resubmission re-checks). */
function keptCopies(before: PostMedia[], edited: PostMedia[]): PostMedia[] {
  return edited.map((media) => {
    const same = before.find((b) => b.url === media.url && b.storedId);
    if (!same) return asWritten(media);
    const { mimeType, storedId, sha256, width, height, size } = same;
    return {
      ...asWritten(media),
      mimeType,
      storedId,
      sha256,
      ...(width && height && size ? { width, height, size, ...videoFacts(same) } : {}),
    };
  });
}

function createdEvent(user: SessionUser, post: Post): AuditEvent {
  return {
    actor: actorOf(user),
    action: 'post.created',
    entityType: 'post',
    entityId: post.id,
    after: contentOf(post),
    details: {
      origin: post.origin,
      scheduledLocal: post.scheduledLocal,
      targets: post.targets?.length ?? 0,
      templateKey: post.templateKey,
    },
  };
}

/** What the audit log hashes as a post's content. */
export function contentOf(post: Post) {
  return {
    baseText: post.baseText,
    variants: post.variants,
    media: post.media,
    // Only when set, so the audited content of posts without Google settings is what it always was.
    ...(post.googlePost ? { googlePost: post.googlePost } : {}),
    templateVars: post.templateVars,
    templateKey: post.templateKey,
    targets: (post.targets ?? []).map((t) => t.accountId),
    scheduledLocal: post.scheduledLocal,
    timezone: post.timezone,
    version: post.version,
  };
}
