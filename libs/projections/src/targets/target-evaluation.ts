import type { ReadModelReader } from '../read-model-reader.js';
import type { PlanTarget, ReferenceData, TargetComparator, TargetGrouping, TargetUnit } from '#reference-data';
import { FigureSources, type GroupBy, type TargetGroups } from './figure-sources.js';
import { INDICATOR_CATALOGUE, type IndicatorContext, type IndicatorDefinition, type Missing, type Part } from './indicator-catalogue.js';
import { fraction, toNumber } from './rational.js';
import { judgeTarget, targetPeriod, type Figure, type TargetPeriod, type TargetStatus } from './target-status.js';

/** One district's or sector's figure and status for a target. */
export interface TargetGroupResult {
  key: string;
  name: string;
  /** numerator ÷ denominator (a count: the count); null when there is no data. */
  actual: number | null;
  numerator: number | null;
  /** The ratio's denominator; null for a count or when there is no data. */
  denominator: number | null;
  status: TargetStatus;
  /** Why no_data, or how an unfinished period was judged; null otherwise. */
  reason: string | null;
}

/** One target of the plan with its city-wide figure and status (API.md `/api/v1/targets` items). */
export interface TargetResult {
  targetId: string;
  title: string;
  clause: string;
  year: number;
  dueDate: string | null;
  grouping: TargetGrouping;
  unit: TargetUnit;
  comparator: TargetComparator;
  threshold: number;
  indicator: string;
  keyTaskItem: string | null;
  /** The seed's note on the target (its reading of the plan). */
  note: string;
  /** The date the target is judged at: dueDate, else 31 December of the year (CST). */
  cut: string;
  /** `finished`, `in_progress` (with elapsedDays/totalDays) or `not_started`. */
  period: TargetPeriod;
  /** The city-wide figure: summed over the districts (or the sectors concerned) unless measured city-wide. */
  actual: number | null;
  numerator: number | null;
  denominator: number | null;
  status: TargetStatus;
  reason: string | null;
  /** Where the figure comes from, and its numerator and denominator. */
  source: { figure: string; numerator: string; denominator: string | null; note: string | null };
  /** Each district (district targets) or each sector concerned (sector targets); absent for city targets. */
  groups?: TargetGroupResult[];
}

/** What {@link evaluateTargets} is asked. */
export interface TargetsQuery {
  year: number;
  /** Today's CST date 'YYYY-MM-DD'. */
  today: string;
  /** The districts and sectors to give groups for (parseStatisticsQuery's groups). */
  groups: TargetGroups;
}

const isMissing = (x: Part | Missing): x is Missing => 'missing' in x;

/** A group's raw part as a judged figure: a ratio without a (non-zero) denominator has no data. */
function figureOf(def: IndicatorDefinition, x: Part | Missing): Figure {
  if (isMissing(x)) return { numerator: null, denominator: null, reason: x.missing };
  if (def.kind === 'count') return { numerator: x.numerator, denominator: 1, ...(x.change ? { change: x.change } : {}) };
  if (x.denominator === null) return { numerator: null, denominator: null, reason: `the denominator (${def.denominator}) is not known` };
  if (x.denominator === 0) return { numerator: null, denominator: null, reason: `the denominator (${def.denominator}) is 0: nothing to judge, not 0%` };
  return { numerator: x.numerator, denominator: x.denominator };
}

/** The sum of the groups' parts: Σ numerators over Σ denominators, over the groups that have a figure. */
function sumParts(def: IndicatorDefinition, entries: readonly (Part | Missing)[]): { part: Part | Missing; note: string | null } {
  const present = entries.filter((e): e is Part => !isMissing(e) && (def.kind === 'count' || e.denominator !== null));
  if (present.length === 0) {
    const first = entries.find(isMissing);
    return { part: { missing: first ? `no group has a figure (e.g. ${first.missing})` : 'no group to sum' }, note: null };
  }
  let numerator = 0;
  let denominator = 0;
  let current = 0;
  let previous = 0;
  let change = false;
  for (const p of present) {
    numerator += p.numerator;
    denominator += p.denominator ?? 0;
    if (p.change) {
      change = true;
      current += p.change.current;
      previous += p.change.previous;
    }
  }
  const part: Part = { numerator, denominator: def.kind === 'count' ? null : denominator, ...(change ? { change: { current, previous } } : {}) };
  const note = present.length < entries.length ? `the city figure sums the ${present.length} of ${entries.length} groups that have one` : null;
  return { part, note };
}

const wire = (f: Figure, def: IndicatorDefinition) =>
  f.numerator === null
    ? { actual: null, numerator: null, denominator: null }
    : { actual: toNumber(fraction(f.numerator, f.denominator)), numerator: f.numerator, denominator: def.kind === 'ratio' ? f.denominator : null };

/** The groups a target of `grouping` is judged for. */
function groupsOf(target: PlanTarget, def: IndicatorDefinition | undefined, reference: ReferenceData, groups: TargetGroups): { by: GroupBy; list: readonly { code: string; name: string }[] } {
  if (target.grouping === 'sector') {
    const concerned = new Set(def?.sectors ? def.sectors(reference) : reference.sectorList.map((s) => s.code));
    return { by: 'sector', list: groups.sector.filter((s) => concerned.has(s.code)) };
  }
  return { by: 'district', list: groups.district };
}

/**
 * Evaluates every plan target of `q.year` (seeds/plan-targets.json) at `q.today`: each target's
 * figure from the indicator catalogue (the statistics queries of libs/projections, or the lead
 * units' key-task measurements) per group and city-wide, judged by {@link judgeTarget} on the
 * target's period (its cut: dueDate, else 31 December). Figures are computed as of the earlier of
 * today and the cut. A year outside 2024–2026 has no targets (an empty list).
 */
export async function evaluateTargets(ds: ReadModelReader, reference: ReferenceData, q: TargetsQuery): Promise<TargetResult[]> {
  const sources = new FigureSources(ds, reference, q.groups);
  const out: TargetResult[] = [];
  for (const target of reference.planTargetsForYear(q.year)) {
    const def = INDICATOR_CATALOGUE[target.indicator];
    const period = targetPeriod(target.year, target.dueDate, q.today);
    const asOf = period.cut < q.today ? period.cut : q.today;
    const { by, list } = groupsOf(target, def, reference, q.groups);
    const base = {
      targetId: target.targetId,
      title: target.title,
      clause: target.clause,
      year: target.year,
      dueDate: target.dueDate,
      grouping: target.grouping,
      unit: target.unit,
      comparator: target.comparator,
      threshold: target.threshold,
      indicator: target.indicator,
      keyTaskItem: target.keyTaskItem,
      note: target.note,
      cut: period.cut,
      period,
    };
    if (!def) {
      const reason = `indicator ${target.indicator} has no definition in the catalogue`;
      out.push({ ...base, actual: null, numerator: null, denominator: null, status: 'no_data', reason, source: { figure: 'none', numerator: '', denominator: null, note: null } });
      continue;
    }
    const source = { figure: def.source, numerator: def.numerator, denominator: def.denominator, note: def.note ?? null };
    const judge = (figure: Figure) => judgeTarget({ comparator: target.comparator, threshold: target.threshold, behaviour: def.behaviour, figure, period });
    if (period.state === 'not_started') {
      const { status, reason } = judge({ numerator: null, denominator: null, reason: 'not started' });
      const groups = target.grouping === 'city' ? undefined : list.map((g) => ({ key: g.code, name: g.name, actual: null, numerator: null, denominator: null, status, reason }));
      out.push({ ...base, actual: null, numerator: null, denominator: null, status, reason, source, ...(groups ? { groups } : {}) });
      continue;
    }
    const ctx: IndicatorContext = { year: target.year, asOf, sources, reference };
    const parts = await def.parts(ctx, by);
    const entries = list.map((g) => parts.get(g.code) ?? { missing: `no figure for ${g.code}` });
    const cityOverride = def.city ? await def.city(ctx) : undefined;
    const summed = cityOverride ? { part: cityOverride, note: null } : sumParts(def, entries);
    const cityFigure = figureOf(def, summed.part);
    const city = judge(cityFigure);
    const reason = [city.reason, summed.note].filter((x) => x !== null).join('; ') || null;
    const groups =
      target.grouping === 'city'
        ? undefined
        : list.map((g, i): TargetGroupResult => {
            const f = figureOf(def, entries[i]!);
            const j = judge(f);
            return { key: g.code, name: g.name, ...wire(f, def), status: j.status, reason: j.reason };
          });
    out.push({ ...base, ...wire(cityFigure, def), status: city.status, reason, source, ...(groups ? { groups } : {}) });
  }
  return out;
}
