import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { TargetsController } from './targets.controller.js';

/** The plan's target scoreboard: GET /api/v1/targets and GET /api/v1/scoreboard. */
@Module({
  controllers: [TargetsController],
  providers: [ReadYourWrites],
})
export class TargetsModule {}
