import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { KeyTaskCommandsController } from './key-task-commands.controller.js';
import { KeyTaskQueriesController } from './key-task-queries.controller.js';
import { KeyTaskStatisticsController } from './key-task-statistics.controller.js';
import { RunKeyTaskHandler } from './key-task.commands.js';

/** The annex's key tasks (重点任务清单): progress reports, completions, item states and per-task figures. */
@Module({
  controllers: [KeyTaskCommandsController, KeyTaskQueriesController, KeyTaskStatisticsController],
  providers: [RunKeyTaskHandler, ReadYourWrites],
})
export class KeyTaskModule {}
