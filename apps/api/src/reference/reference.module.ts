import { Module } from '@nestjs/common';
import { ReferenceController } from './reference.controller.js';

/** Reference data routes. */
@Module({ controllers: [ReferenceController] })
export class ReferenceModule {}
