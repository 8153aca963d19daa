import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '#bootstrap';
import { createApp } from './app.factory.js';

// A bad variable stops start-up with one line naming it (e.g. DATABASE_POOL_SIZE), not a stack trace.
const config = loadConfigOrExit('Zhiben');
const app = await createApp(config);
await app.listen(config.port);
new Logger('Zhiben').log(
  `listening on http://localhost:${config.port} (${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`}); OpenAPI at /docs`,
);
