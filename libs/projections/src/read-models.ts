import { existsSync, readdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationClass, ReadModel } from './read-model.js';

const self = fileURLToPath(import.meta.url);
/** `.ts` when run from source (the tests), `.js` when run from `dist/`. */
const extension = extname(self);

/**
 * Finds the read models of `dir`: every sub-folder `<f>` holding `<f>/<f>.read-model<ext>`, whose
 * default export is its {@link ReadModel}. Sorted by name, so the order does not depend on the file
 * system.
 * @throws Error when a file lacks a read model as its default export, when a read model's name is not its
 *   folder's, or when two read models claim one table
 */
export async function discoverReadModels(dir = dirname(self), ext = extension): Promise<ReadModel[]> {
  const found: ReadModel[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = join(dir, entry.name, `${entry.name}.read-model${ext}`);
    if (!existsSync(file)) continue;
    const module = (await import(file)) as { default?: ReadModel };
    const model = module.default;
    if (!model || typeof model.projection !== 'function') throw new Error(`${file}: its default export is not a read model (defineReadModel)`);
    if (model.name !== entry.name) throw new Error(`${file}: the read model is named ${model.name}, not after its folder ${entry.name}`);
    found.push(model);
  }
  const owner = new Map<string, string>();
  for (const model of found) {
    for (const table of model.tables) {
      const other = owner.get(table);
      if (other) throw new Error(`read models ${other} and ${model.name} both claim the table ${table}`);
      owner.set(table, model.name);
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Every read model of this library, found at load time: the worker runs their projections, the
 * DataSource maps their entities and runs their migrations, a rebuild replaces their tables.
 */
export const READ_MODELS: readonly ReadModel[] = await discoverReadModels();

/**
 * The timestamp TypeORM orders a migration by: the 13 digits its class name ends with.
 * @throws Error when the name does not end with 13 digits
 */
export function migrationTimestamp(migration: MigrationClass): number {
  const match = /(\d{13})$/.exec(migration.name);
  if (!match) throw new Error(`migration ${migration.name} does not end with a 13-digit timestamp`);
  return Number(match[1]);
}
