import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { HazardCommandsController } from './hazard-commands.controller.js';
import { HazardLifecycleHandler } from './hazard-lifecycle.command.js';
import { HazardQueriesController } from './hazard-queries.controller.js';
import { ReportHazardHandler } from './report-hazard.command.js';

/** Hazards: the lifecycle commands, the ledger and one hazard's state. */
@Module({
  controllers: [HazardCommandsController, HazardQueriesController],
  providers: [ReportHazardHandler, HazardLifecycleHandler, ReadYourWrites],
})
export class HazardModule {}
