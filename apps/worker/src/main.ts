import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '#bootstrap';
import { WorkerModule } from './worker.module.js';

// A bad variable stops start-up with one line naming it (e.g. DATABASE_POOL_SIZE), not a stack trace.
const config = loadConfigOrExit('Worker');
if (!config.databaseUrl) {
  // PGlite is one process's database: in embedded mode the api runs the worker itself.
  new Logger('Worker').error('the worker runs alone only in server mode: set DATABASE_URL (embedded mode runs it inside the api)');
  process.exit(2);
}
const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config));
app.enableShutdownHooks();
new Logger('Worker').log('projection runner and deadline watcher running');
