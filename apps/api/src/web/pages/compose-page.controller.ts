// Compose and edit a post: base text, per-network variants with live previews, PHI findings, accounts, time.
import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { buttonLabel, groupFindings, PostComments, practiceVariables, renderPost, TemplateCatalog } from '@app/posts';
import { PostQueries } from '@app/calendar';
import { Clock, listIn } from '@app/core';
import {
  GOOGLE_ACTION_TYPES,
  imageRulesInForce,
  instagramRulesInForce,
  NETWORK_LIMITS,
  NETWORK_MAX_IMAGES,
  NETWORK_NAMES,
  NETWORKS,
} from '@app/publishing';
import { nextOccurrence, upcomingExamples } from '@app/templates';
import { DateTime } from 'luxon';
import { Public } from '../../http/auth.guard';
import { PostDto } from '../../posts/post-view.dto';
import { NETWORK_ICONS, PageData } from '../page-data';
import { PageExceptionFilter } from '../page-errors';
import { PageSession, PageUser } from '../page-session';
import { WEB_PREFIX } from '../web-paths';
import { postOutcomeView } from '../post-outcome-view';

export const CATEGORY_LABELS: Record<string, string> = {
  observance: 'Health observances',
  seasonal_tip: 'Seasonal tips',
  office_news: 'Office news',
  patient_portal: 'Patient portal',
  education: 'Patient education',
};
/** Content can still change in these states (editing withdraws a review or voids an approval). */
const EDITABLE = new Set(['draft', 'changes_requested', 'in_review', 'approved', 'scheduled']);

@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller(WEB_PREFIX)
export class ComposePageController {
  constructor(
    private readonly session: PageSession,
    private readonly data: PageData,
    private readonly queries: PostQueries,
    private readonly comments: PostComments,
    private readonly templates: TemplateCatalog,
    private readonly clock: Clock,
  ) {}

  @Get('posts/new')
  async newPost(
    @Req() req: Request,
    @Res() res: Response,
    @Query('date') date?: string,
    @Query('time') time?: string,
    @Query('template') template?: string,
  ): Promise<void> {
    const page = await this.session.require(req, ['author', 'admin']);
    const templates = await this.templates.list(page.user.practiceId);
    const today = DateTime.now().setZone(page.practice.timezone).toISODate()!;
    const groups = new Map<string, Array<{ key: string; title: string }>>();
    for (const t of templates) listIn(groups, t.category).push({ key: t.key, title: t.title });
    await this.render(res, page, null, {
      initialDate: /^\d{4}-\d{2}-\d{2}$/.test(date ?? '') ? date : '',
      initialTime: /^\d{2}:\d{2}$/.test(time ?? '') ? time : '09:00',
      templateGroups: [...groups.entries()].map(([category, items]) => ({
        label: CATEGORY_LABELS[category] ?? category,
        items: items.map((i) => ({ ...i, selected: i.key === template })),
      })),
      // Dated templates propose their next occurrence, and date examples that have passed move to next year.
      templates: templates.map((t) => ({
        key: t.key,
        title: t.title,
        category: t.category,
        source: t.source,
        requiredVars: upcomingExamples(t.requiredVars ?? [], today),
        suggestedDate: nextOccurrence(t, today),
      })),
    });
  }

  @Get('posts/:id')
  async editPost(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    const page = await this.session.require(req);
    const post = await this.queries.get(page.user.practiceId, id);
    const rendered = renderPost(
      post,
      (post.targets ?? []).map((t) => ({ accountId: t.accountId, network: t.network })),
      page.practice,
    );
    const accounts = await this.queries.targetAccounts(page.user.practiceId, post);
    const dto = PostDto.of(post, { rendered, user: page.user, accounts, now: this.clock.now() });
    const comments = await this.comments.list(page.user.practiceId, id);
    const [date, time] = (post.scheduledLocal ?? 'T').split('T');
    await this.render(res, page, dto, {
      initialDate: date,
      initialTime: time || '09:00',
      comments: comments.map((c) => ({
        author: c.authorName,
        body: c.body,
        decision: c.decision,
        at: c.createdAt.toISOString(),
      })),
    });
  }

  private async render(
    res: Response,
    page: PageUser,
    post: PostDto | null,
    extra: Record<string, unknown>,
  ): Promise<void> {
    const canWrite = page.user.roles.includes('author') || page.user.roles.includes('admin');
    const editable = canWrite && (!post || EDITABLE.has(post.status));
    // A post the person cannot change is not titled "Edit post".
    const heading = !post ? 'New post' : editable ? 'Edit post' : 'Post';
    const layout = this.session.layout(
      page,
      'calendar',
      heading,
      post
        ? ['/assets/js/compose-images.js', '/assets/js/compose.js', '/assets/js/post-actions.js']
        : ['/assets/js/compose-images.js', '/assets/js/compose.js'],
    );
    const accounts = await this.data.accounts(page.user.practiceId);
    const selected = new Set((post?.targets ?? []).map((t) => t.accountId));
    res.render('pages/compose', {
      ...layout,
      ...extra,
      post,
      editable,
      heading,
      saveLabel:
        !post || post.status === 'draft' || post.status === 'changes_requested' ? 'Save draft' : 'Save changes',
      statusText: post?.statusText ?? null,
      outcome: post ? postOutcomeView(post, editable) : null,
      underReview: post?.status === 'in_review',
      // Not once it is live on a network: "you can move it" would read as if nothing went out (the results say).
      approvedAlready:
        (post?.status === 'approved' || post?.status === 'scheduled') &&
        !post.targets.some((t) => t.status === 'published'),
      accounts: accounts.map((a) => ({ ...a, networkName: NETWORK_NAMES[a.network], checked: selected.has(a.id) })),
      networkTabs: NETWORKS,
      googleButtons: GOOGLE_ACTION_TYPES.map((value) => ({ value, label: buttonLabel(value) })),
      googleSelected: accounts.some((a) => a.network === 'google_business' && selected.has(a.id)),
      blockers: (post?.findings ?? []).filter((f) => f.severity === 'block').length,
      pageData: {
        post,
        phraseFindings: groupFindings(post?.findings ?? []),
        timezone: page.practice.timezone,
        practiceName: page.practice.name,
        practiceVars: practiceVariables(page.practice),
        handle: page.practice.profile.handles?.[0] ?? null,
        networks: NETWORKS,
        networkNames: NETWORK_NAMES,
        limits: NETWORK_LIMITS,
        instagram: instagramRulesInForce(),
        maxImages: NETWORK_MAX_IMAGES,
        imageRules: imageRulesInForce(),
        icons: NETWORK_ICONS,
        accounts,
        editable,
        templates: extra.templates ?? [],
      },
    });
  }
}
