// Tells the operator (the process log, not every practice's alerts) when the configured LinkedIn-Version nears
// or passes its sunset: at start and once a day, so a long-running worker warns too. /api/health says the same.
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, Clock, Periodic, ResolvedConfig } from '@app/core';
import { linkedInVersionStatus, LinkedInVersionStatus } from './clients/linkedin/linkedin-version';

const DAILY_MS = 24 * 60 * 60_000;

@Injectable()
export class LinkedInVersionWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LinkedInVersion');
  private readonly loop = new Periodic(async () => this.report(), {
    everyMs: DAILY_MS,
    onError: (error) => this.logger.warn({ err: error }, 'LinkedIn version check failed'),
  });

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    private readonly clock: Clock,
  ) {}

  status(): LinkedInVersionStatus {
    return linkedInVersionStatus(this.config.LINKEDIN_VERSION, this.clock.now());
  }

  /** Logs the warning when there is one (error once past the expected sunset); returns the status. */
  report(): LinkedInVersionStatus {
    const status = this.status();
    const fields = { setting: 'LINKEDIN_VERSION', ...status };
    if (status.state === 'retired') this.logger.error(fields, status.warning);
    else if (status.state === 'ending_soon') this.logger.warn(fields, status.warning);
    return status;
  }

  onApplicationBootstrap(): void {
    this.report();
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }
}
