import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PARKED_EVENTS_DDL } from '../parked-events/parked-events.schema.js';

/**
 * `projection_parked_events`: the events a projector threw on, set aside so the projection goes on
 * with the rest (issue 9, part 3). Operational, not a figure: no entity, so it has no row-version
 * history and a read-model rebuild never truncates it.
 */
export class ParkedEvents1766300000000 implements MigrationInterface {
  name = 'ParkedEvents1766300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of PARKED_EVENTS_DDL) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS projection_parked_events');
  }
}
