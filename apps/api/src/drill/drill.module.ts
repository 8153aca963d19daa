import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { DrillCommandsController } from './drill-commands.controller.js';
import { DrillStatisticsController } from './drill-statistics.controller.js';
import { RecordDrillHandler } from './record-drill.command.js';

/** Evacuation drills (疏散逃生演练): RecordDrill and the drill figures. */
@Module({
  controllers: [DrillCommandsController, DrillStatisticsController],
  providers: [RecordDrillHandler, ReadYourWrites],
})
export class DrillModule {}
