import { Module } from '@nestjs/common';
import { ParkedEventsController } from './parked-events.controller.js';

/** City administrators' operational routes under `/api/v1/admin` (city_admin only). */
@Module({ controllers: [ParkedEventsController] })
export class AdminModule {}
