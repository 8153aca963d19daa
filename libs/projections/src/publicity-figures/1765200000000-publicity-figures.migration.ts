import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The publicity figures' read model: lectures, demonstration sites and science halls (`publicity_figure_*`). */
export class PublicityFigures1765200000000 implements MigrationInterface {
  name = 'PublicityFigures1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE publicity_figure_lectures (
      stream_id text NOT NULL, revision bigint NOT NULL, lecture_id uuid NOT NULL, district_code text NOT NULL,
      sector text, audience_size integer NOT NULL, held_date date NOT NULL, PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX publicity_figure_lectures_held ON publicity_figure_lectures (held_date)');
    await q.query(`CREATE TABLE publicity_figure_sites (
      stream_id text NOT NULL, revision bigint NOT NULL, site_id uuid NOT NULL, district_code text NOT NULL,
      setting text NOT NULL, built_date date NOT NULL, PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX publicity_figure_sites_built ON publicity_figure_sites (built_date)');
    await q.query(`CREATE TABLE publicity_figure_halls (
      stream_id text NOT NULL, revision bigint NOT NULL, hall_id uuid NOT NULL, district_code text NOT NULL,
      level text NOT NULL, established_date date NOT NULL, PRIMARY KEY (stream_id, revision))`);
    await q.query('CREATE INDEX publicity_figure_halls_established ON publicity_figure_halls (established_date)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS publicity_figure_halls');
    await q.query('DROP TABLE IF EXISTS publicity_figure_sites');
    await q.query('DROP TABLE IF EXISTS publicity_figure_lectures');
  }
}
