import type { EntityManager } from 'typeorm';
import type { EntityMetadata } from 'typeorm';

/**
 * A read-model row as a batch projector sees it: column (database) name → value. Scalar columns are
 * the database's text form (`bigint` '42', `date` 'YYYY-MM-DD', `timestamptz` as PostgreSQL prints
 * it, `boolean` 'true'/'false') or null; `json`/`jsonb` columns are parsed JSON. A projector may put
 * any value PostgreSQL's input function accepts for the column (an ISO timestamp, a number): the
 * writer converts every value through the column's own type, so what is stored and compared is
 * exactly what a per-event INSERT/UPDATE would have stored.
 */
export type Row = Record<string, unknown>;

/** One change a batch made to one row: the row the event at `position` left, or null when it deleted it. */
interface Change {
  seq: number;
  position: bigint;
  key: Row;
  row: Row | null;
}

/** What the writer needs of a table, from the DataSource's entity metadata. */
interface TableShape {
  table: string;
  key: string[];
  columns: string[];
  json: Set<string>;
  uuid: Set<string>;
}

/** Set while the batch writer writes a table, so its row trigger (as-of/read-model-versioning.ts) stands aside. */
export const VERSIONS_WRITTEN_SETTING = 'zhiben.versions_written';

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function shapeOf(em: EntityManager, table: string): TableShape {
  const meta: EntityMetadata | undefined = em.connection.entityMetadatas.find((m) => m.tableName === table);
  if (!meta) throw new Error(`row changes: ${table} is not a read-model table`);
  const columns = meta.columns.map((c) => c.databaseName);
  const typeOf = (name: string) => String(meta.columns.find((c) => c.databaseName === name)!.type);
  return {
    table,
    key: meta.primaryColumns.map((c) => c.databaseName),
    columns,
    json: new Set(columns.filter((c) => typeOf(c) === 'jsonb' || typeOf(c) === 'json')),
    uuid: new Set(columns.filter((c) => typeOf(c) === 'uuid')),
  };
}

/**
 * A batch's changes to read-model rows, table by table, in event order, and their set-based writer.
 * A batch projector {@link load}s the current rows of the keys its batch touches (one query per
 * table), folds its events in memory through {@link get} / {@link put} / {@link remove}, each change
 * tagged with the position of the event that made it, then calls {@link write}: per table one
 * statement writes the final rows (a multi-row upsert and delete) and, when the table is versioned,
 * its row versions exactly as the per-event row trigger would have recorded them:
 * - every version carries the position of the event that wrote it (valid_from) and stands until
 *   the key's next change (valid_to; NULL while it stands);
 * - of several changes by one event only the last stands (a version made and replaced by the same
 *   event never stood);
 * - a change that leaves the row as it was (compared as typed values) records nothing.
 * While it writes, `zhiben.versions_written` is on so the row triggers stand aside; any other write
 * (a data fix) is still recorded by the trigger.
 */
export class RowChanges {
  private readonly shapes = new Map<string, TableShape>();
  /** Per table: key → the row as it stands after the changes so far (null: no row). */
  private readonly current = new Map<string, Map<string, Row | null>>();
  private readonly changes = new Map<string, Change[]>();
  private seq = 0;

  constructor(private readonly em: EntityManager) {}

  private shape(table: string): TableShape {
    let s = this.shapes.get(table);
    if (!s) {
      s = shapeOf(this.em, table);
      this.shapes.set(table, s);
      this.current.set(table, new Map());
      this.changes.set(table, []);
    }
    return s;
  }

  private keyOf(s: TableShape, row: Row): string {
    return JSON.stringify(
      s.key.map((k) => {
        const v = row[k];
        if (v === undefined || v === null) throw new Error(`row changes: ${s.table}.${k} (a key column) is missing`);
        return s.uuid.has(k) ? String(v).toLowerCase() : String(v);
      }),
    );
  }

  /**
   * Loads the current rows of `keys` (objects holding at least the key columns) of `table` that are
   * not loaded yet, in one query; a key without a row is remembered as absent.
   * @throws Error when `table` is not a read-model entity's table or a key column is missing; the database's error
   */
  async load(table: string, keys: readonly Row[]): Promise<void> {
    const s = this.shape(table);
    const current = this.current.get(table)!;
    const wanted = new Map<string, Row>();
    for (const k of keys) {
      const id = this.keyOf(s, k);
      if (!current.has(id)) wanted.set(id, Object.fromEntries(s.key.map((c) => [c, k[c]])));
    }
    if (wanted.size === 0) return;
    for (const id of wanted.keys()) current.set(id, null);
    // Every column as text (JSON parsed here): the same values whatever the driver's type parsers.
    const select = s.columns.map((c) => `t.${ident(c)}::text AS ${ident(c)}`).join(', ');
    const keyList = s.key.map(ident).join(', ');
    const rows: Row[] = await this.em.query(
      `SELECT ${select} FROM ${ident(table)} t
        WHERE (${s.key.map((k) => `t.${ident(k)}`).join(', ')}) IN (SELECT ${keyList} FROM jsonb_populate_recordset(NULL::${ident(table)}, $1::jsonb))`,
      [JSON.stringify([...wanted.values()])],
    );
    for (const row of rows) {
      for (const c of s.json) if (typeof row[c] === 'string') row[c] = JSON.parse(row[c]) as unknown;
      current.set(this.keyOf(s, row), row);
    }
  }

  /**
   * The row of `key` as it stands after the changes recorded so far; undefined when there is none.
   * @throws Error when the key was not {@link load}ed first
   */
  get(table: string, key: Row): Row | undefined {
    const s = this.shape(table);
    const id = this.keyOf(s, key);
    const row = this.current.get(table)!.get(id);
    if (row === undefined) throw new Error(`row changes: ${table} ${id} read before it was loaded`);
    return row ?? undefined;
  }

  /**
   * Records that the event at `position` left `row` (every column: a missing one is stored NULL) in
   * `table`. Treat `row` as frozen afterwards.
   * @throws Error when a column is not the table's, or a key column is missing
   */
  put(table: string, position: bigint, row: Row): void {
    const s = this.shape(table);
    for (const c of Object.keys(row)) if (!s.columns.includes(c)) throw new Error(`row changes: ${table} has no column ${c}`);
    const id = this.keyOf(s, row);
    this.current.get(table)!.set(id, row);
    this.changes.get(table)!.push({ seq: this.seq++, position, key: row, row });
  }

  /** Records that the event at `position` deleted the row of `key` from `table` (nothing when there is none). */
  remove(table: string, position: bigint, key: Row): void {
    const s = this.shape(table);
    const id = this.keyOf(s, key);
    this.current.get(table)!.set(id, null);
    this.changes.get(table)!.push({ seq: this.seq++, position, key: Object.fromEntries(s.key.map((c) => [c, key[c]])), row: null });
  }

  /**
   * Writes every recorded change: per table one statement (final rows and, when `T__versions`
   * exists, the row versions); then forgets them.
   * @throws the database's error (a value the column's type refuses, a constraint)
   */
  async write(): Promise<void> {
    const tables = [...this.changes.entries()].filter(([, c]) => c.length > 0).map(([t]) => t);
    if (tables.length === 0) return;
    const [{ versioned }]: { versioned: string[] }[] = await this.em.query(
      `SELECT set_config('${VERSIONS_WRITTEN_SETTING}', 'on', true),
              array(SELECT t FROM unnest($1::text[]) t WHERE to_regclass(quote_ident(t || '__versions')) IS NOT NULL) AS versioned`,
      [tables],
    );
    for (const table of tables) {
      const s = this.shape(table);
      const entries = this.changes.get(table)!.map((c) => ({
        seq: c.seq,
        pos: c.position.toString(),
        del: c.row === null,
        row: c.row === null ? c.key : c.row,
      }));
      await this.em.query(writeSql(s, versioned.includes(table)), [JSON.stringify(entries)]);
      this.changes.set(table, []);
    }
    await this.em.query(`SELECT set_config('${VERSIONS_WRITTEN_SETTING}', '', true)`);
  }
}

const sqlCache = new Map<string, string>();

/** The one statement writing a table's changes ($1: the entries as a JSON array). */
function writeSql(s: TableShape, versioned: boolean): string {
  const cacheKey = JSON.stringify([s.table, s.columns, s.key, versioned]);
  const cached = sqlCache.get(cacheKey);
  if (cached) return cached;
  const t = ident(s.table);
  const keyOf = (alias: string) => s.key.map((k) => `(${alias}.r).${ident(k)}`).join(', ');
  const sameKey = (a: string, b: string) => s.key.map((k) => `${a}.${ident(k)} = (${b}.r).${ident(k)}`).join(' AND ');
  const cols = s.columns.map(ident).join(', ');
  const fields = (alias: string) => s.columns.map((c) => `(${alias}.r).${ident(c)}`).join(', ');
  const setList = s.columns.filter((c) => !s.key.includes(c)).map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`);
  const onConflict = setList.length > 0 ? `DO UPDATE SET ${setList.join(', ')}` : 'DO NOTHING';
  const parts = [
    // The row converted once per entry: a lateral call, since (f(x)).col would call f once per column.
    `input AS (
      SELECT (e->>'seq')::int AS seq, (e->>'pos')::bigint AS pos, (e->>'del')::boolean AS del, r
        FROM jsonb_array_elements($1::jsonb) e CROSS JOIN LATERAL jsonb_populate_record(NULL::${t}, e->'row') r)`,
    // Of one event's changes to a key only the last stood.
    `per_event AS (SELECT DISTINCT ON (${keyOf('i')}, i.pos) i.* FROM input i ORDER BY ${keyOf('i')}, i.pos, i.seq DESC)`,
    `ordered AS (
      SELECT p.pos, p.del, p.r, row_number() OVER w AS n, lag(p.del) OVER w AS prev_del, lag(p.r) OVER w AS prev_r
        FROM per_event p WINDOW w AS (PARTITION BY ${keyOf('p')} ORDER BY p.pos))`,
    // A change that leaves the row as it stood (absent, or equal as typed values) records nothing.
    `changed AS (
      SELECT o.pos, o.del, o.r FROM ordered o LEFT JOIN ${t} cur ON o.n = 1 AND ${sameKey('cur', 'o')}
       WHERE CASE WHEN o.n = 1 THEN
               CASE WHEN cur.${ident(s.key[0]!)} IS NULL THEN NOT o.del ELSE o.del OR o.r IS DISTINCT FROM cur END
             ELSE
               CASE WHEN o.prev_del THEN NOT o.del ELSE o.del OR o.r IS DISTINCT FROM o.prev_r END
             END)`,
    `spans AS (
      SELECT c.pos, c.del, c.r, lead(c.pos) OVER w AS next_pos, row_number() OVER w AS n, count(*) OVER (PARTITION BY ${keyOf('c')}) AS changes
        FROM changed c WINDOW w AS (PARTITION BY ${keyOf('c')} ORDER BY c.pos))`,
    `upserted AS (
      INSERT INTO ${t} (${cols}) SELECT ${fields('x')} FROM spans x WHERE x.n = x.changes AND NOT x.del
      ON CONFLICT (${s.key.map(ident).join(', ')}) ${onConflict} RETURNING 1)`,
    `deleted AS (DELETE FROM ${t} d USING spans x WHERE x.n = x.changes AND x.del AND ${sameKey('d', 'x')} RETURNING 1)`,
  ];
  if (versioned) {
    const v = ident(`${s.table}__versions`);
    parts.push(
      // The open version the key's first change replaces: dropped when that same event made it
      // (it never stood), else closed at the change's position.
      `dropped AS (DELETE FROM ${v} d USING spans x WHERE x.n = 1 AND d.valid_to IS NULL AND d.valid_from = x.pos AND ${sameKey('d', 'x')} RETURNING 1)`,
      `closed AS (UPDATE ${v} d SET valid_to = x.pos FROM spans x WHERE x.n = 1 AND d.valid_to IS NULL AND d.valid_from <> x.pos AND ${sameKey('d', 'x')} RETURNING 1)`,
      `versions AS (INSERT INTO ${v} (valid_from, valid_to, ${cols}) SELECT x.pos, x.next_pos, ${fields('x')} FROM spans x WHERE NOT x.del RETURNING 1)`,
    );
  }
  const sql = `WITH ${parts.join(',\n')}\nSELECT 1`;
  sqlCache.set(cacheKey, sql);
  return sql;
}
