import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { AuditLog } from './audit-log';

@Module({
  providers: [
    {
      provide: AuditLog,
      useFactory: (dataSource: DataSource, clock: Clock) => new AuditLog(dataSource, clock),
      inject: [DataSource, Clock],
    },
  ],
  exports: [AuditLog],
})
export class AuditModule {}
