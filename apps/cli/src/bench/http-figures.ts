/**
 * The HTTP figures: ReportHazard (`POST /api/v1/hazards`) against the real app, and the same body to
 * the bare raw server; the read routes' latency; command → figure freshness (read-your-writes).
 */
import { randomUUID } from 'node:crypto';
import { load, type LoadResult } from './load.js';
import { cpuSecondsOf, postgresCpuSince, postgresCpuSnapshot, type BenchProcess } from './processes.js';

/** A ReportHazard body (a general hazard of one of `usccs`, found yesterday), new hazardId each call. */
export function reportHazardBody(usccs: readonly string[]): () => Record<string, unknown> {
  let i = 0;
  const discoveredAt = new Date(Date.now() - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
  return () => ({
    hazardId: randomUUID(),
    enterpriseUscc: usccs[i++ % usccs.length]!,
    grade: 'general',
    channel: 'self_inspection',
    title: '疏散通道堆放杂物',
    description: `基准测试：疏散通道堆放杂物 #${i}`,
    discoveredAt,
  });
}

/** A load and the CPU the server process and PostgreSQL used during it (shares of one core; PostgreSQL's a lower bound, every client of the server included). */
export interface MeasuredLoad extends LoadResult {
  serverCpu: number;
  postgresCpu: number;
}

/** POSTs fresh ReportHazard bodies to `url` (the app's `/api/v1/hazards` or the raw server) and measures the server's CPU meanwhile. */
export async function measureCommands(
  server: BenchProcess,
  path: string,
  token: string | null,
  usccs: readonly string[],
  connections: number,
  seconds: number,
): Promise<MeasuredLoad> {
  return withCpu(server, () =>
    load({
      url: `${server.url}${path}`,
      method: 'POST',
      connections,
      seconds,
      maxRequests: Math.max(2000, connections * seconds * 3000),
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: reportHazardBody(usccs),
    }),
  );
}

/** GETs `path` on the app with `connections` connections for `seconds`; measures the api's CPU meanwhile. */
export async function measureRoute(server: BenchProcess, path: string, token: string, connections: number, seconds: number): Promise<MeasuredLoad> {
  return withCpu(server, () =>
    load({ url: `${server.url}${path}`, connections, seconds, maxRequests: seconds * 20_000, headers: { authorization: `Bearer ${token}` } }),
  );
}

async function withCpu(server: BenchProcess, work: () => Promise<LoadResult>): Promise<MeasuredLoad> {
  const cpu0 = cpuSecondsOf(server.pid);
  const pg0 = postgresCpuSnapshot();
  const r = await work();
  return { ...r, serverCpu: (cpuSecondsOf(server.pid) - cpu0) / r.seconds, postgresCpu: postgresCpuSince(pg0) / r.seconds };
}

/** What {@link measureFreshness} found. */
export interface Freshness {
  /** Commands answered per second (the target rate, or less when the app cannot keep up). */
  achievedRate: number;
  commands: number;
  /** Time from a command's answer to its figure's answer (`minPosition` = the command's position), in ms. */
  p50: number;
  p99: number;
  failed: number;
  /** What the first failure was (a status and body, or an error), when any failed. */
  firstFailure: string | null;
}

/**
 * Sends ReportHazard at a steady `rate` (at most `maxInFlight` at once, for at most `seconds` of
 * sending and `rate × seconds` commands); after each answer, GETs the hazard statistics with
 * `minPosition` = its position until they answer 200 (at most 30 s each).
 */
export async function measureFreshness(
  baseUrl: string,
  token: string,
  usccs: readonly string[],
  options: { rate: number; seconds: number; maxInFlight: number },
): Promise<Freshness> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = reportHazardBody(usccs);
  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  const total = Math.round(options.rate * options.seconds);
  const samples: number[] = [];
  let failed = 0;
  let firstFailure: string | null = null;
  const fail = (why: string) => {
    failed++;
    firstFailure ??= why;
  };
  const one = async () => {
    const res = await fetch(`${baseUrl}/api/v1/hazards`, { method: 'POST', headers: { ...headers, 'idempotency-key': randomUUID() }, body: JSON.stringify(body()) });
    const text = await res.text();
    if (res.status !== 201) return fail(`POST /api/v1/hazards answered ${res.status}: ${text.slice(0, 200)}`);
    const answered = performance.now();
    const position = (JSON.parse(text) as { position: string }).position;
    const until = answered + 30_000;
    while (performance.now() < until) {
      const r = await fetch(`${baseUrl}/api/v1/statistics/hazards?groupBy=district&year=${year}&minPosition=${position}`, { headers });
      await r.arrayBuffer();
      if (r.status === 200) return void samples.push(performance.now() - answered);
      if (r.status !== 503) return fail(`the statistics with minPosition answered ${r.status}`);
    }
    fail('the statistics did not reach the position within 30 s');
  };
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  for (let i = 0; i < total && performance.now() < deadline; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    while (inFlight.size >= options.maxInFlight) await Promise.race(inFlight);
    const p: Promise<void> = one().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e))).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await Promise.all(inFlight);
  const sorted = samples.sort((a, b) => a - b);
  return {
    achievedRate: (samples.length + failed) / sendSeconds,
    commands: samples.length + failed,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    failed,
    firstFailure,
  };
}

/** The `q` quantile of ascending `sorted` (nearest rank); NaN when empty. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Which side a load was bound by, from the CPU both used: PostgreSQL when it used more than 1.5× the
 * server process's CPU, the server process when it used 80% of a core or more, else neither (the time
 * went to waiting: commits, locks, round trips, or a machine busy with other work).
 */
export function boundBy(l: MeasuredLoad, server: string): string {
  if (l.serverCpu >= 0.8) return `${server} CPU-bound (${(100 * l.serverCpu).toFixed(0)}% of a core)`;
  if (l.postgresCpu > 1.5 * l.serverCpu) return `PostgreSQL-bound (its CPU ${(100 * l.postgresCpu).toFixed(0)}% against ${(100 * l.serverCpu).toFixed(0)}% for ${server}): its SQL is the limit`;
  return `bound by neither CPU (${server} ${(100 * l.serverCpu).toFixed(0)}%, PostgreSQL ${(100 * l.postgresCpu).toFixed(0)}% of a core): the time goes to waiting — commits, locks, round trips — or to other work on the shared machine`;
}
