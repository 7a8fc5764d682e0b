import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, Mailer, REDIS, ResolvedConfig } from '@app/core';
import { AuditLog, AuditModule } from '@app/audit';
import { AuthService } from './auth/auth.service';
import { MemoryLoginCounters, RedisLoginCounters } from './auth/login-counters';
import { LoginLimiter } from './auth/login-limiter';
import { PasswordResets } from './auth/password-resets';
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
      useFactory: (d: DataSource, a: AuditLog, c: Clock, l: LoginLimiter) => new UsersService(d, a, c, l),
      inject: [DataSource, AuditLog, Clock, LoginLimiter],
    },
    {
      provide: PasswordResets,
      // Reset requests are counted apart from sign-ins: 3 per address and account, then slowed down.
      useFactory: (d: DataSource, a: AuditLog, c: Clock, r: Redis | null, config: ResolvedConfig, m: Mailer) =>
        new PasswordResets(
          d,
          a,
          c,
          new LoginLimiter(
            r ? new RedisLoginCounters(r) : new MemoryLoginCounters(),
            `${config.QUEUE_PREFIX}:reset`,
            3,
            15 * 60_000,
          ),
          m,
          config.PUBLIC_URL,
        ),
      inject: [DataSource, AuditLog, Clock, REDIS, APP_CONFIG, Mailer],
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
  exports: [AuthService, UsersService, PracticesService, SetupService, SessionTokens, PasswordResets],
})
export class PracticesModule {}
