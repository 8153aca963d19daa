import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { StatisticsController } from './statistics.controller.js';

/** The plan's figures. */
@Module({ controllers: [StatisticsController], providers: [ReadYourWrites] })
export class StatisticsModule {}
