// Correcting a practice's time zone (it was set wrong at setup, or the practice moved). Posts already planned have
// a local wall time and a UTC instant, and the change cannot keep both: either each post keeps its wall time ("9:00
// as planned", a new instant) or its instant (the same moment, a new local time). The practice says which; the
// preview says what each choice does to each post, and the change and its audit entry are one transaction.
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { ConflictError, inTransaction } from '@app/core';
import { actorOf, assertTimezone, Practice, PracticesService, SessionUser } from '@app/practices';
import { Post, PostStatus } from '../entities/post.entity';
import { WorkflowDeps } from './deps';

export const ZONE_CHANGE_CHOICES = ['keep_wall_times', 'keep_instants'] as const;
export type ZoneChangeChoice = (typeof ZONE_CHANGE_CHOICES)[number];

/** Posts that still have a time ahead of them (the published, failed and publishing ones keep their history). */
const PLANNED: PostStatus[] = ['draft', 'in_review', 'changes_requested', 'approved', 'scheduled'];
const LOCAL = "yyyy-LL-dd'T'HH:mm";

export interface PlannedTime {
  local: string;
  at: string;
}

export interface ZoneChangeEffect {
  postId: string;
  status: PostStatus;
  now: PlannedTime;
  keepWallTimes: PlannedTime;
  keepInstants: PlannedTime;
  /** Its wall time in the new zone is already past: it keeps its instant whichever is chosen. */
  wallTimePassed: boolean;
}

export interface ZoneChangePreview {
  from: string;
  to: string;
  posts: ZoneChangeEffect[];
  /** Plain words for the person choosing. */
  summary: string;
}

export class PracticeTimezone {
  constructor(
    private readonly deps: WorkflowDeps,
    private readonly practices: PracticesService,
  ) {}

  async preview(practiceId: string, zone: string): Promise<ZoneChangePreview> {
    assertTimezone(zone);
    const practice = await this.deps.posts.practice(practiceId);
    return this.effects(practice, zone, await this.planned(practiceId));
  }

  /**
   * Sets the zone; with planned posts the choice is required (409 with the preview otherwise). Returns the
   * practice and the effects applied.
   */
  async change(
    practiceId: string,
    user: SessionUser,
    zone: string,
    choice: ZoneChangeChoice | undefined,
  ): Promise<{ practice: Practice; applied: ZoneChangePreview; choice: ZoneChangeChoice | null }> {
    assertTimezone(zone);
    const moved: string[] = [];
    const result = await inTransaction(this.deps.dataSource, async (tx) => {
      const before = await this.deps.posts.practice(practiceId, tx);
      const posts = await this.planned(practiceId, tx);
      const applied = this.effects(before, zone, posts);
      if (zone === before.timezone) return { practice: before, applied, choice: null };
      if (applied.posts.length && !choice)
        throw new ConflictError(`${applied.summary} Send scheduledPosts: "keep_wall_times" or "keep_instants".`, {
          field: 'scheduledPosts',
          preview: applied,
        });
      const practice = await this.practices.update(practiceId, user, { timezone: zone }, tx);
      for (const effect of applied.posts) {
        const keepWall = choice === 'keep_wall_times' && !effect.wallTimePassed;
        const next = keepWall ? effect.keepWallTimes : effect.keepInstants;
        const at = new Date(next.at);
        await this.deps.posts.moveTime(
          practiceId,
          effect.postId,
          { timezone: zone, scheduledLocal: next.local, scheduledAt: at },
          tx,
        );
        if (keepWall) {
          await this.deps.posts.moveScheduledTargetsNotRetrying(practiceId, effect.postId, at, tx);
          if (effect.status === 'scheduled') moved.push(effect.postId);
        }
      }
      await this.deps.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'practice.timezone_changed',
        entityType: 'practice',
        entityId: practiceId,
        before: { timezone: before.timezone },
        after: { timezone: zone },
        details: {
          from: before.timezone,
          to: zone,
          choice: choice ?? null,
          posts: applied.posts.map((e) => ({
            postId: e.postId,
            before: e.now,
            after: choice === 'keep_wall_times' && !e.wallTimePassed ? e.keepWallTimes : e.keepInstants,
          })),
        },
      });
      return { practice, applied, choice: choice ?? null };
    });
    // The jobs follow the new instants (the database is the truth; the reconciler repairs a failed move).
    for (const postId of moved) await this.deps.sync.scheduled(practiceId, postId);
    return result;
  }

  private planned(practiceId: string, tx?: EntityManager): Promise<Post[]> {
    return this.deps.posts.plannedAfter(practiceId, PLANNED, this.deps.clock.now(), tx);
  }

  private effects(practice: Practice, to: string, posts: Post[]): ZoneChangePreview {
    const now = this.deps.clock.now().getTime();
    const timed = posts.filter((p): p is Post & { scheduledAt: Date; scheduledLocal: string } => !!p.scheduledLocal);
    const effects = timed.map((post) => {
      const instant = DateTime.fromJSDate(post.scheduledAt);
      const wall = DateTime.fromFormat(post.scheduledLocal, LOCAL, { zone: to });
      const time = (dt: DateTime, zone: string): PlannedTime => ({
        local: dt.setZone(zone).toFormat(LOCAL),
        at: dt.toUTC().toISO({ suppressMilliseconds: true })!,
      });
      return {
        postId: post.id,
        status: post.status,
        now: time(instant, post.timezone),
        keepWallTimes: time(wall, to),
        keepInstants: time(instant, to),
        wallTimePassed: wall.toMillis() <= now,
      };
    });
    const count = effects.length === 1 ? '1 planned post' : `${effects.length} planned posts`;
    const summary = effects.length
      ? `Changing the time zone from ${practice.timezone} to ${to} affects ${count}. Keep their local times: each still goes out at the same time on the calendar, which is a different moment. Keep the same moments: each goes out when planned now, shown at a new local time.`
      : `No planned post is affected by changing the time zone from ${practice.timezone} to ${to}.`;
    return { from: practice.timezone, to, posts: effects, summary };
  }
}
