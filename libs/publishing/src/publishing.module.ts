import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, ResolvedConfig } from '@app/core';
import { LinkedInVersionWatch } from './linkedin-version-watch';
import { NetworkClients } from './network-clients';

/** The network clients, built once from configuration, and the watch on the LinkedIn API version's sunset. */
@Global()
@Module({
  providers: [
    {
      provide: NetworkClients,
      useFactory: (config: ResolvedConfig) => new NetworkClients(config),
      inject: [APP_CONFIG],
    },
    LinkedInVersionWatch,
  ],
  exports: [NetworkClients, LinkedInVersionWatch],
})
export class PublishingModule {}
