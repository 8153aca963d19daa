/**
 * The hazard figures pre-counted (`hazard_figure_tallies`): what `queryHazardStatistics` sums
 * instead of walking every hazard's facts at read time. A tally row is a count of hazards (or of
 * measures) per group — district code or sector, by grade — for one figure, with the date that
 * decides the figure's district unit and year (`fact_date`) and the cut from which the count applies
 * (`at`: the figure at cut C is the sum of the rows with `at` ≤ C). A hazard's standing figures
 * (open, overdue, closed…) change only at its facts' dates (and the day after a deadline), so each
 * hazard adds +1 where it enters a figure and −1 where it leaves it: the rows are per date, not per
 * hazard, and their number does not grow with the events once the dates are covered.
 *
 * The figures, exactly as API.md "What the hazard figures mean" defines them (see
 * hazard-statistics.query.ts), for a hazard with discovery date `disc` and at cut C, where L(C) is
 * its closure or reopening of highest revision dated ≤ C and D(C) its deadline of highest revision
 * dated ≤ C:
 * - `reported` (detail: channel), fact_date disc, from any cut;
 * - `escalation` / `problem_list` (detail: measure / list), fact_date the measure's date, from any cut;
 * - `open` (disc ≤ C and L(C) is not a closure), `overdue` (open and D(C).deadline < C),
 *   `stock_open` (open and disc < 2024-01-01): fact_date {@link NO_DATE} (their unit is the cut's);
 * - `closed` (L(C) is a closure; fact_date its date, `days` its whole days since disc) and
 *   `closed_on_time` (also dated on or before its deadline in force).
 */

/** The `fact_date` of figures whose district unit is the cut's, and the `at` of figures that hold from any cut. */
export const NO_DATE = '0001-01-01';

/** The table's name. */
export const TALLY_TABLE = 'hazard_figure_tallies';

/** One tally row's key (the table's primary key; column names as in the database). */
export interface TallyKey {
  /** 'district' (dim: the recorded district code) or 'sector' (dim: the sector code). */
  dim_kind: 'district' | 'sector';
  dim: string;
  grade: string;
  figure: string;
  /** The channel of `reported`, the measure of `escalation`, the list of `problem_list`; '' otherwise. */
  detail: string;
  /** CST date 'YYYY-MM-DD', or {@link NO_DATE}. */
  fact_date: string;
  /** Whole days from discovery to closure for `closed`; −1 otherwise. */
  days: number;
  /** CST date 'YYYY-MM-DD' from which the count applies, or {@link NO_DATE}. */
  at: string;
}

/** A hazard's facts as the `hazard_figure_*` tables hold them (dates CST 'YYYY-MM-DD', revisions as bigint). */
export interface HazardFacts {
  hazard: { district_code: string; sector: string; grade: string; channel: string; discovered_date: string } | null;
  closures: { revision: bigint; kind: string; effective_date: string; deadline_in_force: string | null }[];
  deadlines: { revision: bigint; effective_date: string; deadline: string }[];
  measures: { revision: bigint; kind: string; value: string; effective_date: string }[];
}

/** A hazard with no facts yet. */
export function noFacts(): HazardFacts {
  return { hazard: null, closures: [], deadlines: [], measures: [] };
}

/** The unique string of a tally key (for maps). */
export function tallyKeyId(k: TallyKey): string {
  return JSON.stringify([k.dim_kind, k.dim, k.grade, k.figure, k.detail, k.fact_date, k.days, k.at]);
}

type Indicator = [figure: string, factDate: string, days: number];

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** The fact of highest revision dated on or before `cut` (undefined when none). */
function inForce<T extends { revision: bigint; effective_date: string }>(facts: readonly T[], cut: string): T | undefined {
  let best: T | undefined;
  for (const f of facts) if (f.effective_date <= cut && (!best || f.revision > best.revision)) best = f;
  return best;
}

/** The standing figures a hazard is in at cut `cut`. */
function standingAt(f: HazardFacts, disc: string, cut: string): Indicator[] {
  const last = inForce(f.closures, cut);
  const out: Indicator[] = [];
  if (disc <= cut && last?.kind !== 'closed') {
    out.push(['open', NO_DATE, -1]);
    const deadline = inForce(f.deadlines, cut);
    if (deadline && deadline.deadline < cut) out.push(['overdue', NO_DATE, -1]);
    if (disc < '2024-01-01') out.push(['stock_open', NO_DATE, -1]);
  }
  if (last?.kind === 'closed') {
    out.push(['closed', last.effective_date, dayNumber(last.effective_date) - dayNumber(disc)]);
    if (last.deadline_in_force !== null && last.effective_date <= last.deadline_in_force) out.push(['closed_on_time', last.effective_date, -1]);
  }
  return out;
}

/**
 * What one hazard adds to the tallies: tally key → count (never 0). Nothing before its report.
 * Pure: the same facts always give the same contribution, so a projector adds the difference
 * between a hazard's contribution after and before a fact.
 */
export function hazardContribution(f: HazardFacts): Map<string, { key: TallyKey; n: number }> {
  const out = new Map<string, { key: TallyKey; n: number }>();
  const h = f.hazard;
  if (!h) return out;
  const add = (figure: string, detail: string, factDate: string, days: number, at: string, n: number) => {
    for (const [dimKind, dim] of [['district', h.district_code], ['sector', h.sector]] as const) {
      const key: TallyKey = { dim_kind: dimKind, dim, grade: h.grade, figure, detail, fact_date: factDate, days, at };
      const id = tallyKeyId(key);
      const e = out.get(id);
      if (e) e.n += n;
      else out.set(id, { key, n });
    }
  };
  const disc = h.discovered_date;
  add('reported', h.channel, disc, -1, NO_DATE, 1);
  for (const m of f.measures) add(m.kind, m.value, m.effective_date, -1, NO_DATE, 1);
  // The standing figures change only at these dates: between two of them the hazard's state holds.
  const points = [...new Set([disc, ...f.closures.map((c) => c.effective_date), ...f.deadlines.flatMap((d) => [d.effective_date, nextDay(d.deadline)])])].sort();
  let before = new Map<string, Indicator>();
  for (const at of points) {
    const now = new Map(standingAt(f, disc, at).map((i) => [JSON.stringify(i), i]));
    for (const [id, [figure, factDate, days]] of now) if (!before.has(id)) add(figure, '', factDate, days, at, 1);
    for (const [id, [figure, factDate, days]] of before) if (!now.has(id)) add(figure, '', factDate, days, at, -1);
    before = now;
  }
  for (const [id, e] of out) if (e.n === 0) out.delete(id);
  return out;
}

/**
 * Adds `after − before` into `into` (tally key → change), dropping keys whose change is 0.
 */
export function addDifference(
  into: Map<string, { key: TallyKey; n: number }>,
  before: Map<string, { key: TallyKey; n: number }>,
  after: Map<string, { key: TallyKey; n: number }>,
): void {
  const bump = (key: TallyKey, id: string, n: number) => {
    const e = into.get(id);
    if (e) e.n += n;
    else into.set(id, { key, n });
    if (into.get(id)!.n === 0) into.delete(id);
  };
  for (const [id, e] of after) bump(e.key, id, e.n);
  for (const [id, e] of before) bump(e.key, id, -e.n);
}

/** Reads the facts of `hazardIds` from the `hazard_figure_*` tables in one statement. */
export async function loadHazardFacts(
  q: { query(sql: string, parameters?: unknown[]): Promise<unknown> },
  hazardIds: readonly string[],
): Promise<Map<string, HazardFacts>> {
  const facts = new Map<string, HazardFacts>();
  if (hazardIds.length === 0) return facts;
  const rows = (await q.query(
    `SELECT 'h' AS t, hazard_id::text AS id, NULL::text AS revision, district_code AS a, sector AS b, grade AS c, channel AS d, discovered_date::text AS e
       FROM hazard_figure_hazards WHERE hazard_id = ANY ($1::uuid[])
     UNION ALL
     SELECT 'c', hazard_id::text, revision::text, kind, effective_date::text, deadline_in_force::text, NULL, NULL
       FROM hazard_figure_closures WHERE hazard_id = ANY ($1::uuid[])
     UNION ALL
     SELECT 'd', hazard_id::text, revision::text, effective_date::text, deadline::text, NULL, NULL, NULL
       FROM hazard_figure_deadlines WHERE hazard_id = ANY ($1::uuid[])
     UNION ALL
     SELECT 'm', hazard_id::text, revision::text, kind, value, effective_date::text, NULL, NULL
       FROM hazard_figure_measures WHERE hazard_id = ANY ($1::uuid[])`,
    [hazardIds],
  )) as { t: string; id: string; revision: string | null; a: string; b: string; c: string | null; d: string | null; e: string | null }[];
  for (const id of hazardIds) facts.set(id.toLowerCase(), noFacts());
  for (const r of rows) {
    const f = facts.get(r.id)!;
    if (r.t === 'h') f.hazard = { district_code: r.a, sector: r.b, grade: r.c!, channel: r.d!, discovered_date: r.e! };
    else if (r.t === 'c') f.closures.push({ revision: BigInt(r.revision!), kind: r.a, effective_date: r.b, deadline_in_force: r.c });
    else if (r.t === 'd') f.deadlines.push({ revision: BigInt(r.revision!), effective_date: r.a, deadline: r.b });
    else f.measures.push({ revision: BigInt(r.revision!), kind: r.a, value: r.b, effective_date: r.c! });
  }
  return facts;
}

/**
 * Every hazard's contribution summed from the facts in the `hazard_figure_*` tables (read `chunk`
 * hazards per statement): the tallies as the projector would have left them after those facts.
 * @returns the rows of `hazard_figure_tallies` (column name → value; `n` a number, never 0)
 */
export async function countTallies(q: { query(sql: string, parameters?: unknown[]): Promise<unknown> }, chunk = 2000): Promise<(TallyKey & { n: number })[]> {
  const totals = new Map<string, { key: TallyKey; n: number }>();
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const ids = ((await q.query('SELECT hazard_id::text AS id FROM hazard_figure_hazards WHERE hazard_id > $1::uuid ORDER BY hazard_id LIMIT $2', [after, chunk])) as { id: string }[]).map((r) => r.id);
    if (ids.length === 0) break;
    for (const facts of (await loadHazardFacts(q, ids)).values()) addDifference(totals, new Map(), hazardContribution(facts));
    after = ids[ids.length - 1]!;
  }
  return [...totals.values()].map((e) => ({ ...e.key, n: e.n }));
}
