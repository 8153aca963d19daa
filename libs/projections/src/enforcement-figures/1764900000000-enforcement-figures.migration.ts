import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The enforcement figures' read model: supervisory inspections and enforcement actions (`enforcement_figure_*`). */
export class EnforcementFigures1764900000000 implements MigrationInterface {
  name = 'EnforcementFigures1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE enforcement_figure_inspections (
      stream_id text NOT NULL, revision bigint NOT NULL, inspection_id uuid NOT NULL, district_code text NOT NULL,
      sector text NOT NULL, method text NOT NULL, special_supervision_level text, inspected_date date NOT NULL,
      PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX enforcement_figure_inspections_date ON enforcement_figure_inspections (inspected_date)');
    await q.query(`CREATE TABLE enforcement_figure_actions (
      stream_id text NOT NULL, revision bigint NOT NULL, action_id uuid NOT NULL, district_code text NOT NULL,
      sector text NOT NULL, kind text NOT NULL, amount_fen bigint NOT NULL, decided_date date NOT NULL,
      PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX enforcement_figure_actions_date ON enforcement_figure_actions (decided_date)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS enforcement_figure_actions');
    await q.query('DROP TABLE IF EXISTS enforcement_figure_inspections');
  }
}
