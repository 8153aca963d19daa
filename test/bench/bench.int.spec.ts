/**
 * `npm run bench` end to end at tiny sizes, on the local PostgreSQL (the bench makes and drops a
 * `zhiben_bench_*` database there) with the real built app (`npm run build` first, here in beforeAll).
 * Speed is judged by the bench's table, not here: this checks that the table measures what it says —
 * every figure of issue 9 present, a raw counterpart measured where the issue names one, the ratio
 * equal to figure ÷ raw, the goal stated, a limit named for every goal missed, and RESULTS.md written.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runBench } from '../../apps/cli/src/bench/run-bench.js';
import { writeReport, type BenchReport } from '../../apps/cli/src/bench/table.js';

const url = process.env['TEST_DATABASE_URL'] ?? '';

// The bench measures server mode against a PostgreSQL server whose user may create databases: like
// every PostgreSQL-only suite, without TEST_DATABASE_URL it says so in one passing test (CI sets it).
if (url === '') {
  describe('npm run bench (tiny sizes, PostgreSQL and PGlite, the built app)', () => {
    it('is not run here because TEST_DATABASE_URL is not set (CI always sets it)', () => {
      expect(process.env['TEST_DATABASE_URL'] ?? '').toBe('');
    });
  });
}

if (url !== '') describe('npm run bench (tiny sizes, PostgreSQL and PGlite, the built app)', () => {
  let report: BenchReport;
  const events = 2500;

  beforeAll(async () => {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'ignore' });
    report = await runBench({
      databaseUrl: url,
      events,
      seedEnterprises: 1,
      seedShare: 0.05,
      httpSeconds: 1,
      connections: 4,
      readConnections: 2,
      freshnessRate: 20,
      freshnessSeconds: 1,
      storeEvents: 100,
      profile: false,
    });
  }, 600_000);

  it('has a row for every figure of the issue, in its order, then the store-level pairs', () => {
    const expected = [
      /^ReportHazard over HTTP \(POST \/api\/v1\/hazards\), 4 connections, server mode$/,
      /^ReportHazard over HTTP, 1 connection, server mode/,
      /^ReportHazard over HTTP, 4 connections, embedded instance/,
      /^GET \/api\/v1\/statistics\/hazards .* at [\d,]+ events/,
      /^GET \/api\/v1\/statistics\/hazards .* at 2,[5-9]\d\d events/,
      /^GET \/api\/v1\/hazards .* at [\d,]+ events/,
      /^GET \/api\/v1\/hazards .* at 2,[5-9]\d\d events/,
      /^rebuild of every read model from scratch at 2,[5-9]\d\d events, server mode$/,
      /^asOf figures .*mid-history/,
      /^asOf figures .*the head/,
      /^command → figure freshness at 20 commands\/s/,
      /^api RSS at 2,[5-9]\d\d events/,
      /^worker RSS at 2,[5-9]\d\d events/,
      /^store append, 100 events per append/,
      /^store append, one event per transaction/,
      /^store read of the global order/,
    ];
    expect(report.rows).toHaveLength(expected.length);
    report.rows.forEach((r, i) => expect(r.figure).toMatch(expected[i]!));
  });

  it('measures a raw counterpart wherever the issue names one, and the ratio is figure ÷ raw', () => {
    const withRaw = report.rows.filter((r) => !/freshness|RSS/.test(r.figure) && !(/^GET/.test(r.figure) && r.rawShown === '—'));
    // ReportHazard ×3, the two routes at the larger size, the rebuild, asOf ×2, the store pairs ×3.
    expect(withRaw.length).toBe(11);
    for (const r of withRaw) {
      expect(r.raw).not.toBeNull();
      expect(Number.isFinite(r.raw) && r.raw! > 0).toBe(true);
      expect(Number.isFinite(r.value) && r.value > 0).toBe(true);
      expect(r.ratio).toBeCloseTo(r.value / r.raw!, 10);
      expect(r.rawShown).not.toBe('—');
    }
    for (const r of report.rows.filter((x) => !withRaw.includes(x))) {
      expect(r.raw).toBeNull();
      expect(r.ratio).toBeNull();
    }
  });

  it('states every goal, judges the issue\'s, and names a limit for each one missed', () => {
    for (const r of report.rows) expect(r.goal.length).toBeGreaterThan(0);
    const judged = report.rows.filter((r) => !/^store /.test(r.figure));
    for (const r of judged) expect(typeof r.met).toBe('boolean');
    for (const r of judged.filter((x) => x.met === false)) expect(r.limit).toMatch(/\S/);
    // The RSS goal is judged on the figure itself.
    for (const r of report.rows.filter((x) => /RSS/.test(x.figure))) expect(r.met).toBe(r.value <= 300);
  });

  it('counts the asOf lectures as the raw GROUP BY does', () => {
    for (const r of report.rows.filter((x) => /^asOf/.test(x.figure))) {
      const lectures = /\(([\d,]+) lectures in/.exec(r.shown)![1];
      const raw = /\(([\d,]+) lectures\)/.exec(r.rawShown)![1];
      expect(lectures).toBe(raw);
    }
  });

  it('states the machine: cores, memory, CPU model, node, PostgreSQL and PGlite versions', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ v: string }>('SELECT version() AS v');
    await client.end();
    const pglite = JSON.parse(readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')) as { version: string };
    expect(report.machine).toMatchObject({ cores: os.cpus().length, node: process.version, pglite: pglite.version });
    expect(rows[0]!.v.startsWith(report.machine.postgres)).toBe(true);
    expect(report.machine.memoryGb).toBeCloseTo(os.totalmem() / 1024 ** 3, 5);
  });

  it('writes the table to RESULTS.md: the machine, every row with its ratio and goal, and the limits', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-results-')), 'bench', 'RESULTS.md');
    writeReport(file, report);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`Machine: ${os.cpus().length} cores`);
    expect(text).toContain(`PGlite ${report.machine.pglite}`);
    expect(text).toContain('| figure | measured | raw counterpart, same run | ratio | goal |');
    for (const r of report.rows) {
      const line = text.split('\n').find((l) => l.startsWith(`| ${r.figure.replace(/\|/g, '\\|')} |`));
      expect(line).toBeDefined();
      if (r.ratio !== null) expect(line).toContain(`${r.ratio.toFixed(r.ratio < 0.01 ? 4 : 2)}×`);
      expect(line).toContain(r.goal);
    }
    for (const r of report.rows.filter((x) => x.met === false)) expect(text).toContain(`- **${r.figure}**: ${r.limit}`);
  });
});
