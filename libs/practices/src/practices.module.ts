import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, REDIS, ResolvedConfig } from '@app/core';
import { AuditLog, AuditModule } from '@app/audit';
import { AuthService } from './auth/auth.service';
import { MemoryLoginCounters, RedisLoginCounters } from './auth/login-counters';
import { LoginLimiter } from './auth/login-limiter';
import { SessionTokens } from './auth/session-tokens';
import { PracticesService } from './practices/practices.service';
import { SetupService } from './practices/setup.service';
import { UsersService } from './users/users.service';

@Module({
  imports: [AuditModule],
  providers: [
    {
      provide: SessionTokens,
      useFactory: (c: ResolvedConfig) => new SessionTokens(c.SECRET_KEY, c.SESSION_HOURS),
      inject: [APP_CONFIG],
    },
    {
      provide: LoginLimiter,
      // Queue mode counts in Redis (shared by every API instance); embedded mode in this, the only, process.
      useFactory: (r: Redis | null, c: ResolvedConfig) =>
        new LoginLimiter(
          r ? new RedisLoginCounters(r) : new MemoryLoginCounters(),
          c.QUEUE_PREFIX,
          c.LOGIN_ATTEMPTS_PER_15_MIN,
        ),
      inject: [REDIS, APP_CONFIG],
    },
    {
      provide: UsersService,
      useFactory: (d: DataSource, a: AuditLog, c: Clock) => new UsersService(d, a, c),
      inject: [DataSource, AuditLog, Clock],
    },
    {
      provide: PracticesService,
      useFactory: (d: DataSource, a: AuditLog, u: UsersService) => new PracticesService(d, a, u),
      inject: [DataSource, AuditLog, UsersService],
    },
    {
      provide: SetupService,
      useFactory: (d: DataSource, p: PracticesService) => new SetupService(d, p),
      inject: [DataSource, PracticesService],
    },
    {
      provide: AuthService,
      useFactory: (d: DataSource, a: AuditLog, t: SessionTokens, l: LoginLimiter, c: Clock) =>
        new AuthService(d, a, t, l, c),
      inject: [DataSource, AuditLog, SessionTokens, LoginLimiter, Clock],
    },
  ],
  exports: [AuthService, UsersService, PracticesService, SetupService, SessionTokens],
})
export class PracticesModule {}
