import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Snapshots of the read models for as-of queries: `read_model_snapshots` holds one row per snapshot
 * (the global position it reflects), `read_model_snapshot_rows` the rows of each read-model table at
 * that position as JSON arrays in chunks. Both are written in one transaction: a snapshot is whole or absent.
 */
export class AsOfSnapshots1766000000000 implements MigrationInterface {
  name = 'AsOfSnapshots1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE read_model_snapshots (
      position bigint PRIMARY KEY CHECK (position > 0), created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE read_model_snapshot_rows (
      position bigint NOT NULL REFERENCES read_model_snapshots (position) ON DELETE CASCADE,
      table_name text NOT NULL, chunk integer NOT NULL, rows jsonb NOT NULL,
      PRIMARY KEY (position, table_name, chunk))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS read_model_snapshot_rows');
    await q.query('DROP TABLE IF EXISTS read_model_snapshots');
  }
}
