import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit, resolveJwtKey } from '#bootstrap';
import { createApp } from './app.factory.js';

// A bad variable stops start-up with one line naming it (e.g. DATABASE_POOL_SIZE), not a stack trace;
// so does server mode without a way to verify tokens (resolveJwtKey has no side effect there).
const config = loadConfigOrExit('Zhiben', (c) => {
  if (c.databaseUrl) resolveJwtKey(c);
});
const app = await createApp(config);
await app.listen(config.port);
new Logger('Zhiben').log(
  `listening on http://localhost:${config.port} (${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`}); OpenAPI at /docs`,
);
