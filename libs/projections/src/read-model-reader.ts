/**
 * What a read-model query needs: something that runs SQL and returns its rows — the live DataSource,
 * a transaction's EntityManager, a scratch database, or the live read models as of a past position
 * (as-of/read-model-versioning.ts). Every statistics query takes one, so the same query serves all.
 */
export interface ReadModelReader {
  query<T = any>(sql: string, parameters?: unknown[]): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
