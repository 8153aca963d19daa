import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The drill figures' read model: drills held and the register they are judged against (`drill_figure_*`). */
export class DrillFigures1764500000000 implements MigrationInterface {
  name = 'DrillFigures1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE drill_figure_drills (
      stream_id text NOT NULL, revision bigint NOT NULL, drill_id uuid NOT NULL, enterprise_uscc text NOT NULL,
      district_code text NOT NULL, sector text NOT NULL, high_risk boolean NOT NULL, held_date date NOT NULL,
      participants integer NOT NULL, PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX drill_figure_drills_uscc ON drill_figure_drills (enterprise_uscc)');
    await q.query('CREATE INDEX drill_figure_drills_held ON drill_figure_drills (held_date)');
    await q.query(`CREATE TABLE drill_figure_enterprises (
      uscc text PRIMARY KEY, district_code text NOT NULL, sector text NOT NULL, high_risk boolean NOT NULL,
      registered_date date NOT NULL, closed_date date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS drill_figure_enterprises');
    await q.query('DROP TABLE IF EXISTS drill_figure_drills');
  }
}
