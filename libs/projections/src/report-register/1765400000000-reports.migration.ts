import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whistle-blower reports: the register read model (`report_register`, no identity in it) and the
 * wrapped data keys of reporters' identities (`reporter_keys`). `reporter_keys` is NOT a read model:
 * it is not rebuilt from events (the keys are in no event), and deleting a row shreds an identity.
 */
export class Reports1765400000000 implements MigrationInterface {
  name = 'Reports1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_register (
      report_id uuid PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL,
      district_code text NOT NULL, sector text, enterprise_uscc text, channel text NOT NULL, summary text NOT NULL,
      received_at timestamptz NOT NULL, received_date date NOT NULL,
      has_identity boolean NOT NULL, identity_shredded boolean NOT NULL DEFAULT false, identity_reads integer NOT NULL DEFAULT 0,
      status text NOT NULL, substantiated boolean, hazard_id uuid, fine_fen bigint, verified_at timestamptz, verified_date date,
      reward_fen bigint, suggested_fen bigint, override_reason text, paid_at timestamptz, paid_date date)`);
    await q.query('CREATE INDEX report_register_received ON report_register (received_date)');
    await q.query('CREATE INDEX report_register_verified ON report_register (verified_date)');
    await q.query('CREATE INDEX report_register_paid ON report_register (paid_date)');
    await q.query(`CREATE TABLE reporter_keys (
      report_id uuid PRIMARY KEY, wrapped_key text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS reporter_keys');
    await q.query('DROP TABLE IF EXISTS report_register');
  }
}
