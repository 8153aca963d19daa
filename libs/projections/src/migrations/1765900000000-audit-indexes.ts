import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventStoreAuditIndexSql } from '#event-store';

/**
 * The auditors' indexes on `es_events` (by correlation, by actor subject, by type, by recordedAt) for a
 * store created before them; a fresh store has them from the initial schema (`IF NOT EXISTS`).
 */
export class AuditIndexes1765900000000 implements MigrationInterface {
  name = 'AuditIndexes1765900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of eventStoreAuditIndexSql()) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['es_events_correlation_idx', 'es_events_subject_idx', 'es_events_type_idx', 'es_events_recorded_at_idx']) {
      await q.query(`DROP INDEX IF EXISTS ${name}`);
    }
  }
}
