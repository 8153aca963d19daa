import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The training figures' read model (`training_figure_*`): trainings, special-operations
 * certificates, and the enterprise register the principals' coverage is judged against.
 */
export class TrainingFigures1764700000000 implements MigrationInterface {
  name = 'TrainingFigures1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE training_figure_trainings (
      stream_id text NOT NULL, revision bigint NOT NULL, training_id uuid NOT NULL, audience text NOT NULL,
      person_ref text NOT NULL, district_code text NOT NULL, sector text, enterprise_uscc text,
      completed_date date NOT NULL, passed boolean NOT NULL, PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX training_figure_trainings_completed ON training_figure_trainings (completed_date)');
    await q.query(`CREATE TABLE training_figure_certificates (
      certificate_id text PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, person_ref text NOT NULL,
      enterprise_uscc text NOT NULL, district_code text NOT NULL, sector text NOT NULL, operation_type text NOT NULL,
      issued_date date NOT NULL, valid_until date NOT NULL, revoked_date date)`);
    await q.query('CREATE INDEX training_figure_certificates_person ON training_figure_certificates (person_ref)');
    await q.query(`CREATE TABLE training_figure_enterprises (
      uscc text PRIMARY KEY, district_code text NOT NULL, sector text NOT NULL, registered_date date NOT NULL,
      closed_date date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS training_figure_enterprises');
    await q.query('DROP TABLE IF EXISTS training_figure_certificates');
    await q.query('DROP TABLE IF EXISTS training_figure_trainings');
  }
}
