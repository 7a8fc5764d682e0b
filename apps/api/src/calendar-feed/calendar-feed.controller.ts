// The iCal feed (public, authenticated only by the secret token in its address) and the signed-in
// user's endpoints to create, rotate and revoke that address.
import { Controller, Delete, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, ResolvedConfig } from '@app/core';
import {
  CalendarFeedTokens,
  FEED_DAYS_AHEAD,
  FEED_DAYS_BACK,
  FEED_MAX_EVENTS,
  PracticeCalendarFeed,
} from '@app/calendar';
import { SessionUser } from '@app/practices';
import { CurrentUser, Public } from '../http/auth.guard';
import { CalendarFeedCreatedDto, CalendarFeedStatusDto } from './calendar-feed.dto';

@ApiTags('calendar feed')
@Controller()
export class CalendarFeedController {
  constructor(
    private readonly feed: PracticeCalendarFeed,
    private readonly tokens: CalendarFeedTokens,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Get('calendar.ics')
  @Public()
  @ApiOperation({
    summary:
      'The practice’s posts as an iCalendar feed, for Outlook, Google or Apple Calendar (no sign-in: the token is the key)',
    description:
      `One 15-minute, non-blocking event per dated post from ${FEED_DAYS_BACK} days ago to ${FEED_DAYS_AHEAD} days ahead (at most ${FEED_MAX_EVENTS}), ` +
      'in the practice’s time zone: drafts, posts in review, approved, scheduled, publishing, published and failed; rejected posts are left out. ' +
      'The summary reads "[Status] text… (Facebook, X)"; the text of a post appears only once a reviewer has approved it. ' +
      'An unknown or revoked token, or one of a deactivated user, answers 404.',
  })
  @ApiQuery({
    name: 'token',
    type: String,
    required: true,
    description: 'The secret from POST /api/users/me/calendar-feed',
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({
    description: 'An iCalendar (RFC 5545) document',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse({ description: 'No active feed has this token' })
  async calendar(@Query('token') token: unknown, @Res({ passthrough: true }) res: Response): Promise<string> {
    const body = await this.feed.render(typeof token === 'string' ? token : '');
    // Set only on success: a 404 stays a JSON error.
    res.set({
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="social-posts.ics"',
      'Cache-Control': 'private, max-age=300',
      'X-Robots-Tag': 'noindex',
      'Referrer-Policy': 'no-referrer',
    });
    return body;
  }

  @Get('users/me/calendar-feed')
  @ApiBearerAuth()
  @ApiTags('users')
  @ApiOperation({ summary: 'Whether the signed-in user has a calendar feed address' })
  @ApiOkResponse({ type: CalendarFeedStatusDto })
  async status(@CurrentUser() user: SessionUser): Promise<CalendarFeedStatusDto> {
    return { active: await this.tokens.exists(user.practiceId, user.id) };
  }

  @Post('users/me/calendar-feed')
  @ApiBearerAuth()
  @ApiTags('users')
  @ApiOperation({
    summary: 'Create the signed-in user’s calendar feed address, or replace it (the old one stops working); shown once',
  })
  @ApiCreatedResponse({ type: CalendarFeedCreatedDto })
  async create(@CurrentUser() user: SessionUser): Promise<CalendarFeedCreatedDto> {
    const token = await this.tokens.issue(user.practiceId, user);
    const url = `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/api/calendar.ics?token=${token}`;
    return { url, webcalUrl: url.replace(/^https?:\/\//, 'webcal://') };
  }

  @Delete('users/me/calendar-feed')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiTags('users')
  @ApiOperation({ summary: 'Revoke the signed-in user’s calendar feed address' })
  @ApiNoContentResponse()
  async revoke(@CurrentUser() user: SessionUser): Promise<void> {
    await this.tokens.revoke(user.practiceId, user);
  }
}
