import type { DataSource, EntityManager } from 'typeorm';

/**
 * The live DataSource, but every statement run through `query` or `transaction` runs with
 * `search_path` set (transaction-local) to `searchPath`: unqualified table names resolve to the
 * rebuild schema first, then the live one (the event store's tables). No new connections; the same
 * on PostgreSQL and on PGlite's one connection, where a session-wide `SET` would redirect the live
 * app's own queries too. The transactions do not wait for their WAL flush (`synchronous_commit`
 * off, transaction-local): what they write is thrown away if the rebuild does not finish, and the
 * switch, which makes it live, runs on the live DataSource with the server's setting.
 *
 * Each transaction first checks that `expected.schema` is still the schema (by oid) it was created
 * as, and throws otherwise.
 *
 * Only `query` and `transaction(work)` / `transaction(isolation, work)` are scoped (what the
 * projection runner and the versioning installer use); every other member is the live DataSource's.
 */
export function scopedDataSource(live: DataSource, searchPath: string, expected: { schema: string; oid: string }): DataSource {
  const inScope = <T>(work: (em: EntityManager) => Promise<T>, isolation?: string): Promise<T> => {
    const scoped = async (em: EntityManager) => {
      const [row]: { oid: string | null }[] = await em.query(
        `SELECT set_config('search_path', $1, true), set_config('synchronous_commit', 'off', true),
                (SELECT oid::text FROM pg_namespace WHERE nspname = $2) AS oid`,
        [searchPath, expected.schema],
      );
      // Without its schema, the path would resolve every name to the live tables: refuse to write there.
      if (row?.oid !== expected.oid) throw new Error(`schema ${expected.schema} was dropped or replaced during the rebuild: stopping`);
      return work(em);
    };
    return isolation === undefined
      ? live.transaction(scoped)
      : live.transaction(isolation as Parameters<DataSource['transaction']>[0] & string, scoped);
  };
  return new Proxy(live, {
    get(target, property, receiver) {
      if (property === 'query') {
        return (sql: string, parameters?: unknown[]) => inScope((em) => em.query(sql, parameters));
      }
      if (property === 'transaction') {
        return <T>(first: string | ((em: EntityManager) => Promise<T>), second?: (em: EntityManager) => Promise<T>) =>
          typeof first === 'function' ? inScope(first) : inScope(second!, first);
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
