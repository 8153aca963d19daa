import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rescue-capacity figures' read model: teams established and equipment distributed (`rescue_figure_*`). */
export class RescueFigures1765100000000 implements MigrationInterface {
  name = 'RescueFigures1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rescue_figure_teams (
      stream_id text NOT NULL, revision bigint NOT NULL, team_id uuid NOT NULL, district_code text NOT NULL,
      level text NOT NULL, sector text, unit_ref text, members integer NOT NULL, established_date date NOT NULL,
      PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX rescue_figure_teams_established ON rescue_figure_teams (established_date)');
    await q.query(`CREATE TABLE rescue_figure_distributions (
      stream_id text NOT NULL, revision bigint NOT NULL, distribution_id uuid NOT NULL, district_code text NOT NULL,
      sets integer NOT NULL, recipient_level text NOT NULL, distributed_date date NOT NULL, PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX rescue_figure_distributions_distributed ON rescue_figure_distributions (distributed_date)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS rescue_figure_distributions');
    await q.query('DROP TABLE IF EXISTS rescue_figure_teams');
  }
}
