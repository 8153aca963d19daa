/**
 * The bench's stack: a fresh PostgreSQL database (its name contains `bench`), the secrets the app
 * needs, a city_admin token, and starting the real built api / worker / raw server on it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { signToken } from '#auth';
import { startProcess, type BenchProcess } from './processes.js';

/** A database made for one run, and how to start processes on it. */
export interface BenchStack {
  /** The fresh database's URL. */
  databaseUrl: string;
  /** Logs, embedded data and profiles of this run. */
  workDir: string;
  /** The built app's `dist/`. */
  distDirOrDefault: string;
  token: string;
  /** The environment every app process gets (server mode on `databaseUrl` unless overridden). */
  env: Record<string, string>;
  api(name: string, env?: Record<string, string>, nodeFlags?: string[]): Promise<BenchProcess>;
  worker(name: string): Promise<BenchProcess>;
  rawServer(name: string, env: Record<string, string>): Promise<BenchProcess>;
  /** Drops the database (the processes must be stopped). */
  drop(): Promise<void>;
}

/**
 * Creates `zhiben_bench_<random>` on the server `serverUrl` names (any database of it).
 * @throws Error when the server refuses (e.g. no CREATEDB right)
 */
export async function openStack(serverUrl: string, distDir?: string): Promise<BenchStack> {
  const name = `zhiben_bench_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const secret = randomBytes(32).toString('base64');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'zhiben-bench-'));
  const token = await signToken(Buffer.from(secret, 'base64'), { role: 'city_admin', subject: 'bench:city_admin', expiresIn: '12h' });
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    AUTH_JWT_SECRET: secret,
    REPORTER_KEK: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    REPORT_RATE_LIMIT: 'off',
  };
  const log = (n: string) => path.join(workDir, `${n}.log`);
  const dist = distDir ? { distDir } : {};
  return {
    databaseUrl,
    workDir,
    distDirOrDefault: distDir ?? path.resolve('dist'),
    token,
    env,
    api: (n, extra = {}, nodeFlags = []) =>
      startProcess({ name: n, script: 'apps/api/src/main.js', env: { ...env, ...extra }, logFile: log(n), healthPath: '/health', nodeFlags, ...dist }),
    worker: (n) => startProcess({ name: n, script: 'apps/worker/src/main.js', env, logFile: log(n), ...dist }),
    rawServer: (n, extra) => startProcess({ name: n, script: 'apps/cli/src/bench/raw-server.main.js', env: extra, logFile: log(n), healthPath: '/', ...dist }),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Waits until every projection's checkpoint has reached the store's head (or `timeoutMs` passes).
 * @returns the seconds it took
 * @throws Error on timeout, naming the slowest projection
 */
export async function waitForCatchUp(databaseUrl: string, projections: number, timeoutMs: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = performance.now();
  try {
    for (;;) {
      const { rows } = await client.query<{ head: string | null; n: string; low: string | null; slowest: string | null }>(
        `SELECT (SELECT max(position) FROM es_events) AS head, count(*) AS n, min(position) AS low,
                (SELECT name FROM projection_checkpoints ORDER BY position LIMIT 1) AS slowest
           FROM projection_checkpoints`,
      ).catch(() => ({ rows: [{ head: null, n: '0', low: null, slowest: null }] }));
      const r = rows[0]!;
      if (Number(r.n) >= projections && r.low !== null && BigInt(r.low) >= BigInt(r.head ?? '0')) return (performance.now() - started) / 1000;
      if (performance.now() - started > timeoutMs) throw new Error(`the worker did not catch up within ${timeoutMs / 1000} s (${r.slowest} at ${r.low} of ${r.head})`);
      await new Promise((res) => setTimeout(res, 250));
    }
  } finally {
    await client.end();
  }
}
