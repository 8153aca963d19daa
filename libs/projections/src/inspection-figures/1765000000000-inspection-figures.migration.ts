import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The inspection figures' read model: self-inspections recorded and the register they are judged against (`inspection_figure_*`). */
export class InspectionFigures1765000000000 implements MigrationInterface {
  name = 'InspectionFigures1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE inspection_figure_inspections (
      stream_id text NOT NULL, revision bigint NOT NULL, inspection_id uuid NOT NULL, enterprise_uscc text NOT NULL,
      district_code text NOT NULL, sector text NOT NULL, high_risk boolean NOT NULL, level text NOT NULL,
      inspected_date date NOT NULL, hazards_found integer NOT NULL, PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX inspection_figure_inspections_uscc ON inspection_figure_inspections (enterprise_uscc)');
    await q.query('CREATE INDEX inspection_figure_inspections_date ON inspection_figure_inspections (inspected_date)');
    await q.query(`CREATE TABLE inspection_figure_enterprises (
      uscc text PRIMARY KEY, district_code text NOT NULL, sector text NOT NULL, high_risk boolean NOT NULL,
      registered_date date NOT NULL, closed_date date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS inspection_figure_enterprises');
    await q.query('DROP TABLE IF EXISTS inspection_figure_inspections');
  }
}
