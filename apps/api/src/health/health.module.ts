import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';

/** `/health`. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
