import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, type ZhibenConfig } from '#bootstrap';
import { WorkerModule } from './worker.module.js';

let config: ZhibenConfig;
try {
  config = loadConfig();
} catch (error) {
  // As the api: a bad variable stops start-up with one line naming it, not a stack trace.
  new ConsoleLogger('Worker', { colors: process.stderr.isTTY === true }).error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
if (!config.databaseUrl) {
  // PGlite is one process's database: in embedded mode the api runs the worker itself.
  new Logger('Worker').error('the worker runs alone only in server mode: set DATABASE_URL (embedded mode runs it inside the api)');
  process.exit(2);
}
const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config));
app.enableShutdownHooks();
new Logger('Worker').log('projection runner and deadline watcher running');
