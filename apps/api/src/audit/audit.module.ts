import { Module } from '@nestjs/common';
import { StreamHistoryController } from './stream-history.controller.js';

/** Auditors' routes. */
@Module({ controllers: [StreamHistoryController] })
export class AuditModule {}
