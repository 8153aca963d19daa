import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The key-task progress read model: reports, completions and reported measurements (`key_task_*`). */
export class KeyTaskProgress1765500000000 implements MigrationInterface {
  name = 'KeyTaskProgress1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE key_task_reports (
      stream_id text NOT NULL, revision bigint NOT NULL, position bigint NOT NULL, task_no integer NOT NULL, item_no text NOT NULL,
      year integer NOT NULL, lead_unit text NOT NULL, district_code text, summary text NOT NULL, percent_complete double precision,
      reported_at timestamptz NOT NULL, reported_at_text text NOT NULL, reported_date date NOT NULL, PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX key_task_reports_item ON key_task_reports (item_no, year)');
    await q.query(`CREATE TABLE key_task_completions (
      stream_id text NOT NULL, revision bigint NOT NULL, position bigint NOT NULL, task_no integer NOT NULL, item_no text NOT NULL,
      year integer NOT NULL, lead_unit text NOT NULL, evidence text NOT NULL, completed_at timestamptz NOT NULL,
      completed_at_text text NOT NULL, completed_date date NOT NULL, PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX key_task_completions_item ON key_task_completions (item_no, year)');
    await q.query(`CREATE TABLE key_task_measurements (
      stream_id text NOT NULL, revision bigint NOT NULL, ordinal integer NOT NULL, position bigint NOT NULL, item_no text NOT NULL,
      indicator text NOT NULL, district_code text, sector text, numerator double precision NOT NULL, denominator double precision,
      reported_at timestamptz NOT NULL, reported_at_text text NOT NULL, reported_date date NOT NULL, PRIMARY KEY (stream_id, revision, ordinal))`);
    await q.query('CREATE INDEX key_task_measurements_reported ON key_task_measurements (reported_date)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS key_task_measurements');
    await q.query('DROP TABLE IF EXISTS key_task_completions');
    await q.query('DROP TABLE IF EXISTS key_task_reports');
  }
}
