import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntitySchema } from 'typeorm';
import { createDatabase } from './create-database.js';
import { DataDirInUseError, OWNER_FILE } from './data-dir-owner.js';
import { PgliteDatabase } from './pglite-database.js';
import { pgliteTypeormDriver, type PgliteTypeormDriver } from './pglite-typeorm-driver.js';

/**
 * A driver with statement-level exclusion only, as the published `typeorm-pglite` behaves: each
 * statement takes the connection, but nothing holds it across a TypeORM transaction.
 */
function statementOnlyDriver(db: PgliteDatabase): PgliteTypeormDriver {
  const client = {
    query: (sql: string, params?: unknown[]) =>
      db.connect().then(async (connection) => {
        try {
          return await connection.query(sql, Array.isArray(params) ? params : undefined);
        } finally {
          connection.release();
        }
      }),
    on: () => client,
    removeListener: () => client,
  };
  class Pool {
    on() {
      return this;
    }
    connect(callback: (error: Error | null, c: unknown, release: () => void) => void) {
      callback(null, client, () => undefined);
    }
    end(callback?: (error?: Error | null) => void) {
      callback?.(null);
    }
  }
  return { Pool } as unknown as PgliteTypeormDriver;
}

async function names(db: PgliteDatabase, table: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(`SELECT name FROM ${table} ORDER BY name`);
  return rows.map((row) => row.name);
}

/** Rolls a TypeORM transaction back while an unrelated `db.query` insert is issued inside it. */
async function rollbackWithConcurrentInsert(dataSource: DataSource, db: PgliteDatabase, table: string) {
  let concurrent: Promise<unknown> | undefined;
  let seenInside: string[] = [];
  await expect(
    dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO ${table} (name) VALUES ('typeorm')`);
      concurrent = db.query(`INSERT INTO ${table} (name) VALUES ('outside')`);
      const rows: { name: string }[] = await manager.query(`SELECT name FROM ${table} ORDER BY name`);
      seenInside = rows.map((row) => row.name);
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  await concurrent;
  return { seenInside, after: await names(db, table) };
}

describe('PgliteDatabase', () => {
  let db: PgliteDatabase;

  beforeAll(async () => {
    db = new PgliteDatabase();
    await db.ready();
    await db.query(`CREATE TABLE items (name text PRIMARY KEY)`);
  });

  afterAll(async () => {
    await db.close();
  });

  beforeEach(async () => {
    await db.query(`TRUNCATE items`);
  });

  it('runs parameterised and multi-statement SQL', async () => {
    const inserted = await db.query(`INSERT INTO items (name) VALUES ($1), ($2)`, ['a', 'b']);
    expect(inserted.rowCount).toBe(2);
    const multi = await db.query(`INSERT INTO items (name) VALUES ('c'); SELECT count(*)::int AS n FROM items`);
    expect(multi.rows).toEqual([{ n: 3 }]);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    expect(await db.transaction(async (tx) => (await tx.query(`INSERT INTO items VALUES ('kept')`)).rowCount)).toBe(1);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO items VALUES ('lost')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await names(db, 'items')).toEqual(['kept']);
  });

  it('refuses a transaction executor used after its transaction', async () => {
    let leaked: { query(sql: string): Promise<unknown> } | undefined;
    await db.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.query(`SELECT 1`)).rejects.toThrow('after release');
  });

  it('keeps a concurrent query out of a transaction: it runs after the transaction and survives its rollback', async () => {
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    let proceed!: () => void;
    const issued = new Promise<void>((resolve) => (proceed = resolve));
    let seenInside: string[] = [];
    const transaction = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO items VALUES ('tx')`);
      inside();
      await issued;
      seenInside = (await tx.query<{ name: string }>(`SELECT name FROM items ORDER BY name`)).rows.map((r) => r.name);
      throw new Error('roll back');
    });
    await entered;
    const concurrent = db.query(`INSERT INTO items VALUES ('outside')`);
    proceed();
    await expect(transaction).rejects.toThrow('roll back');
    await concurrent;
    expect(seenInside).toEqual(['tx']);
    expect(await names(db, 'items')).toEqual(['outside']);
  });

  it('refuses, instead of deadlocking, a db.query awaited inside its own transaction', async () => {
    await expect(db.transaction(() => db.query(`SELECT 1`))).rejects.toThrow('would deadlock');
    await expect(db.transaction(() => db.transaction(async () => undefined))).rejects.toThrow('would deadlock');
    // a context born inside a finished transaction may use the database again
    let later: (() => Promise<unknown>) | undefined;
    await db.transaction(async () => {
      later = () => db.query(`SELECT 1`);
    });
    await expect(later!()).resolves.toBeDefined();
  });

  it('serialises concurrent transactions', async () => {
    await db.query(`CREATE TABLE IF NOT EXISTS counter (id int PRIMARY KEY, n int NOT NULL)`);
    await db.query(`INSERT INTO counter VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0`);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const { rows } = await tx.query<{ n: number }>(`SELECT n FROM counter WHERE id = 1`);
          await new Promise((resolve) => setImmediate(resolve));
          await tx.query(`UPDATE counter SET n = $1 WHERE id = 1`, [rows[0].n + 1]);
        }),
      ),
    );
    expect((await db.query<{ n: number }>(`SELECT n FROM counter`)).rows[0].n).toBe(20);
  });
});

describe('pgliteTypeormDriver', () => {
  let db: PgliteDatabase;

  beforeAll(async () => {
    db = new PgliteDatabase();
    await db.query(`CREATE TABLE notes (name text PRIMARY KEY)`);
  });

  afterAll(async () => {
    await db.close();
  });

  beforeEach(async () => {
    await db.query(`TRUNCATE notes`);
  });

  it('holds the connection for a whole TypeORM transaction: a concurrent insert survives its rollback', async () => {
    const dataSource = new DataSource({ type: 'postgres', driver: pgliteTypeormDriver(db) });
    await dataSource.initialize();
    try {
      const { seenInside, after } = await rollbackWithConcurrentInsert(dataSource, db, 'notes');
      expect(seenInside).toEqual(['typeorm']);
      expect(after).toEqual(['outside']);
    } finally {
      await dataSource.destroy();
    }
  });

  it('(control) without connection-level exclusion the same rollback swallows the concurrent insert', async () => {
    const dataSource = new DataSource({ type: 'postgres', driver: statementOnlyDriver(db) });
    await dataSource.initialize();
    try {
      const { seenInside, after } = await rollbackWithConcurrentInsert(dataSource, db, 'notes');
      expect(seenInside).toEqual(['outside', 'typeorm']);
      expect(after).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('works with entities, synchronize, repositories and the pg-like value types', async () => {
    interface Ledger {
      id: number;
      amountFen: string;
      day: string;
      at: Date;
      doc: Record<string, unknown>;
    }
    const LedgerSchema = new EntitySchema<Ledger>({
      name: 'ledger',
      columns: {
        id: { type: 'integer', primary: true, generated: 'increment' },
        amountFen: { type: 'bigint' },
        day: { type: 'date' },
        at: { type: 'timestamptz' },
        doc: { type: 'jsonb' },
      },
    });
    const dataSource = new DataSource({
      type: 'postgres',
      driver: pgliteTypeormDriver(db),
      entities: [LedgerSchema],
      synchronize: true,
    });
    await dataSource.initialize();
    try {
      const repository = dataSource.getRepository(LedgerSchema);
      const at = new Date('2025-06-30T16:30:00.123Z');
      await repository.save({ amountFen: '9007199254740993', day: '2025-07-01', at, doc: { a: [1, 'b'] } });
      const [row] = await repository.find();
      expect(row).toEqual({ id: 1, amountFen: '9007199254740993', day: '2025-07-01', at, doc: { a: [1, 'b'] } });
      // the event store's plain queries interleave with TypeORM's without trouble
      const [count] = await Promise.all([db.query(`SELECT count(*) AS n FROM ledger`), repository.count()]);
      expect(count.rows).toEqual([{ n: '1' }]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('rolls back a transaction left open when its client is released', async () => {
    const { Pool } = pgliteTypeormDriver(db);
    const pool = new Pool();
    const client = await new Promise<{ query(sql: string): Promise<unknown> }>((resolve, reject) =>
      pool.connect((error, c, release) => {
        if (error || !c || !release) return reject(error);
        void (async () => {
          await c.query('START TRANSACTION');
          await c.query(`INSERT INTO notes VALUES ('abandoned')`);
          release();
          resolve(c);
        })();
      }),
    );
    expect(client).toBeDefined();
    expect(await names(db, 'notes')).toEqual([]);
    await db.query(`INSERT INTO notes VALUES ('next')`);
    expect(await names(db, 'notes')).toEqual(['next']);
  });
});

describe('createDatabase without a URL', () => {
  it('opens PGlite', async () => {
    const db = createDatabase({});
    expect(db).toBeInstanceOf(PgliteDatabase);
    expect(db.kind).toBe('pglite');
    expect((await db.query(`SELECT 1 AS one`)).rows).toEqual([{ one: 1 }]);
    await db.close();
  });
});

describe('PgliteDatabase with a dataDir', () => {
  it('keeps its data across close and reopen', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'zhiben-test-pglite-'));
    try {
      const first = new PgliteDatabase({ dataDir });
      await first.query(`CREATE TABLE kept (n int8)`);
      await first.query(`INSERT INTO kept VALUES ($1)`, ['9007199254740993']);
      await first.close();
      const second = new PgliteDatabase({ dataDir });
      expect((await second.query(`SELECT n FROM kept`)).rows).toEqual([{ n: '9007199254740993' }]);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a second instance on a data directory that is open, and opens it once the first is closed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'zhiben-test-pglite-'));
    try {
      const first = new PgliteDatabase({ dataDir });
      await first.query(`SELECT 1`);
      expect(await readFile(join(dataDir, OWNER_FILE), 'utf8')).toBe(String(process.pid));
      let refused: unknown;
      try {
        new PgliteDatabase({ dataDir });
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(DataDirInUseError);
      expect((refused as DataDirInUseError).pid).toBe(process.pid);
      await first.close();
      await expect(readFile(join(dataDir, OWNER_FILE), 'utf8')).rejects.toThrow();
      const second = new PgliteDatabase({ dataDir });
      expect((await second.query(`SELECT 2 AS two`)).rows).toEqual([{ two: 2 }]);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('takes over the claim of a process that no longer runs (a crash)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'zhiben-test-pglite-'));
    try {
      const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
      const deadPid = child.stdout.toString();
      await writeFile(join(dataDir, OWNER_FILE), deadPid);
      const db = new PgliteDatabase({ dataDir });
      expect((await db.query(`SELECT 3 AS three`)).rows).toEqual([{ three: 3 }]);
      expect(await readFile(join(dataDir, OWNER_FILE), 'utf8')).toBe(String(process.pid));
      await db.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
