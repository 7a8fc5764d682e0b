// The review queue: posts waiting for a compliance review, oldest slot first, with the exact text per
// network, PHI findings, comments and history. Approve sends the content hash the reviewer saw.
import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  AUTHORIZATION_USES,
  groupFindings,
  isOwnPost,
  PatientAuthorizations,
  Post,
  PostComments,
  renderPost,
  StoredFinding,
  isVideoType,
} from '@app/posts';
import { AuditLog } from '@app/audit';
import { PostQueries } from '@app/calendar';
import { displayName, UsersService } from '@app/practices';
import { isNetwork, NETWORK_NAMES } from '@app/publishing';
import { Public } from '../../http/auth.guard';
import { PostDto } from '../../posts/post-view.dto';
import { PageExceptionFilter } from '../page-errors';
import { PageSession } from '../page-session';
import { WEB_PREFIX } from '../web-paths';

export interface Segment {
  text: string;
  severity?: 'block' | 'warn';
  rule?: string;
}

/** Splits a rendered text into plain and flagged pieces, so the template can mark findings (escaped). */
export function segmentsOf(text: string, findings: StoredFinding[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at || f.end > text.length || f.start >= f.end) continue;
    if (f.start > at) out.push({ text: text.slice(at, f.start) });
    out.push({ text: text.slice(f.start, f.end), severity: f.severity, rule: f.rule });
    at = f.end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

const bySlot = (a: Post, b: Post) =>
  (a.scheduledAt?.getTime() ?? Number.MAX_SAFE_INTEGER) - (b.scheduledAt?.getTime() ?? Number.MAX_SAFE_INTEGER) ||
  a.createdAt.getTime() - b.createdAt.getTime();

@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller(WEB_PREFIX)
export class ReviewPageController {
  constructor(
    private readonly session: PageSession,
    private readonly queries: PostQueries,
    private readonly comments: PostComments,
    private readonly audit: AuditLog,
    private readonly users: UsersService,
    private readonly authorizations: PatientAuthorizations,
  ) {}

  @Get('review')
  async review(@Req() req: Request, @Res() res: Response): Promise<void> {
    const page = await this.session.require(req, ['reviewer', 'admin', 'author']);
    const practiceId = page.user.practiceId;
    const posts = (
      await this.queries.calendar(practiceId, { statuses: ['in_review'], includeUnscheduled: true, limit: 200 })
    ).sort(bySlot);
    const names = new Map((await this.users.list(practiceId)).map((m) => [m.user.id, displayName(m)]));
    const items = await Promise.all(
      posts.map(async (post) => {
        const full = await this.queries.get(practiceId, post.id);
        const rendered = renderPost(
          full,
          (full.targets ?? []).map((t) => ({ accountId: t.accountId, network: t.network })),
          page.practice,
        );
        const dto = PostDto.of(full, { rendered, user: page.user });
        const [comments, history] = await Promise.all([
          this.comments.list(practiceId, post.id),
          this.audit.list(practiceId, { entityType: 'post', entityId: post.id, page: 1, pageSize: 30 }),
        ]);
        const phrases = groupFindings(full.findings);
        const networks = Object.entries(rendered.texts).map(([network, text]) => ({
          network,
          label: isNetwork(network) ? NETWORK_NAMES[network] : network,
          segments: segmentsOf(
            text ?? '',
            full.findings.filter((f) => f.network === network),
          ),
        }));
        return {
          ...dto,
          authorName: names.get(full.authorId) ?? 'Unknown',
          isContributor: isOwnPost(full, page.user.id),
          networks,
          // A reviewer approves a video by its content: it plays here, the very file that will be published.
          videos: full.media.filter((m) => isVideoType(m.mimeType)).map((m) => ({ url: m.url, altText: m.altText })),
          // One card per phrase, naming the networks it is on; a warning's one justification covers each of them.
          findingsList: phrases.map((f) => ({
            ...f,
            networkNames: f.networks.map((n) => (isNetwork(n) ? NETWORK_NAMES[n] : 'All networks')).join(', '),
            occurrencesJson: JSON.stringify(f.occurrences.map((o) => ({ network: o.network, start: o.start }))),
          })),
          warns: phrases.filter((f) => f.severity === 'warn').length,
          blocks: phrases.filter((f) => f.severity === 'block').length,
          comments: comments.map((c) => ({
            author: c.authorName,
            body: c.body,
            decision: c.decision,
            at: c.createdAt.toISOString(),
          })),
          history: history.items.map((e) => ({ at: e.at.toISOString(), actor: e.actorLabel, action: e.action })),
        };
      }),
    );
    const layout = this.session.layout(page, 'review', 'Review queue', ['/assets/js/review.js']);
    // Signed patient authorizations a reviewer can rely on to clear a named testimonial, photo or story.
    const now = Date.now();
    const onFile = layout.user.isReviewer
      ? (await this.authorizations.list(practiceId))
          .filter((a) => !a.revokedAt && (!a.expiresAt || a.expiresAt.getTime() > now))
          .map((a) => ({
            id: a.id,
            patientName: a.patientName,
            uses: a.uses.join(', '),
            expiresAt: a.expiresAt?.toISOString() ?? null,
          }))
      : [];
    res.render('pages/review', {
      ...layout,
      items: items.map((i) => ({ ...i, authorizations: i.blocks ? onFile : [] })),
      isReviewer: layout.user.isReviewer,
      uses: AUTHORIZATION_USES,
      today: new Date().toISOString().slice(0, 10),
    });
  }
}
