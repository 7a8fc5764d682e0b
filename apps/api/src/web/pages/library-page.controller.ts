// The content library: seeded and practice templates, previewed with the practice's own details.
import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { TemplateCatalog } from '@app/posts';
import { Public } from '../../http/auth.guard';
import { PageExceptionFilter } from '../page-errors';
import { PageSession } from '../page-session';
import { WEB_PREFIX } from '../web-paths';
import { CATEGORY_LABELS } from './compose-page.controller';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller(WEB_PREFIX)
export class LibraryPageController {
  constructor(
    private readonly session: PageSession,
    private readonly catalog: TemplateCatalog,
  ) {}

  @Get('library')
  async library(@Req() req: Request, @Res() res: Response): Promise<void> {
    const page = await this.session.require(req);
    const layout = this.session.layout(page, 'library', 'Content library', ['/assets/js/library.js']);
    const templates = await this.catalog.list(page.user.practiceId);
    const cards = templates.map((t) => {
      const preview = this.catalog.preview(t, page.practice);
      const first = preview.facebook.text ?? preview.linkedin.text ?? preview.x.text ?? null;
      const previewError =
        first === null
          ? (preview.facebook.error ?? preview.linkedin.error ?? preview.x.error ?? '').replace(
              /\s*\(line \d+, column \d+\)$/,
              '',
            )
          : null;
      const when =
        t.kind === 'dated'
          ? t.month
            ? MONTHS[t.month - 1]
            : t.window
              ? `${t.window.from} to ${t.window.to}`
              : 'Dated'
          : 'Any time';
      return {
        key: t.key,
        title: t.title,
        category: t.category,
        categoryLabel: CATEGORY_LABELS[t.category] ?? t.category,
        source: t.source,
        when,
        dated: t.kind === 'dated',
        specialties: t.specialties.filter((s) => s !== 'any'),
        preview: first,
        previewError,
        variables: (t.requiredVars ?? []).map((v) => v.description),
        search: `${t.title} ${t.category} ${t.hashtags.join(' ')}`.toLowerCase(),
      };
    });
    res.render('pages/library', {
      ...layout,
      cards,
      categories: Object.entries(CATEGORY_LABELS).map(([value, label]) => ({
        value,
        label,
        count: cards.filter((c) => c.category === value).length,
      })),
      canCompose: layout.user.isAuthor || layout.user.isAdmin,
    });
  }
}
