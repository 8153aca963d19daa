/**
 * An independent recount of `GET /api/v1/statistics/hazards` from the commands a client sent: small
 * counting code that follows API.md ("What the hazard figures mean") word for word, sharing nothing
 * with the server's projections or queries (not even the CST helpers), so that a mistake on either
 * side shows up as a difference.
 */
import { cstDateOf, daysFromTo } from './cst-time.js';
import type { WorkloadOperation } from './generate-workload.js';

/** The channels and escalation measures of API.md / DOMAIN.md §1, in the order rows list them. */
export const RECOUNT_CHANNELS = ['self_inspection', 'supervisory_inspection', 'public_report', 'enforcement', 'accident_investigation'] as const;
export const RECOUNT_MEASURES = ['notice_letter', 'circular', 'interview', 'listed_supervision'] as const;

/** One row of `GET /api/v1/statistics/hazards` (`rows[]`). */
export interface HazardFiguresRow {
  key: string;
  name: string;
  reported: number;
  reportedByChannel: Record<string, number>;
  open: number;
  overdue: number;
  closed: number;
  closedOnTime: number;
  /** closed ÷ (closed + open), or null when both are 0. */
  closureRate: number | null;
  /** Median whole CST days from discovery to closure over the hazards closed in the year; null when none. */
  medianDaysToClose: number | null;
  stockOpen: number;
  increment: number;
  escalationsByMeasure: Record<string, number>;
  problemListEntries: number;
}

/** What a recount is asked for: the query of `GET /api/v1/statistics/hazards`, plus today and the groups. */
export interface RecountQuery {
  year: number;
  groupBy: 'district' | 'sector';
  /** Only hazards of this grade; undefined or null for all. */
  grade?: 'major' | 'general' | null;
  /** Today's CST date 'YYYY-MM-DD' (the server's): the cut of the current year. */
  today: string;
  /** Every district (or sector) that gets a row (districts: those in force on some day of the year), zeros included, ordered by code. */
  groups: readonly { code: string; name: string }[];
  /**
   * The districts' validity and successors (reference `validTo`, `successor.main`), when given: by
   * district, a hazard counts under the unit in force on the date of each figure's fact (discovery,
   * closure, escalation or listing) and, for open / overdue / stockOpen, at the cut.
   */
  districts?: readonly { code: string; validTo?: string | null; successor?: { main: string } | string | null }[];
}

/** The unit in force on `date` for a hazard recorded under `code`: its successor (chain) once retired. */
function unitOn(query: RecountQuery, code: string, date: string): string {
  let unit = code;
  for (let hops = 0; hops < 10; hops++) {
    const d = query.districts?.find((x) => x.code === unit);
    if (!d?.validTo || date <= d.validTo || !d.successor) break;
    unit = typeof d.successor === 'string' ? d.successor : d.successor.main;
  }
  return unit;
}

/** A fact of a hazard's history that some figure depends on, with its CST date. */
export type HazardFact =
  | { kind: 'deadline'; date: string; deadline: string; by: 'plan' | 'extension' | 'reopening' }
  | { kind: 'closed'; date: string; deadlineInForce: string | null }
  | { kind: 'reopened'; date: string }
  | { kind: 'escalation'; date: string; measure: string }
  | { kind: 'listing'; date: string; list: string }
  | { kind: 'completed' | 'rejected' | 'verified'; date: string };

/** One hazard as the commands sent describe it. */
export interface HazardHistory {
  hazardId: string;
  districtCode: string;
  sector: string;
  grade: string;
  channel: string;
  /** As sent (ISO-8601 with offset). */
  discoveredAt: string;
  /** CST date of `discoveredAt`. */
  discoveredDate: string;
  /** Every instant of the hazard's commands as sent, report first. */
  instants: string[];
  /** In the order sent (which is time order). */
  facts: HazardFact[];
}

const LIFECYCLE = /^\/api\/v1\/hazards\/([^/]+)\/([a-z-]+)$/;

/**
 * Folds the operations into one history per hazard (in order of report). Enterprises are looked up
 * from their registrations in the same list: a hazard counts under its enterprise's district and
 * sector as registered.
 *
 * @throws Error for a hazard of an unregistered enterprise, a step of an unreported hazard or an
 *   unknown route: the list is not one the server would have accepted
 */
export function hazardHistories(operations: readonly WorkloadOperation[]): HazardHistory[] {
  const enterprises = new Map<string, { districtCode: string; sector: string }>();
  const hazards = new Map<string, HazardHistory & { deadlineNow: string | null }>();
  for (const op of operations) {
    const b = op.body;
    if (op.path === '/api/v1/enterprises') {
      enterprises.set(String(b['uscc']), { districtCode: String(b['districtCode']), sector: String(b['sector']) });
      continue;
    }
    if (op.path === '/api/v1/hazards') {
      const enterprise = enterprises.get(String(b['enterpriseUscc']));
      if (!enterprise) throw new Error(`hazard ${String(b['hazardId'])} names unregistered enterprise ${String(b['enterpriseUscc'])}`);
      const id = String(b['hazardId']).toLowerCase();
      const discoveredAt = String(b['discoveredAt']);
      hazards.set(id, {
        hazardId: id,
        ...enterprise,
        grade: String(b['grade']),
        channel: String(b['channel']),
        discoveredAt,
        discoveredDate: cstDateOf(discoveredAt),
        instants: [discoveredAt],
        facts: [],
        deadlineNow: null,
      });
      continue;
    }
    const m = LIFECYCLE.exec(op.path);
    const h = m ? hazards.get(m[1]!.toLowerCase()) : undefined;
    if (!m || !h) throw new Error(`cannot recount ${op.method} ${op.path}: unknown route or hazard`);
    const at = (field: string) => {
      const instant = String(b[field]);
      h.instants.push(instant);
      return cstDateOf(instant);
    };
    switch (m[2]) {
      case 'rectification-plan':
        h.deadlineNow = String(b['deadline']);
        h.facts.push({ kind: 'deadline', date: at('plannedAt'), deadline: h.deadlineNow, by: 'plan' });
        break;
      case 'deadline-extension':
        h.deadlineNow = String(b['deadline']);
        h.facts.push({ kind: 'deadline', date: at('extendedAt'), deadline: h.deadlineNow, by: 'extension' });
        break;
      case 'reopening': {
        const date = at('reopenedAt');
        h.deadlineNow = String(b['deadline']);
        h.facts.push({ kind: 'reopened', date }, { kind: 'deadline', date, deadline: h.deadlineNow, by: 'reopening' });
        break;
      }
      case 'closure':
        h.facts.push({ kind: 'closed', date: at('closedAt'), deadlineInForce: h.deadlineNow });
        break;
      case 'rectification-completion':
        h.facts.push({ kind: 'completed', date: at('completedAt') });
        break;
      case 'verification':
        h.facts.push({ kind: b['verdict'] === 'rejected' ? 'rejected' : 'verified', date: at('verifiedAt') });
        break;
      case 'escalations':
        h.facts.push({ kind: 'escalation', date: at('decidedAt'), measure: String(b['measure']) });
        break;
      case 'listed-supervision':
        // 挂牌督办 ordered by its document counts as the listed_supervision measure (API.md, DOMAIN.md §1).
        h.facts.push({ kind: 'escalation', date: at('orderedAt'), measure: 'listed_supervision' });
        break;
      case 'problem-list-entries':
        h.facts.push({ kind: 'listing', date: at('listedAt'), list: String(b['list']) });
        break;
      default:
        throw new Error(`cannot recount ${op.method} ${op.path}: unknown step ${m[2]}`);
    }
  }
  return [...hazards.values()].map(({ deadlineNow: _deadlineNow, ...h }) => h);
}

/**
 * Recounts the rows of `GET /api/v1/statistics/hazards?groupBy&year&grade` from the operations sent,
 * by API.md's definitions (all dates CST):
 * - the cut is min(Dec 31 of `year`, `today`);
 * - `reported` (and by channel): discovered in the year; `increment` = reported when year ≥ 2024, else 0;
 * - a hazard is closed at the cut when its last closure-or-reopening dated ≤ cut is a closure;
 *   `closed` counts those whose closure is dated in the year, `closedOnTime` those of them closed on or
 *   before the deadline in force when closed; `medianDaysToClose` the median of their whole days from
 *   discovery date to closure date (mean of the two middle values for an even count, null if none);
 * - `open`: discovered ≤ cut and not closed at the cut; `overdue`: open, with a deadline in force at the
 *   cut (the latest of plan / extension / reopening dated ≤ cut) before the cut — no plan, not overdue;
 *   `stockOpen`: open and discovered before 2024-01-01;
 * - `closureRate`: closed ÷ (closed + open), null when both are 0;
 * - `escalationsByMeasure`: escalations (and 挂牌督办 orders, as `listed_supervision`) decided in the year;
 *   `problemListEntries`: problem-list entries made in the year.
 *
 * @returns one row per group, ordered by code (plain code-unit order), zeros included
 */
export function recountHazardFigures(operations: readonly WorkloadOperation[], query: RecountQuery): HazardFiguresRow[] {
  return recountFromHistories(hazardHistories(operations), query);
}

/** {@link recountHazardFigures} over histories already folded (to recount many queries from one fold). */
export function recountFromHistories(histories: readonly HazardHistory[], query: RecountQuery): HazardFiguresRow[] {
  const y = String(query.year).padStart(4, '0');
  const yearEnd = `${y}-12-31`;
  const cut = yearEnd < query.today ? yearEnd : query.today;
  const inYear = (date: string) => date.slice(0, 4) === y;

  const groups = [...query.groups].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const rows = new Map<string, HazardFiguresRow & { days: number[] }>();
  for (const g of groups) {
    rows.set(g.code, {
      key: g.code,
      name: g.name,
      reported: 0,
      reportedByChannel: Object.fromEntries(RECOUNT_CHANNELS.map((c) => [c, 0])),
      open: 0,
      overdue: 0,
      closed: 0,
      closedOnTime: 0,
      closureRate: null,
      medianDaysToClose: null,
      stockOpen: 0,
      increment: 0,
      escalationsByMeasure: Object.fromEntries(RECOUNT_MEASURES.map((m) => [m, 0])),
      problemListEntries: 0,
      days: [],
    });
  }

  for (const h of histories) {
    if (query.grade && h.grade !== query.grade) continue;
    // a group without a row (not in force in the year, or unknown) is left out
    const rowOn = (date: string) => rows.get(query.groupBy === 'district' ? unitOn(query, h.districtCode, date) : h.sector);

    const reportedRow = rowOn(h.discoveredDate);
    if (reportedRow && inYear(h.discoveredDate)) {
      const row = reportedRow;
      row.reported++;
      row.reportedByChannel[h.channel] = (row.reportedByChannel[h.channel] ?? 0) + 1;
    }

    let lastClosureOrReopening: HazardFact | null = null;
    let deadlineAtCut: string | null = null;
    for (const fact of h.facts) {
      if (fact.date > cut) continue;
      if (fact.kind === 'closed' || fact.kind === 'reopened') lastClosureOrReopening = fact;
      if (fact.kind === 'deadline') deadlineAtCut = fact.deadline;
    }
    const closure = lastClosureOrReopening?.kind === 'closed' ? lastClosureOrReopening : null;
    const closedRow = closure ? rowOn(closure.date) : undefined;
    if (closure && closedRow && inYear(closure.date)) {
      const row = closedRow;
      row.closed++;
      if (closure.deadlineInForce !== null && closure.date <= closure.deadlineInForce) row.closedOnTime++;
      row.days.push(daysFromTo(h.discoveredDate, closure.date));
    }
    const open = h.discoveredDate <= cut && closure === null;
    const row = rowOn(cut);
    if (open && row) {
      row.open++;
      if (deadlineAtCut !== null && deadlineAtCut < cut) row.overdue++;
      if (h.discoveredDate < '2024-01-01') row.stockOpen++;
    }

    for (const fact of h.facts) {
      const row = rowOn(fact.date);
      if (!row || !inYear(fact.date)) continue;
      if (fact.kind === 'escalation') row.escalationsByMeasure[fact.measure] = (row.escalationsByMeasure[fact.measure] ?? 0) + 1;
      if (fact.kind === 'listing') row.problemListEntries++;
    }
  }

  return groups.map((g) => {
    const { days, ...row } = rows.get(g.code)!;
    row.increment = query.year >= 2024 ? row.reported : 0;
    row.closureRate = row.closed + row.open === 0 ? null : row.closed / (row.closed + row.open);
    row.medianDaysToClose = median(days);
    return row;
  });
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What a workload exercises: counts of hazards in each case, so a test cannot pass on an empty workload. */
export interface WorkloadSummary {
  enterprises: number;
  districts: number;
  sectors: number;
  hazards: number;
  major: number;
  /** Hazards found before 2024-01-01 (存量). */
  stock: number;
  extended: number;
  /** Hazards with a rectification rejected at verification at least once. */
  rejected: number;
  reopened: number;
  /** Hazards with a closure dated after the deadline in force then. */
  late: number;
  /** Hazards with at least one escalation or 挂牌督办 order. */
  escalated: number;
  listedSupervisionOrders: number;
  problemListEntries: number;
  neverPlanned: number;
  /** Hazards whose last closure-or-reopening is not a closure (still open after everything sent). */
  leftOpen: number;
  /** Hazards with an instant whose CST date is 1 January while its UTC date is still 31 December. */
  boundary: number;
  /** Operations in all. */
  operations: number;
}

/**
 * Counts the cases a workload exercises, from the operations alone.
 * @returns counts of hazards (or entries, where named so)
 */
export function summarizeWorkload(operations: readonly WorkloadOperation[]): WorkloadSummary {
  const histories = hazardHistories(operations);
  const registrations = operations.filter((op) => op.path === '/api/v1/enterprises');
  const has = (h: HazardHistory, test: (f: HazardFact) => boolean) => h.facts.some(test);
  const newYearInUtc = (instant: string) => cstDateOf(instant).endsWith('-01-01') && new Date(Date.parse(instant)).toISOString().slice(5, 10) === '12-31';
  return {
    enterprises: registrations.length,
    districts: new Set(registrations.map((op) => op.body['districtCode'])).size,
    sectors: new Set(registrations.map((op) => op.body['sector'])).size,
    hazards: histories.length,
    major: histories.filter((h) => h.grade === 'major').length,
    stock: histories.filter((h) => h.discoveredDate < '2024-01-01').length,
    extended: histories.filter((h) => has(h, (f) => f.kind === 'deadline' && f.by === 'extension')).length,
    rejected: histories.filter((h) => has(h, (f) => f.kind === 'rejected')).length,
    reopened: histories.filter((h) => has(h, (f) => f.kind === 'reopened')).length,
    late: histories.filter((h) => has(h, (f) => f.kind === 'closed' && f.deadlineInForce !== null && f.date > f.deadlineInForce)).length,
    escalated: histories.filter((h) => has(h, (f) => f.kind === 'escalation')).length,
    listedSupervisionOrders: operations.filter((op) => op.path.endsWith('/listed-supervision')).length,
    problemListEntries: histories.reduce((n, h) => n + h.facts.filter((f) => f.kind === 'listing').length, 0),
    neverPlanned: histories.filter((h) => !has(h, (f) => f.kind === 'deadline')).length,
    leftOpen: histories.filter((h) => [...h.facts].reverse().find((f) => f.kind === 'closed' || f.kind === 'reopened')?.kind !== 'closed').length,
    boundary: histories.filter((h) => h.instants.some(newYearInUtc)).length,
    operations: operations.length,
  };
}
