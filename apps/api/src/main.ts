import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { loadConfig, type ZhibenConfig } from '#bootstrap';
import { createApp } from './app.factory.js';

let config: ZhibenConfig;
try {
  config = loadConfig();
} catch (error) {
  // A bad variable stops start-up with one line naming it (e.g. DATABASE_POOL_SIZE), not a stack trace.
  new ConsoleLogger('Zhiben', { colors: process.stderr.isTTY === true }).error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
const app = await createApp(config);
await app.listen(config.port);
new Logger('Zhiben').log(
  `listening on http://localhost:${config.port} (${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`}); OpenAPI at /docs`,
);
