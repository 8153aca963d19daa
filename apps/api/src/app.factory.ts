import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { ZhibenConfig } from '#bootstrap';
import { AppModule } from './app.module.js';
import { ErrorFilter } from './conventions/error.filter.js';
import { createValidationPipe } from './conventions/validation.js';
import { requestSanity } from './conventions/request-sanity.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Request bodies larger than this are refused with 413. */
export const BODY_LIMIT = '256kb';

/**
 * Builds the HTTP app for a configuration (not listening yet): API.md's validation and error
 * shapes, a body limit, and the OpenAPI document at `/docs` (JSON at `/docs-json`).
 */
export async function createApp(config: ZhibenConfig): Promise<NestExpressApplication> {
  const upTo = Math.max(0, LEVELS.indexOf(config.logLevel as LogLevel));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    // Colours only on a terminal: a log file gets plain text.
    logger: new ConsoleLogger({ logLevels: LEVELS.slice(0, upTo + 1), colors: process.stdout.isTTY === true }),
  });
  // ETags are stream revisions, set by the routes (usable as If-Match), never Express's body hashes.
  app.set('etag', false);
  // No `X-Powered-By: Express` on every answer: bytes that serve no client and name the stack.
  app.disable('x-powered-by');
  // The client address (req.ip, which the report rate limit counts by) is the socket's peer unless
  // TRUST_PROXY names proxies whose X-Forwarded-For is believed (README "Abuse limits").
  app.set('trust proxy', config.trustProxy ?? false);
  app.useBodyParser('json', { limit: BODY_LIMIT, strict: false });
  app.use(requestSanity);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  // Longer than the usual clients' idle keep-alive (Node's fetch keeps sockets 4–5 s): a server that
  // drops an idle socket first resets the request a client has just sent on it.
  app.getHttpServer().keepAliveTimeout = 65_000;
  app.getHttpServer().headersTimeout = 66_000;
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Zhiben (治本) API')
      .setDescription(
        "Chongqing's 2024–2026 work-safety root-cause action: commands append events; queries read projections. " +
          'Positions and revisions are decimal strings; dates are China Standard Time; money is integer fen.',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
