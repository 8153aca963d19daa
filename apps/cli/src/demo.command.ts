/**
 * `zhiben demo`: sends the demo workload through the HTTP API of a running instance, prints the
 * hazard figures per district and per sector for each year, and checks them against an independent
 * recount of what it sent.
 */
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { loadReferenceData } from '#reference-data';
import { formatHazardTable } from './hazard-table.js';
import { err, out } from './output.js';
import { cstDateOf } from './workload/cst-time.js';
import {
  DEFAULT_END_DATE,
  DEFAULT_HAZARDS_PER_ENTERPRISE,
  FIRST_YEAR,
  generateWorkload,
  toWorkloadReference,
} from './workload/generate-workload.js';
import {
  hazardHistories,
  recountFromHistories,
  summarizeWorkload,
  type HazardFiguresRow,
} from './workload/recount-hazard-figures.js';
import { OperationFailedError, sendWorkload } from './workload/send-workload.js';
import { cliToken, authHeaders, useToken } from './local-token.js';
import { checkFigureTopics, checkTargets, printScoreboard } from './figure-check.js';
import { figureQuery, generateFigureWorkload, phaseOf } from './workload/figure-workload.js';
import { PLAN_FIRST_YEAR } from './workload/figure-context.js';
import type { WorkloadOperation } from './workload/workload-model.js';

/** Options of {@link runDemo}, as the command line parses them. */
export interface DemoOptions {
  url: string;
  seed: number;
  enterprises: number;
  hazardsPerEnterprise: number;
  endDate: string;
  concurrency: number;
  /** Bearer token; absent: a city_admin token signed with the local key. */
  token?: string;
}

/**
 * Requests in flight by default. The server commits the appends that arrive while a commit runs in one
 * transaction (group commit): 8 in flight made groups of about one on the embedded instance; 32 sent
 * the demo 2.7× as fast there (same build, same moment).
 */
export const DEFAULT_CONCURRENCY = 32;

/** How long to wait for the read models to catch up after sending, in ms. */
const CATCH_UP_LIMIT_MS = 10 * 60_000;

/** The `demo` sub-command, ready to add to the program. */
export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'send a deterministic demo workload (enterprises and hazard lifecycles, 2023 to the end date) to a running Zhiben API, ' +
        'print the hazard figures per district and sector for each year, and check them against a recount of what was sent',
    )
    .option('--url <url>', 'base URL of the running API', 'http://localhost:3000')
    .option('--seed <n>', 'seed of the workload (same seed, same workload)', parseInteger, 2024)
    .option('--enterprises <n>', 'enterprises to register', parsePositiveInteger, 600)
    .option('--hazards-per-enterprise <n>', 'mean hazards per enterprise', parseNonNegative, DEFAULT_HAZARDS_PER_ENTERPRISE)
    .option('--end-date <instant>', 'no fact is dated after this ISO-8601 instant', DEFAULT_END_DATE)
    .option('--concurrency <n>', 'requests in flight at once (enough for the server to commit them in groups)', parsePositiveInteger, DEFAULT_CONCURRENCY)
    .option('--token <token>', 'bearer token (default: a city_admin token signed with the local key, as `npm run cli -- token` makes)')
    .action(async (options: DemoOptions) => {
      process.exitCode = await runDemo(options);
    });
}

/**
 * Runs the demo: generate → send (progress bar) → wait for the read models (`minPosition`) → print
 * the tables → compare every (year, groupBy, grade ∈ {all, major}) with the recount.
 *
 * @returns the process exit code: 0 when the figures equal the recount, 1 otherwise or on any failure
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const base = options.url.replace(/\/+$/, '');
  const endMs = Date.parse(options.endDate);
  if (Number.isNaN(endMs) || !/(Z|[+-]\d{2}:\d{2})$/.test(options.endDate)) {
    err(`--end-date must be an ISO-8601 instant with an offset, e.g. ${DEFAULT_END_DATE}`);
    return 1;
  }
  if (endMs > Date.now()) {
    err(`--end-date ${options.endDate} lies in the future: the server refuses facts dated after now (occurred_in_future)`);
    return 1;
  }

  try {
    useToken(await cliToken(options.token));
  } catch (e) {
    err(`no token: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const health = await getJson(`${base}/health`).catch((e: unknown) => e as Error);
  if (!(health instanceof Error) && health.status === 401) {
    // The API runs but refuses the token: it was signed with another key than the API's.
    err(`the API at ${base} refuses the demo's token: run the demo with the API's DATA_DIR (the key it signs with is DATA_DIR/jwt-secret), or pass --token`);
    return 1;
  }
  if (health instanceof Error || health.status !== 200) {
    err(`cannot reach a Zhiben API at ${base}: ${health instanceof Error ? health.message : `GET /health answered ${health.status}`}`);
    err('start one first, e.g.: npm start   (or PORT=3999 DATA_DIR=/tmp/zhiben-demo node dist/apps/api/src/main.js)');
    return 1;
  }
  const head = (health.body as { headPosition?: string }).headPosition ?? '0';
  if (head !== '0') {
    err(`warning: ${base} already holds events (head position ${head}); the check below passes only on a fresh instance`);
    err('         or when the same workload (same options) was sent before: every command carries an Idempotency-Key.');
  }

  out(`Zhiben demo → ${base}`);
  out(`seed ${options.seed}, ${options.enterprises} enterprises, ${options.hazardsPerEnterprise} hazards per enterprise on average, facts up to ${options.endDate}`);
  const reference = loadReferenceData();
  const generatedAt = Date.now();
  const hazardOperations = generateWorkload({
    seed: options.seed,
    enterprises: options.enterprises,
    hazardsPerEnterprise: options.hazardsPerEnterprise,
    endDate: options.endDate,
    reference: toWorkloadReference(reference),
  });
  const figureOperations = generateFigureWorkload(hazardOperations, reference, options.seed, endMs);
  const operations: WorkloadOperation[] = [...hazardOperations, ...figureOperations];
  const s = summarizeWorkload(hazardOperations);
  out(
    `workload (${Date.now() - generatedAt} ms): ${s.enterprises} enterprises in ${s.districts} districts and ${s.sectors} sectors; ` +
      `${s.hazards} hazards, ${s.major} major (${((100 * s.major) / Math.max(1, s.hazards)).toFixed(1)}%); ${s.operations} commands`,
  );
  out(
    `  stock (found in 2023) ${s.stock}, extended ${s.extended}, rejected once ${s.rejected}, reopened ${s.reopened}, closed late ${s.late}, ` +
      `escalated ${s.escalated} (挂牌督办 orders ${s.listedSupervisionOrders}), problem-list entries ${s.problemListEntries}, ` +
      `never planned ${s.neverPlanned}, open at the end ${s.leftOpen}, on a CST New Year boundary ${s.boundary}`,
  );
  out(`  other facts: ${figureOperations.length} commands (accidents, drills, trainings and certificates, self-inspections, standardization, supervision, rescue, publicity, engineering, reports, key tasks)`);

  const bar = new cliProgress.SingleBar(
    {
      format: 'sending |{bar}| {percentage}% | {value}/{total} commands | {rate} commands/s | ETA {eta_formatted}',
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const sendStart = Date.now();
  bar.start(operations.length, 0, { rate: '0' });
  let sent = { sent: 0, lastPosition: '0', elapsedMs: 0 };
  const captured = new Map<string, string>();
  try {
   // Registrations first, alone: at 32 in flight a fact naming an enterprise (an accident, an
   // enforcement action) would otherwise race the registration it names (422 enterprise_not_found).
   const isRegistration = (op: WorkloadOperation) => op.path === '/api/v1/enterprises';
   const passes = [
    phaseOf(operations, 1).filter(isRegistration),
    phaseOf(operations, 1).filter((op) => !isRegistration(op)),
    phaseOf(operations, 2),
    phaseOf(operations, 3),
   ];
   for (const pass of passes) {
    const before = sent.sent;
    const result = await sendWorkload(pass, {
      captured,
      headers: authHeaders(),
      baseUrl: base,
      concurrency: options.concurrency,
      onRetry: (op, error, attempt) => {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
        err(`\nretrying ${op.method} ${op.path} (attempt ${attempt + 1}, same Idempotency-Key) after: ${cause}`);
      },
      onProgress: (done) => {
        if (done % 50 === 0) bar.update(before + done, { rate: ((1000 * (before + done)) / Math.max(1, Date.now() - sendStart)).toFixed(0) });
      },
    });
    sent = { sent: before + result.sent, lastPosition: BigInt(result.lastPosition) > BigInt(sent.lastPosition) ? result.lastPosition : sent.lastPosition, elapsedMs: Date.now() - sendStart };
   }
   bar.update(sent.sent);
  } catch (error) {
    bar.stop();
    if (error instanceof OperationFailedError) {
      err(`stopped at the first command the server did not accept:`);
      err(`  ${error.operation.method} ${error.operation.path} → ${error.status ?? 'no answer'}`);
      err(`  answer: ${error.responseBody}`);
      err(`  body:   ${JSON.stringify(error.operation.body)}`);
    } else {
      err(`sending failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return 1;
  }
  bar.stop();
  out(
    `sent ${sent.sent} commands in ${(sent.elapsedMs / 1000).toFixed(1)} s ` +
      `(${((1000 * sent.sent) / Math.max(1, sent.elapsedMs)).toFixed(0)} commands/s); last position ${sent.lastPosition}`,
  );

  const waitStart = Date.now();
  const endYear = Number(cstDateOf(endMs).slice(0, 4));
  const years = Array.from({ length: endYear - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
  try {
    await fetchFigures(base, { groupBy: 'district', year: endYear }, sent.lastPosition);
  } catch (error) {
    err(`the read models did not catch up: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  out(`read models reached position ${sent.lastPosition} (waited ${((Date.now() - waitStart) / 1000).toFixed(1)} s)`);

  const checkStart = Date.now();
  const histories = hazardHistories(hazardOperations);
  const differences: string[] = [];
  let checked = 0;
  for (const year of years) {
    let major: HazardFiguresRow[] = [];
    for (const groupBy of ['district', 'sector'] as const) {
      for (const grade of [undefined, 'major'] as const) {
        const { rows, today } = await fetchFigures(base, { groupBy, year, grade }, sent.lastPosition);
        const scope = figureQuery(reference, year, groupBy, today);
        const expected = recountFromHistories(histories, { year, groupBy, grade, today, groups: scope.groups, districts: scope.districts });
        differences.push(...compareRows(`${year} ${groupBy}${grade ? ' major' : ''}`, rows, expected));
        checked++;
        if (grade && groupBy === 'district') major = rows;
        if (!grade) {
          out();
          out(formatHazardTable(`── ${year} · hazards by ${groupBy} (cut ${cutOf(year, today)}) ──`, rows));
        }
      }
    }
    const total = (f: (r: HazardFiguresRow) => number) => major.reduce((n, r) => n + f(r), 0);
    out(
      `   ${year} major hazards city-wide: reported ${total((r) => r.reported)}, closed ${total((r) => r.closed)} ` +
        `(on time ${total((r) => r.closedOnTime)}), open ${total((r) => r.open)}, overdue ${total((r) => r.overdue)}, stock open ${total((r) => r.stockOpen)}`,
    );
  }

  out();
  out(`the other figures, ${PLAN_FIRST_YEAR}–${endYear}, against their recount:`);
  const topicDifferences = await checkFigureTopics(base, operations, reference, years.filter((y) => y >= PLAN_FIRST_YEAR), sent.lastPosition);
  differences.push(...topicDifferences);
  differences.push(...(await checkTargets(base, operations, reference, years.filter((y) => y >= PLAN_FIRST_YEAR && y <= 2026), sent.lastPosition)));
  out();
  await printScoreboard(base, endYear, sent.lastPosition);
  out();
  const took =
    `${((Date.now() - generatedAt) / 1000).toFixed(1)} s (sending ${(sent.elapsedMs / 1000).toFixed(1)} s, ` +
    `catching up ${((checkStart - waitStart) / 1000).toFixed(1)} s, reading and recounting the figures ${((Date.now() - checkStart) / 1000).toFixed(1)} s)`;
  if (differences.length === 0) {
    out(`check: all ${checked} hazard tables (${years[0]}–${years[years.length - 1]} × district/sector × all/major), every other topic, every target and the scoreboards equal the recount of the commands sent ✓`);
    out(`demo done in ${took}: ${sent.sent} commands, ${s.hazards} hazards of ${s.enterprises} enterprises`);
    return 0;
  }
  err(`check FAILED: ${differences.length} figure(s) differ from the recount of the commands sent (API.md definitions):`);
  for (const d of differences.slice(0, 40)) err(`  ${d}`);
  if (differences.length > 40) err(`  … and ${differences.length - 40} more`);
  return 1;
}

/** Each field of each row that differs: 'table key.field: api X, recount Y'. */
export function compareRows(table: string, actual: readonly HazardFiguresRow[], expected: readonly HazardFiguresRow[]): string[] {
  const out: string[] = [];
  if (actual.length !== expected.length || actual.some((r, i) => r.key !== expected[i]!.key)) {
    out.push(`${table}: rows ${actual.map((r) => r.key).join(',')} but expected ${expected.map((r) => r.key).join(',')}`);
    return out;
  }
  actual.forEach((row, i) => {
    const want = expected[i]! as unknown as Record<string, unknown>;
    const got = row as unknown as Record<string, unknown>;
    for (const field of new Set([...Object.keys(want), ...Object.keys(got)])) {
      const a = JSON.stringify(got[field]);
      const e = JSON.stringify(want[field]);
      if (a !== e) out.push(`${table} ${row.key}.${field}: api ${a}, recount ${e}`);
    }
  });
  return out;
}

function cutOf(year: number, today: string): string {
  const end = `${year}-12-31`;
  return end < today ? end : today;
}

/**
 * GET /api/v1/statistics/hazards with `minPosition`, retried while the server answers 503 (its read
 * model behind), up to {@link CATCH_UP_LIMIT_MS}.
 * @returns the rows and the server's CST date (from its `Date` header; the local clock if absent)
 */
async function fetchFigures(
  base: string,
  q: { groupBy: 'district' | 'sector'; year: number; grade?: 'major' | undefined },
  minPosition: string,
): Promise<{ rows: HazardFiguresRow[]; today: string }> {
  const params = new URLSearchParams({ groupBy: q.groupBy, year: String(q.year), minPosition });
  if (q.grade) params.set('grade', q.grade);
  const until = Date.now() + CATCH_UP_LIMIT_MS;
  for (;;) {
    const res = await getJson(`${base}/api/v1/statistics/hazards?${params}`);
    if (res.status === 200) {
      const date = res.date ? Date.parse(res.date) : Date.now();
      return { rows: (res.body as { rows: HazardFiguresRow[] }).rows, today: cstDateOf(Number.isNaN(date) ? Date.now() : date) };
    }
    if (res.status !== 503 || Date.now() > until) {
      throw new Error(`GET /api/v1/statistics/hazards?${params} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    const retryAfter = Number(res.retryAfter ?? '1');
    await new Promise((r) => setTimeout(r, 1000 * (Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 5) : 1)));
  }
}

async function getJson(url: string): Promise<{ status: number; body: unknown; date: string | null; retryAfter: string | null }> {
  const res = await fetch(url, { headers: authHeaders() });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: res.status, body, date: res.headers.get('date'), retryAfter: res.headers.get('retry-after') };
}

function parseInteger(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError('not an integer');
  return Number(value);
}

function parsePositiveInteger(value: string): number {
  const n = parseInteger(value);
  if (n < 1) throw new InvalidArgumentError('must be at least 1');
  return n;
}

function parseNonNegative(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n)) throw new InvalidArgumentError('not a non-negative number');
  return n;
}
