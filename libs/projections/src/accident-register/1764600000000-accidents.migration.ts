import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The accident register and its toll history (`accident_register`, `accident_tolls`), read by
 * `GET /api/v1/accidents/{id}` and `GET /api/v1/statistics/accidents`.
 */
export class Accidents1764600000000 implements MigrationInterface {
  name = 'Accidents1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE accident_register (
      accident_id uuid PRIMARY KEY, district_code text NOT NULL, sector text NOT NULL, enterprise_uscc text,
      occurred_at timestamptz NOT NULL, occurred_date date NOT NULL, deaths bigint NOT NULL, serious_injuries bigint NOT NULL,
      direct_loss_fen bigint NOT NULL, grade text NOT NULL, summary text NOT NULL, status text NOT NULL, investigation jsonb,
      toll_history jsonb NOT NULL, revision bigint NOT NULL, position bigint NOT NULL)`);
    await q.query('CREATE INDEX accident_register_occurred ON accident_register (occurred_date)');
    await q.query(`CREATE TABLE accident_tolls (
      accident_id uuid NOT NULL, revision bigint NOT NULL, effective_date date NOT NULL, deaths bigint NOT NULL,
      serious_injuries bigint NOT NULL, direct_loss_fen bigint NOT NULL, grade text NOT NULL, PRIMARY KEY (accident_id, revision))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS accident_tolls');
    await q.query('DROP TABLE IF EXISTS accident_register');
  }
}
