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
export { ensureEventStoreSchema, eventStoreSchemaSql } from './event-store.schema.js';
export { APPEND_LOCK_KEY, PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store.js';
