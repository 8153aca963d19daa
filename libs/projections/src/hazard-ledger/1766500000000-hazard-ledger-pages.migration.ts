import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's pages by district and by enterprise (`GET /api/v1/hazards?districtCode=…`, and every
 * district role's and enterprise's ledger, scoped so): an index on the filter then the page order
 * `(discovered_at, hazard_id)`, so a page reads its rows from the index in order instead of sorting
 * the district's hazards. The district index replaces the single-column one.
 */
export class HazardLedgerPages1766500000000 implements MigrationInterface {
  name = 'HazardLedgerPages1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX hazard_ledger_district_newest ON hazard_ledger (district_code, discovered_at, hazard_id)');
    await q.query('CREATE INDEX hazard_ledger_enterprise_newest ON hazard_ledger (enterprise_uscc, discovered_at, hazard_id)');
    await q.query('DROP INDEX hazard_ledger_district');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX hazard_ledger_district ON hazard_ledger (district_code)');
    await q.query('DROP INDEX hazard_ledger_enterprise_newest');
    await q.query('DROP INDEX hazard_ledger_district_newest');
  }
}
