import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventStoreSchemaSql } from '#event-store';

/**
 * The first schema: the event store's tables (owned by libs/event-store, run from here so that one
 * migration history covers the whole database), the projection checkpoints, the read models of the
 * hazard ledger, the hazard figures and the enterprise profile, and the API's idempotency keys.
 */
export class InitialSchema1764400000000 implements MigrationInterface {
  name = 'InitialSchema1764400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of ([] as string[]).concat(eventStoreSchemaSql)) await q.query(sql);
    await q.query(`CREATE TABLE projection_checkpoints (
      name text PRIMARY KEY, position bigint NOT NULL DEFAULT '0', updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE hazard_ledger (
      hazard_id uuid PRIMARY KEY, enterprise_uscc text NOT NULL, district_code text NOT NULL, sector text NOT NULL,
      grade text NOT NULL, criterion_code text, channel text NOT NULL, title text NOT NULL, description text NOT NULL,
      status text NOT NULL, discovered_at timestamptz NOT NULL, discovered_date date NOT NULL, deadline date,
      closed_at timestamptz, plan jsonb, history jsonb NOT NULL DEFAULT '[]'::jsonb,
      missed_deadlines jsonb NOT NULL DEFAULT '[]'::jsonb, revision bigint NOT NULL, position bigint NOT NULL)`);
    await q.query('CREATE INDEX hazard_ledger_newest ON hazard_ledger (discovered_at, hazard_id)');
    await q.query('CREATE INDEX hazard_ledger_district ON hazard_ledger (district_code)');
    await q.query('CREATE INDEX hazard_ledger_sector ON hazard_ledger (sector)');
    await q.query(`CREATE TABLE hazard_figure_hazards (
      hazard_id uuid PRIMARY KEY, district_code text NOT NULL, sector text NOT NULL, grade text NOT NULL,
      channel text NOT NULL, discovered_date date NOT NULL)`);
    await q.query('CREATE INDEX hazard_figure_hazards_discovered ON hazard_figure_hazards (discovered_date)');
    await q.query(`CREATE TABLE hazard_figure_closures (
      hazard_id uuid NOT NULL, revision bigint NOT NULL, kind text NOT NULL, effective_date date NOT NULL,
      deadline_in_force date, PRIMARY KEY (hazard_id, revision))`);
    await q.query(`CREATE TABLE hazard_figure_deadlines (
      hazard_id uuid NOT NULL, revision bigint NOT NULL, effective_date date NOT NULL, deadline date NOT NULL,
      PRIMARY KEY (hazard_id, revision))`);
    await q.query(`CREATE TABLE hazard_figure_measures (
      hazard_id uuid NOT NULL, revision bigint NOT NULL, kind text NOT NULL, value text NOT NULL,
      effective_date date NOT NULL, PRIMARY KEY (hazard_id, revision))`);
    await q.query(`CREATE TABLE enterprise_profile (
      uscc text PRIMARY KEY, name text NOT NULL, district_code text NOT NULL, sector text NOT NULL,
      industry_code text NOT NULL, risk_tags jsonb NOT NULL, high_risk boolean NOT NULL, status text NOT NULL,
      registered_at timestamptz NOT NULL, closed_at timestamptz, standardization_level integer,
      standardization_valid_until date, responsibility_system_at timestamptz, revision bigint NOT NULL,
      position bigint NOT NULL)`);
    await q.query('CREATE INDEX enterprise_profile_district ON enterprise_profile (district_code)');
    await q.query(`CREATE TABLE enterprise_profile_hazards (
      hazard_id uuid PRIMARY KEY, uscc text NOT NULL, grade text NOT NULL, is_open boolean NOT NULL)`);
    await q.query('CREATE INDEX enterprise_profile_hazards_uscc ON enterprise_profile_hazards (uscc)');
    await q.query(`CREATE TABLE idempotency_keys (
      key uuid PRIMARY KEY, request_hash text NOT NULL, status_code integer NOT NULL, response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys', 'enterprise_profile_hazards', 'enterprise_profile', 'hazard_figure_measures',
      'hazard_figure_deadlines', 'hazard_figure_closures', 'hazard_figure_hazards', 'hazard_ledger', 'projection_checkpoints',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
