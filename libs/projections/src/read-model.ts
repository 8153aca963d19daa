import type { EntitySchema, MigrationInterface } from 'typeorm';
import type { Projection } from './runner/projection.js';

/** A migration class as TypeORM takes it: constructed without arguments, named `<Name><13-digit timestamp>`. */
export type MigrationClass = new () => MigrationInterface;

/**
 * Everything one read-model folder contributes to the worker, the DataSource and the rebuild: its
 * projection, its TypeORM entities, the tables its projection writes and the migrations that create
 * them. Each folder under `libs/projections/src/` exports one as the default export of
 * `<folder>/<folder>.read-model.ts`; `read-models.ts` finds them there, so adding a read model touches
 * that folder only (see docs/decisions/0003-read-models-register-themselves.md).
 */
export interface ReadModel {
  /** The projection's name, equal to its folder's name; also its checkpoint key. */
  readonly name: string;
  /** A new instance of the folder's projector. */
  projection(): Projection;
  /** The TypeORM entities of the tables below. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: readonly (Function | EntitySchema)[];
  /** The read-model tables the projection writes: what `rebuild --projection <name>` replaces. */
  readonly tables: readonly string[];
  /**
   * The migrations that create and change those tables, beside the projector. Empty for the three
   * read models whose tables the initial schema created (its recorded name covers them; a later change
   * to them adds a migration here).
   */
  readonly migrations: readonly MigrationClass[];
}

/**
 * Declares a folder's read model (identity: the object itself, typed).
 * @param readModel the folder's read model
 * @returns the same object
 */
export function defineReadModel(readModel: ReadModel): ReadModel {
  return readModel;
}
