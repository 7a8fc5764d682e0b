// Starts the worker's Nest context (no HTTP) on resources that are already open: queue mode's Bull processor, or
// embedded mode's due scan (in the API's process).
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { CoreModule, CoreResources, loggingModule } from '@app/core';
import { SchedulerModule } from './scheduler.module';
import { WorkerRuntimeModule } from './worker-runtime.module';

@Module({})
class WorkerRootModule {
  static forRoot(resources: CoreResources): DynamicModule {
    return {
      module: WorkerRootModule,
      imports: [
        CoreModule.forRoot(resources),
        loggingModule(resources.config.LOG_LEVEL, 'worker'),
        SchedulerModule.forRoot(resources.config.runMode),
        WorkerRuntimeModule.forRoot(resources.config.runMode),
      ],
    };
  }
}

export async function startWorker(resources: CoreResources): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(WorkerRootModule.forRoot(resources), { bufferLogs: true });
  context.useLogger(context.get(Logger));
  context.enableShutdownHooks();
  await context.init();
  return context;
}
