import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { EnforcementStatisticsController } from './enforcement-statistics.controller.js';
import { RecordEnforcementActionHandler, RecordSupervisoryInspectionHandler } from './record-supervision.command.js';
import { SupervisionCommandsController } from './supervision-commands.controller.js';

/** Supervisory inspections and enforcement actions (督导/执法检查, 行政处罚等) and the enforcement figures. */
@Module({
  controllers: [SupervisionCommandsController, EnforcementStatisticsController],
  providers: [RecordSupervisoryInspectionHandler, RecordEnforcementActionHandler, ReadYourWrites],
})
export class SupervisionModule {}
