import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { RescueCommandsController } from './rescue-commands.controller.js';
import { DistributeEquipmentHandler, EstablishRescueTeamHandler } from './rescue.commands.js';
import { RescueStatisticsController } from './rescue-statistics.controller.js';

/** Rescue capacity (应急救援队伍, 救援装备): EstablishRescueTeam, DistributeEquipment and the rescue figures. */
@Module({
  controllers: [RescueCommandsController, RescueStatisticsController],
  providers: [EstablishRescueTeamHandler, DistributeEquipmentHandler, ReadYourWrites],
})
export class RescueModule {}
