/**
 * What every figure recount (`recount-<topic>.ts`) shares: reading enterprises back from the
 * operations sent, the cut of a year, a rate with its empty denominator, and rows for every group.
 * Written from README.md / API.md's definitions only: nothing here comes from the server's code.
 */
import { cstDateOf } from './cst-time.js';
import type { KeyTaskSeed } from './figure-context.js';
import type { WorkloadOperation } from './workload-model.js';

/** One recount's question: the statistics query, the server's today (CST date) and the groups to give rows for. */
export interface FigureQuery {
  year: number;
  groupBy: 'district' | 'sector' | 'task';
  /** The server's CST date: the cut of the current year. */
  today: string;
  /** Every district (or sector) that gets a row, ordered by code. */
  groups: readonly { code: string; name: string }[];
  /** Sector flags from the reference data. */
  sectors: readonly { code: string; highRisk: boolean; keySectorForPrincipalTraining: boolean }[];
  /**
   * Districts of the reference data with their validity, successor and township/village counts, when
   * the reference data has them: a fact dated after its unit's `validTo` counts under the successor.
   */
  districts?: readonly { code: string; validTo?: string | null; successor?: { main: string } | string | null; townships?: number | null; villages?: number | null }[];
  /** The annex's key tasks (groupBy 'task'). */
  keyTasks?: readonly KeyTaskSeed[];
}

/** What a statistics route answers, as far as a recount predicts it. */
export interface FigureAnswer {
  rows: Record<string, unknown>[];
  cityTotals?: unknown;
}

/** An enterprise as the operations sent describe it: CST dates of registration and closure. */
export interface SentEnterprise {
  uscc: string;
  districtCode: string;
  sector: string;
  registered: string;
  closed: string | null;
}

/** The enterprises registered (and closed) by the operations, by USCC. */
export function sentEnterprises(operations: readonly WorkloadOperation[]): Map<string, SentEnterprise> {
  const out = new Map<string, SentEnterprise>();
  for (const op of operations) {
    if (op.path === '/api/v1/enterprises') {
      const b = op.body;
      out.set(String(b['uscc']), {
        uscc: String(b['uscc']), districtCode: String(b['districtCode']), sector: String(b['sector']), registered: cstDateOf(String(b['registeredAt'])), closed: null,
      });
    }
  }
  for (const op of operations) {
    const m = /^\/api\/v1\/enterprises\/([^/]+)\/closure$/.exec(op.path);
    if (m) out.get(m[1]!)!.closed = cstDateOf(String(op.body['closedAt']));
  }
  return out;
}

/** The operations sent to `path` (exact) or matching `path` (a RegExp). */
export function sentTo(operations: readonly WorkloadOperation[], path: string | RegExp): WorkloadOperation[] {
  return operations.filter((op) => (typeof path === 'string' ? op.path === path : path.test(op.path)));
}

/** The cut of `year`: 31 December, or `today` when that is earlier. */
export function cutOf(year: number, today: string): string {
  const end = `${year}-12-31`;
  return end < today ? end : today;
}

/** The CST year of an instant. */
export function yearOf(instant: string): number {
  return Number(cstDateOf(instant).slice(0, 4));
}

/** numerator ÷ denominator, or null when the denominator is 0 (never 0 for 0/0). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** One fresh row per group, keyed by code, in code order. */
export function rowsFor<T extends object>(query: FigureQuery, make: () => T): Map<string, { key: string; name: string } & T> {
  const sorted = [...query.groups].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return new Map(sorted.map((g) => [g.code, { key: g.code, name: g.name, ...make() }]));
}

/**
 * The row key of a fact or enterprise under the query's grouping (its sector may be null: no sector
 * row). By district, a code whose unit was retired before `date` (CST) counts under its successor in
 * force on that date (reference `validTo` / `successor`, followed to the unit in force).
 *
 * The district rule (README "Counting under the unit in force"): pass as `date`
 * - a fact's own CST date for a count of facts (drills, lectures, inspections, actions, accidents,
 *   reports, hazards reported or closed in the year, equipment sets …);
 * - the cut for an enterprise population (denominators, enterprises meeting a frequency, graded,
 *   responsibility systems, trained principals' coverage …);
 * - the cut for stock up to the cut (rescue teams and stations, science halls, open/overdue hazards,
 *   stockOpen).
 */
export function groupKey(query: FigureQuery, districtCode: string, sector: string | null, date?: string): string | null {
  if (query.groupBy === 'sector') return sector;
  let code = districtCode;
  for (let hops = 0; date !== undefined && hops < 10; hops++) {
    const unit = query.districts?.find((d) => d.code === code);
    if (!unit?.validTo || date <= unit.validTo || !unit.successor) break;
    code = typeof unit.successor === 'string' ? unit.successor : unit.successor.main;
  }
  return code;
}

/** An object with each name mapped to 0. */
export function zeros<K extends string>(names: readonly K[]): Record<K, number> {
  return Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
}
