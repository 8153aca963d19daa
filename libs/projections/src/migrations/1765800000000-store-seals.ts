import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventStoreSealSchemaSql } from '#event-store';

/**
 * The block seals over the global order (`es_seals`, owned by libs/event-store) for a store created
 * before them; a fresh store has the table from the initial schema (`IF NOT EXISTS`).
 */
export class StoreSeals1765800000000 implements MigrationInterface {
  name = 'StoreSeals1765800000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of eventStoreSealSchemaSql()) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS es_seals');
  }
}
