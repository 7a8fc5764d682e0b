// Runs the media sweep (libs/posts MediaSweep) every MEDIA_SWEEP_MINUTES on the workers, one worker at a time:
// stored images nothing has named for MEDIA_RETENTION_DAYS are deleted, each audited.
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Inject } from '@nestjs/common';
import { MediaSweep, MediaSweepReport } from '@app/posts';
import { APP_CONFIG, KeyValueStore, Periodic, ResolvedConfig } from '@app/core';

@Injectable()
export class MediaSweepRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MediaSweepRunner.name);
  private readonly loop: Periodic;

  constructor(
    private readonly sweep: MediaSweep,
    private readonly store: KeyValueStore,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {
    this.loop = new Periodic(() => this.runLocked(), {
      everyMs: config.MEDIA_SWEEP_MINUTES * 60_000,
      // Not at start: a fleet restarting together would all sweep at once; the lock keeps it to one anyway.
      firstAfterMs: 5 * 60_000,
      onError: (error) => this.logger.warn({ err: error }, 'Media sweep failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }

  private async runLocked(): Promise<MediaSweepReport | null> {
    const held = await this.store.setIfAbsent(
      `${this.config.QUEUE_PREFIX}:media-sweep-lock`,
      '1',
      this.config.MEDIA_SWEEP_MINUTES * 60_000 - 1000,
    );
    if (!held) return null;
    const report = await this.sweep.sweep();
    if (report.deleted || report.recorded) this.logger.log({ ...report }, 'Media sweep');
    return report;
  }
}
