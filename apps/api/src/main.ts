import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '#bootstrap';
import { createApp } from './app.factory.js';

const config = loadConfig();
const app = await createApp(config);
await app.listen(config.port);
new Logger('Zhiben').log(
  `listening on http://localhost:${config.port} (${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`}); OpenAPI at /docs`,
);
