import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { answerHandshake, FacebookWebhookIntake } from '@app/inbox';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, ResolvedConfig } from '@app/core';
import { Public } from '../http/auth.guard';

/**
 * Meta's callback for the Page `feed` subscription. Public (Meta has no session), so it trusts nothing but
 * the verify token on GET and the app-secret signature on POST; a bad signature is a 401 and stores nothing.
 */
@ApiExcludeController()
@Public()
@Controller('webhooks/facebook')
export class FacebookWebhookController {
  constructor(
    private readonly intake: FacebookWebhookIntake,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Get()
  handshake(@Query() query: Record<string, unknown>, @Res() res: Response): void {
    const answer = answerHandshake(query, this.config.FACEBOOK_WEBHOOK_VERIFY_TOKEN);
    if (answer.ok) res.status(200).type('text/plain').send(answer.challenge);
    else res.status(403).json({ statusCode: 403, error: 'Forbidden', message: answer.reason });
  }

  @Post()
  @HttpCode(200)
  async deliver(
    @Req() req: Request & { rawBody?: Buffer },
    @Headers('x-hub-signature-256') signature: string | undefined,
  ): Promise<{ received: true; created: number; duplicates: number }> {
    const report = await this.intake.deliver(req.rawBody, signature);
    return { received: true, created: report.created, duplicates: report.duplicates };
  }
}
