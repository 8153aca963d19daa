import type { MigrationInterface, QueryRunner } from 'typeorm';
import { countTallies } from './hazard-figure-tallies.js';

/**
 * The hazard figures pre-counted (`hazard_figure_tallies`, hazard-figure-tallies.ts), filled from the
 * facts already projected (`hazard_figure_*`), so a database from before it answers the same figures
 * without a rebuild; the hazard-figures projector keeps it from its checkpoint on.
 */
export class HazardFigureTallies1766510000000 implements MigrationInterface {
  name = 'HazardFigureTallies1766510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE hazard_figure_tallies (
      dim_kind text NOT NULL, dim text NOT NULL, grade text NOT NULL, figure text NOT NULL, detail text NOT NULL,
      fact_date date NOT NULL, days integer NOT NULL, at date NOT NULL, n bigint NOT NULL,
      PRIMARY KEY (dim_kind, dim, grade, figure, detail, fact_date, days, at))`);
    const rows = await countTallies(q);
    for (let i = 0; i < rows.length; i += 5000) {
      await q.query('INSERT INTO hazard_figure_tallies SELECT * FROM jsonb_populate_recordset(NULL::hazard_figure_tallies, $1::jsonb)', [JSON.stringify(rows.slice(i, i + 5000))]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS hazard_figure_tallies');
  }
}
