import type { Provider } from '@nestjs/common';
import { DATABASE } from '#bootstrap';
import type { Database } from '#database';
import { PostgresAuditLog } from '#event-store';

/** Injection token of the auditors' reads of the event store. */
export const AUDIT_LOG = Symbol('AuditLog');

/** `PostgresAuditLog` over the process's database (PostgreSQL or PGlite). */
export const auditLogProvider: Provider = {
  provide: AUDIT_LOG,
  inject: [DATABASE],
  useFactory: (db: Database) => new PostgresAuditLog(db),
};
