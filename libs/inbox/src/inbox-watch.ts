// The inbox's timers, run by workers only: polling every account (the fallback when webhooks are off, and
// the catch-up after downtime), the unanswered-comment check and sending approved replies.
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, Periodic, ResolvedConfig } from '@app/core';
import { PollComments } from './usecases/poll-comments';
import { SendReplies } from './usecases/send-replies';
import { UnansweredComments } from './usecases/unanswered-comments';

@Injectable()
export class InboxWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxWatch.name);
  private readonly polling: Periodic;
  private readonly unanswered: Periodic;
  private readonly replies: Periodic;

  constructor(
    poll: PollComments,
    check: UnansweredComments,
    send: SendReplies,
    @Inject(APP_CONFIG) config: ResolvedConfig,
  ) {
    this.polling = new Periodic(() => poll.poll(), {
      // What arrived while every worker was down is read at the first pass, one interval after start.
      everyMs: config.INBOX_POLL_SECONDS * 1000,
      onError: (error) => this.logger.warn({ err: error }, 'Inbox polling pass failed'),
    });
    this.unanswered = new Periodic(() => check.check(), {
      everyMs: 60_000,
      onError: (error) => this.logger.warn({ err: error }, 'Unanswered-comment check failed'),
    });
    // Approved replies go out within seconds; the claim keeps several workers from sending one twice.
    this.replies = new Periodic(() => send.sendDue(), {
      everyMs: 2_000,
      onError: (error) => this.logger.warn({ err: error }, 'Reply sending pass failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.polling.start();
    this.unanswered.start();
    this.replies.start();
  }

  onApplicationShutdown(): void {
    this.polling.stop();
    this.unanswered.stop();
    this.replies.stop();
  }
}
