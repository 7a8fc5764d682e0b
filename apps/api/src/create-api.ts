// Builds the configured HTTP application; used by main.ts and by the e2e tests, so both run the same app.
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import { CoreResources } from '@app/core';
import { ApiModule } from './api.module';
import { inputSanity } from './http/input-sanity';
import { securityHeaders } from './http/security-headers';
import { apiValidationPipe } from './http/validation';
import { configureWeb } from './web/configure-web';

export async function createApi(resources: CoreResources): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(resources), {
    bufferLogs: true,
    abortOnError: false,
    // The JSON parser keeps the raw bytes too: webhook signatures are checked on exactly what was sent.
    rawBody: true,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(securityHeaders(resources.config.PUBLIC_URL));
  app.use(cookieParser());
  app.useBodyParser('json', { limit: '1mb' });
  // After the JSON parser (registered just above), before any route.
  app.use(inputSanity);
  const web = configureWeb(app);
  app.setGlobalPrefix('api', { exclude: web.excludeFromApiPrefix });
  app.useGlobalPipes(apiValidationPipe());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Practice Social Planner API')
      .setDescription('Plan, check for PHI, approve and publish social posts for a medical or dental practice.')
      .setVersion('1')
      .addBearerAuth()
      .addCookieAuth('planner_session')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
  return app;
}
