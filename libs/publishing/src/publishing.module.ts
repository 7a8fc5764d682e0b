import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, ResolvedConfig } from '@app/core';
import { NetworkClients } from './network-clients';

/** The network clients, built once from configuration. */
@Global()
@Module({
  providers: [
    {
      provide: NetworkClients,
      useFactory: (config: ResolvedConfig) => new NetworkClients(config),
      inject: [APP_CONFIG],
    },
  ],
  exports: [NetworkClients],
})
export class PublishingModule {}
