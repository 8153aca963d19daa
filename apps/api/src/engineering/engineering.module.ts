import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { EngineeringCommandsController } from './engineering-commands.controller.js';
import { RecordElevatorSpotCheckHandler, RecordEngineeringProgressHandler } from './engineering.commands.js';
import { EngineeringStatisticsController } from './engineering-statistics.controller.js';

/** Safety engineering (安全工程治理, 三(七)20): elevator spot checks, engineering progress and their figures. */
@Module({
  controllers: [EngineeringCommandsController, EngineeringStatisticsController],
  providers: [RecordElevatorSpotCheckHandler, RecordEngineeringProgressHandler, ReadYourWrites],
})
export class EngineeringModule {}
