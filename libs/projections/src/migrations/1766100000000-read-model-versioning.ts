import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry of versioned read-model tables (libs/projections/src/as-of/read-model-versioning.ts):
 * one row per table whose every row version is kept in `<table>__versions`, with the global position
 * from which that history is complete (`started_at`) and a fingerprint of the columns it was built for.
 * The history tables, triggers and as-of views themselves are generated after the migrations from the
 * tables' own columns, so a later migration that changes a read-model table needs no versioning code.
 */
export class ReadModelVersioning1766100000000 implements MigrationInterface {
  name = 'ReadModelVersioning1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE read_model_versioning (
      table_name text PRIMARY KEY, started_at bigint NOT NULL CHECK (started_at >= 0), fingerprint text NOT NULL,
      installed_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS read_model_versioning');
  }
}
