import { READ_MODELS } from '../read-models.js';

/**
 * Which read-model tables each projection writes: what a rebuild of that projection replaces, as each
 * read model declares it. Every versioned read-model table belongs to exactly one projection (a test
 * holds this to the DataSource's entities and the registered projections).
 */
export const PROJECTION_TABLES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(READ_MODELS.map((m) => [m.name, m.tables]));

/**
 * The tables of the named projections.
 * @throws Error naming an unknown projection
 */
export function tablesOf(projections: readonly string[]): string[] {
  return projections.flatMap((name) => {
    const tables = PROJECTION_TABLES[name];
    if (!tables) throw new Error(`unknown projection ${name} (known: ${Object.keys(PROJECTION_TABLES).join(', ')})`);
    return tables;
  });
}
