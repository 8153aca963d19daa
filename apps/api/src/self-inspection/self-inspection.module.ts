import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { SelfInspectionCommandsController } from './self-inspection-commands.controller.js';
import { InspectionStatisticsController } from './inspection-statistics.controller.js';
import { RecordSelfInspectionHandler } from './record-self-inspection.command.js';

/** Enterprise self-inspections (日周月排查, 主要负责人带队检查, 2024 大排查): RecordSelfInspection and the inspection figures. */
@Module({
  controllers: [SelfInspectionCommandsController, InspectionStatisticsController],
  providers: [RecordSelfInspectionHandler, ReadYourWrites],
})
export class SelfInspectionModule {}
