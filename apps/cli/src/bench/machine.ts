/** The machine a bench ran on: cores, memory, CPU model, and the node, PostgreSQL and PGlite versions. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** What {@link describeMachine} reports. */
export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  /** `SELECT version()` of the server, shortened to 'PostgreSQL 15.x'; 'no PostgreSQL' when none was given. */
  postgres: string;
  pglite: string;
  /** 1-minute load average when the bench started. */
  loadAverage: string;
  startedAt: string;
}

/**
 * Describes this machine and the database servers the bench uses.
 * @param databaseUrl the PostgreSQL server measured (any database on it); absent: PostgreSQL is not named
 */
export async function describeMachine(databaseUrl: string | undefined): Promise<Machine> {
  let postgres = 'no PostgreSQL';
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ v: string }>('SELECT version() AS v');
      postgres = rows[0]!.v.split(' on ')[0]!;
    } finally {
      await client.end();
    }
  }
  const require = createRequire(import.meta.url);
  const pgliteVersion = (JSON.parse(readFileSync(path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8')) as { version: string }).version;
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGb: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres,
    pglite: pgliteVersion,
    loadAverage: os.loadavg()[0]!.toFixed(2),
    startedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}
