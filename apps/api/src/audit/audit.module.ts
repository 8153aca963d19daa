import { Module } from '@nestjs/common';
import { AuditEventsController } from './audit-events.controller.js';
import { auditLogProvider } from './audit-log.provider.js';
import { DistrictChangesController } from './district-changes.controller.js';
import { EntityStateController } from './entity-state.controller.js';
import { StreamHistoryController } from './stream-history.controller.js';
import { VerifyController } from './verify.controller.js';

/**
 * Auditors' routes under `/api/v1/audit` (auditor and city_admin: `@Access` on each controller): a
 * stream's history, a hazard's case, a subject's and a correlation's events, a hazard's and an
 * enterprise's state as of a time or position, a district's changes between two instants.
 */
@Module({
  controllers: [StreamHistoryController, AuditEventsController, EntityStateController, DistrictChangesController, VerifyController],
  providers: [auditLogProvider],
})
export class AuditModule {}
