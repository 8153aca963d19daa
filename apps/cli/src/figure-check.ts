/**
 * The demo's closing checks beyond hazards: every figure topic (`workload/topics.ts`) × grouping ×
 * year against its independent recount, one summary line per topic; and the district scoreboard, when
 * the instance serves one.
 */
import { cstDateOf } from './workload/cst-time.js';
import { figureQuery, type FigureReferenceData } from './workload/figure-workload.js';
import { compareAnswer, FIGURE_TOPICS } from './workload/topics.js';
import { compareTargets, recountTargets } from './workload/recount-targets.js';
import type { WorkloadOperation } from './workload/workload-model.js';
import { displayWidth, err, out, pad } from './output.js';
import { authHeaders } from './local-token.js';

/** How long to wait for a read model behind `minPosition`, in ms. */
const CATCH_UP_LIMIT_MS = 10 * 60_000;

/**
 * GETs `path` (with `minPosition`), retried while the server answers 503.
 * @returns status, body and the server's CST date (its `Date` header)
 */
export async function getFigures(base: string, path: string, minPosition: string): Promise<{ status: number; body: unknown; today: string }> {
  const url = `${base}${path}${path.includes('?') ? '&' : '?'}minPosition=${minPosition}`;
  const until = Date.now() + CATCH_UP_LIMIT_MS;
  for (;;) {
    const res = await fetch(url, { headers: authHeaders() });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* keep the text */
    }
    const date = Date.parse(res.headers.get('date') ?? '');
    if (res.status !== 503 || Date.now() > until) return { status: res.status, body, today: cstDateOf(Number.isNaN(date) ? Date.now() : date) };
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Compares every topic, grouping and year with the recount of `operations`, printing one line per
 * topic (and its first difference).
 * @returns every difference found (empty: all equal)
 */
export async function checkFigureTopics(base: string, operations: readonly WorkloadOperation[], reference: FigureReferenceData, years: readonly number[], minPosition: string): Promise<string[]> {
  const all: string[] = [];
  for (const topic of FIGURE_TOPICS) {
    const diffs: string[] = [];
    let tables = 0;
    for (const year of years) {
      for (const groupBy of topic.groupBys) {
        const res = await getFigures(base, `${topic.route}?groupBy=${groupBy}&year=${year}`, minPosition);
        tables++;
        if (res.status !== 200) {
          diffs.push(`${topic.name} ${year} ${groupBy}: answered ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          continue;
        }
        const expected = topic.recount(operations, figureQuery(reference, year, groupBy, res.today));
        diffs.push(...compareAnswer(`${topic.name} ${year} ${groupBy}`, res.body as { rows: Record<string, unknown>[] }, expected, topic.textFields, topic.totalsField));
      }
    }
    out(`  ${pad(topic.name, 16)} ${tables} tables (${years[0]}–${years.at(-1)} × ${topic.groupBys.join('/')}): ${diffs.length === 0 ? 'equal to the recount ✓' : `${diffs.length} difference(s); first: ${diffs[0]}`}`);
    all.push(...diffs);
  }
  return all;
}

/**
 * Compares GET /api/v1/targets and /api/v1/scoreboard for each year with the independent recount
 * (`recount-targets.ts`), printing one summary line (statuses city-wide, differences).
 * @returns every difference found
 */
export async function checkTargets(base: string, operations: readonly WorkloadOperation[], reference: FigureReferenceData, years: readonly number[], minPosition: string): Promise<string[]> {
  const all: string[] = [];
  const tally = new Map<string, number>();
  let targets = 0;
  for (const year of years) {
    const items = await getFigures(base, `/api/v1/targets?year=${year}`, minPosition);
    const board = await getFigures(base, `/api/v1/scoreboard?year=${year}`, minPosition);
    if (items.status !== 200 || board.status !== 200) {
      all.push(`targets ${year}: answered ${items.status} / scoreboard ${board.status}`);
      continue;
    }
    const expected = recountTargets(operations, reference, year, items.today);
    const apiItems = (items.body as { items: Record<string, unknown>[] }).items;
    for (const i of apiItems) tally.set(String(i['status']), (tally.get(String(i['status'])) ?? 0) + 1);
    targets += apiItems.length;
    all.push(...compareTargets(year, apiItems, (board.body as { rows: Record<string, unknown>[] }).rows, expected));
  }
  const statuses = ['met', 'on_track', 'behind', 'missed', 'no_data'].map((s) => `${s} ${tally.get(s) ?? 0}`).join(', ');
  out(`  ${pad('targets', 16)} ${targets} targets + scoreboards (${years[0]}–${years.at(-1)}; ${statuses}): ${all.length === 0 ? 'equal to the recount ✓' : `${all.length} difference(s); first: ${all[0]}`}`);
  return all;
}

/** Prints GET /api/v1/scoreboard?year= as a table (rank, district, met, on track, behind, missed, the first reason not met), or says why not. */
export async function printScoreboard(base: string, year: number, minPosition: string): Promise<void> {
  const res = await getFigures(base, `/api/v1/scoreboard?year=${year}`, minPosition);
  if (res.status === 404) {
    out(`scoreboard: GET /api/v1/scoreboard answered 404 on this instance (not served yet): skipped`);
    return;
  }
  if (res.status !== 200) {
    err(`scoreboard: GET /api/v1/scoreboard?year=${year} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    return;
  }
  const rows = ((res.body as { rows?: Record<string, unknown>[] }).rows ?? []) as Record<string, unknown>[];
  const cells = rows.map((r) => [
    String(r['rank'] ?? ''), `${String(r['districtCode'] ?? r['key'] ?? '')} ${String(r['name'] ?? r['districtName'] ?? '')}`.trim(),
    String(r['met'] ?? ''), String(r['onTrack'] ?? ''), String(r['behind'] ?? ''), String(r['missed'] ?? ''), firstReason(r),
  ]);
  const head = ['rank', 'district', 'met', 'on track', 'behind', 'missed', 'first reason'];
  const widths = head.map((h, c) => Math.max(displayWidth(h), ...cells.map((x) => displayWidth(x[c]!))));
  const line = (x: string[]) => x.map((v, c) => pad(v, widths[c]!, c === 1 || c === 6 ? 'left' : 'right')).join('  ');
  out(`── ${year} · district scoreboard (GET /api/v1/scoreboard) ──`);
  out(line(head));
  for (const x of cells) out(line(x));
}

/** The first target of a scoreboard row not met or on track: 'targetId status (actual vs comparator threshold): reason'. */
function firstReason(row: Record<string, unknown>): string {
  const reasons = (row['reasons'] as Record<string, unknown>[] | undefined) ?? [];
  const r = reasons.find((x) => x['status'] !== 'met' && x['status'] !== 'on_track');
  if (!r) return '—';
  const actual = r['actual'] === null || r['actual'] === undefined ? 'no data' : String(Math.round(Number(r['actual']) * 1000) / 1000);
  const why = r['reason'] ? `: ${String(r['reason'])}` : '';
  return `${String(r['targetId'])} ${String(r['status'])} (${actual} vs ${String(r['comparator'])} ${String(r['threshold'])})${why}`.slice(0, 110);
}
