import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { AlertsService } from './alerts.service';

@Module({
  providers: [
    {
      provide: AlertsService,
      useFactory: (d: DataSource, c: Clock) => new AlertsService(d, c),
      inject: [DataSource, Clock],
    },
  ],
  exports: [AlertsService],
})
export class AlertsModule {}
