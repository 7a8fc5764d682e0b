import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, KeyValueStore, pingDatabase, pingRedis, REDIS, ResolvedConfig, RunMode } from '@app/core';
import { LinkedInVersionWatch } from '@app/publishing';
import { livePublishers } from '@app/scheduler';
import { Public } from '../http/auth.guard';

type Check = 'ok' | 'down';

export class LinkedInVersionDto {
  @ApiProperty({ example: '202611', description: 'LINKEDIN_VERSION, the LinkedIn-Version header sent' })
  version: string;
  @ApiProperty({
    example: '2027-11-01',
    description: 'A year after the version month: a little before LinkedIn usually retires it',
  })
  sunsetsAround: string;
  @ApiProperty({ description: 'Days until then (negative: past it)' }) daysLeft: number;
  @ApiProperty({ enum: ['current', 'ending_soon', 'retired'] }) state: 'current' | 'ending_soon' | 'retired';
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: 'ok' | 'degraded';
  @ApiProperty({
    enum: ['embedded', 'queue'],
    description:
      'embedded: this one process serves and publishes, timed by the database (no Redis); queue: Bull on Redis, separate workers',
  })
  mode: RunMode;
  @ApiProperty({ enum: ['ok', 'down'] }) database: Check;
  @ApiProperty({ enum: ['ok', 'down', 'not_used'], description: 'not_used in embedded mode' })
  redis: Check | 'not_used';
  @ApiProperty({
    description:
      'Publishers that reported in the last minute (queue mode: worker processes; embedded mode: 1 while this process publishes); 0 means scheduled posts will not go out',
  })
  workers: number;
  @ApiProperty({
    type: [String],
    description:
      'What failed: database, redis (both answer 503), workers (no live publisher: 200, but scheduled posts will not go out)',
  })
  failing: string[];
  @ApiProperty({
    type: [String],
    description:
      'What the operator should fix soon, though nothing fails yet: e.g. LINKEDIN_VERSION nearing its sunset (LinkedIn retires each version after about a year)',
  })
  warnings: string[];
  @ApiProperty({ type: () => LinkedInVersionDto })
  linkedinVersion: LinkedInVersionDto;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: KeyValueStore,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    private readonly linkedIn: LinkedInVersionWatch,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'The run mode, database and Redis reachability (503 names what failed) and live publishers (none: degraded)',
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const redisClient = this.redis;
    const [database, redis] = await Promise.all([
      this.database(),
      redisClient ? pingRedis(redisClient).then((ok): Check => (ok ? 'ok' : 'down')) : ('not_used' as const),
    ]);
    const workers =
      redis === 'down' ? 0 : await livePublishers(this.config, this.store, this.redis, this.clock.now()).catch(() => 0);
    const down = [database === 'down' ? 'database' : null, redis === 'down' ? 'redis' : null].filter(
      (x): x is string => x !== null,
    );
    // 503 only for what this process needs; with no live worker the API still serves (a load balancer must keep it),
    // but nothing scheduled will go out, so it is not "ok".
    if (down.length) res.status(503);
    const failing = workers === 0 ? [...down, 'workers'] : down;
    const { warning, ...linkedinVersion } = this.linkedIn.status();
    return {
      status: failing.length ? 'degraded' : 'ok',
      mode: this.config.runMode,
      database,
      redis,
      workers,
      failing,
      warnings: warning ? [warning] : [],
      linkedinVersion,
    };
  }

  private async database(): Promise<Check> {
    try {
      await Promise.race([
        pingDatabase(this.dataSource),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return 'ok';
    } catch {
      return 'down';
    }
  }
}
