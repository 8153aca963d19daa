import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The engineering figures' read model: elevator spot checks and engineering progress (`engineering_*`). */
export class EngineeringFigures1765300000000 implements MigrationInterface {
  name = 'EngineeringFigures1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE engineering_elevator_checks (
      stream_id text NOT NULL, revision bigint NOT NULL, check_id uuid NOT NULL, district_code text NOT NULL,
      checked_date date NOT NULL, elevators integer NOT NULL, defects_found integer NOT NULL, PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX engineering_elevator_checks_checked ON engineering_elevator_checks (checked_date)');
    await q.query(`CREATE TABLE engineering_progress (
      stream_id text NOT NULL, revision bigint NOT NULL, progress_id uuid NOT NULL, district_code text NOT NULL,
      project text NOT NULL, quantity integer NOT NULL, area_square_metres integer, completed_date date NOT NULL,
      PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX engineering_progress_completed ON engineering_progress (completed_date)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS engineering_progress');
    await q.query('DROP TABLE IF EXISTS engineering_elevator_checks');
  }
}
