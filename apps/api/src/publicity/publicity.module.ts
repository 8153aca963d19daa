import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { PublicityCommandsController } from './publicity-commands.controller.js';
import { RecordPublicityHandler } from './publicity.commands.js';
import { PublicityStatisticsController } from './publicity-statistics.controller.js';

/** Safety publicity (安全宣传): lectures, demonstration sites, science halls and their figures. */
@Module({
  controllers: [PublicityCommandsController, PublicityStatisticsController],
  providers: [RecordPublicityHandler, ReadYourWrites],
})
export class PublicityModule {}
