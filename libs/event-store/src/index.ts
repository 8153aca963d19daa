export type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
} from './event-store.port.js';
export { DuplicateEventError, WrongExpectedRevisionError } from './errors.js';
export { canonicalJson, hashEvent, type HashedEventFields } from './event-hash.js';
export { ensureEventStoreSchema, eventStoreAuditIndexSql, eventStoreSchemaSql, eventStoreSealSchemaSql } from './event-store.schema.js';
export { APPEND_LOCK_KEY, PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store.js';
export { PostgresAuditLog, type AsOf, type EventPage, type RecordedRange } from './audit-log.js';
export {
  EventsHasher,
  eventsHash,
  hashSeal,
  sealEntryLine,
  type Seal,
  type SealEntry,
  type SealFields,
} from './seals/seal-hash.js';
export { SEAL_LOCK_KEY, Sealer, type SealerOptions } from './seals/sealer.js';
export { lastSeal } from './seals/seal-repository.js';
export type { ProblemKind, VerificationProblem } from './seals/verification.js';
export { verifyStore, type StoreVerification, type VerifyStoreOptions } from './seals/store-verifier.js';
export {
  AUDIT_EXPORT_FORMAT,
  AUDIT_EXPORT_VERSION,
  auditExportLines,
  type AuditExportOptions,
  type AuditExportSelection,
} from './seals/audit-export.js';
export { verifyExport, type ExportVerification } from './seals/export-verifier.js';
