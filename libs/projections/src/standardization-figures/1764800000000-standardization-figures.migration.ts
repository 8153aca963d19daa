import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The standardization figures' read model: the register and its gradings (`standardization_figure_*`). */
export class StandardizationFigures1764800000000 implements MigrationInterface {
  name = 'StandardizationFigures1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE standardization_figure_enterprises (
      uscc text PRIMARY KEY, district_code text NOT NULL, sector text NOT NULL, registered_date date NOT NULL,
      closed_date date, responsibility_date date)`);
    await q.query(`CREATE TABLE standardization_figure_grades (
      stream_id text NOT NULL, revision bigint NOT NULL, uscc text NOT NULL, level smallint NOT NULL,
      graded_date date NOT NULL, valid_until date NOT NULL, PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX standardization_figure_grades_uscc ON standardization_figure_grades (uscc)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS standardization_figure_grades');
    await q.query('DROP TABLE IF EXISTS standardization_figure_enterprises');
  }
}
