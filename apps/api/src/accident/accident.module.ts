import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AccidentCommandsController } from './accident-commands.controller.js';
import { AccidentLifecycleHandler } from './accident-lifecycle.command.js';
import { AccidentQueriesController } from './accident-queries.controller.js';
import { AccidentStatisticsController } from './accident-statistics.controller.js';
import { ReportAccidentHandler } from './report-accident.command.js';

/** Production-safety accidents: report, toll revision, investigation conclusion, one accident's state, the accident figures. */
@Module({
  controllers: [AccidentCommandsController, AccidentQueriesController, AccidentStatisticsController],
  providers: [ReportAccidentHandler, AccidentLifecycleHandler, ReadYourWrites],
})
export class AccidentModule {}
