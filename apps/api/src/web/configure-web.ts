import { NestExpressApplication } from '@nestjs/platform-express';

/** View engine and static assets for the web pages; called by createApi before the API prefix is set. */
export function configureWeb(_app: NestExpressApplication): { excludeFromApiPrefix: string[] } {
  return { excludeFromApiPrefix: [] };
}
