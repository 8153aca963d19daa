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
 * Only `query` and `transaction(work)` / `transaction(isolation, work)` are scoped (what the
 * projection runner and the versioning installer use); every other member is the live DataSource's.
 */
export function scopedDataSource(live: DataSource, searchPath: string): DataSource {
  const inScope = <T>(work: (em: EntityManager) => Promise<T>, isolation?: string): Promise<T> => {
    const scoped = async (em: EntityManager) => {
      await em.query(`SELECT set_config('search_path', $1, true), set_config('synchronous_commit', 'off', true)`, [searchPath]);
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
