/**
 * An independent recount of every plan target's status (`GET /api/v1/targets`) and of the district
 * scoreboard (`GET /api/v1/scoreboard`), from seeds/plan-targets.json and the RECOUNTED figure rows
 * (`recount-<topic>.ts`) or the key-task measurements sent — written from the targets README ("How a
 * target is judged", "The indicator catalogue"), sharing no code with libs/projections/src/targets.
 */
import { cstDateOf, daysFromTo } from './cst-time.js';
import type { PlanTargetSeed } from './figure-context.js';
import type { FigureReferenceData } from './figure-workload.js';
import { figureQuery } from './figure-workload.js';
import { recountFromHistories, hazardHistories } from './recount-hazard-figures.js';
import { recountAccidents } from './recount-accidents.js';
import { recountDrills } from './recount-drills.js';
import { recountEngineering } from './recount-engineering.js';
import { recountPublicity } from './recount-publicity.js';
import { recountRescue } from './recount-rescue.js';
import { recountSelfInspections } from './recount-self-inspections.js';
import { recountStandardization } from './recount-standardization.js';
import { recountSupervision } from './recount-supervision.js';
import { recountTraining } from './recount-training.js';
import { sentTo, type FigureAnswer, type FigureQuery } from './recount-common.js';
import type { WorkloadOperation } from './workload-model.js';

/** A group's (or the city's) figure: a count (denominator null) or a ratio; null numerator = no data. */
export interface TargetFigure { numerator: number | null; denominator: number | null; change?: { current: number; previous: number } }
/** What the recount predicts for a target. */
export interface RecountedTarget { targetId: string; status: string; numerator: number | null; denominator: number | null; groups?: { key: string; status: string; numerator: number | null; denominator: number | null }[] }
/** A scoreboard row as recounted. */
export interface RecountedScoreRow { rank: number; districtCode: string; met: number; onTrack: number; behind: number; missed: number; noData: number }

type Row = Record<string, unknown>;
const num = (row: Row | undefined, path: string): number => Number(path.split('.').reduce<unknown>((o, k) => (o as Row | undefined)?.[k], row) ?? 0);
const CHANGE = new Set(['accidents_change_on_year', 'larger_accidents_change_on_year', 'major_increment_change_on_year']);
const MONOTONE = new Set(['major_or_especially_major_accidents']);

/** An exact rational from a decimal threshold (0.9 → 9/10). */
function decimal(x: number): [bigint, bigint] {
  const [i, f = ''] = String(x).split('.');
  const den = 10n ** BigInt(f.length);
  return [BigInt(i!) * den + (x < 0 ? -1n : 1n) * BigInt(f === '' ? '0' : f), den];
}
/** Sign of a/b − (p/q)·(e/E), all exact (b, q, E > 0). */
function cmp(a: number, b: number, [p, q]: [bigint, bigint], e = 1, E = 1): number {
  const l = BigInt(a) * q * BigInt(E);
  const r = p * BigInt(e) * BigInt(b);
  return l > r ? 1 : l < r ? -1 : 0;
}

/**
 * The status of a figure for a target (README "How a target is judged"): no_data before the year or
 * without a figure; finished periods met/missed; in-progress shares (days 1 January–today over days
 * 1 January–cut, both inclusive) for on_track/behind; a change on the year against last year + threshold.
 */
export function judge(t: PlanTargetSeed, f: TargetFigure, today: string): string {
  const cut = t.dueDate ?? `${t.year}-12-31`;
  if (today < `${t.year}-01-01` || f.numerator === null) return 'no_data';
  const inProgress = cut > today;
  const e = inProgress ? daysFromTo(`${t.year}-01-01`, today) + 1 : 1;
  const E = inProgress ? daysFromTo(`${t.year}-01-01`, cut) + 1 : 1;
  const th = decimal(t.threshold);
  const d = f.denominator ?? 1;
  if (CHANGE.has(t.indicator)) {
    const { current, previous } = f.change!;
    if (!inProgress) return current - previous <= t.threshold ? 'met' : 'missed';
    const allowance = previous + t.threshold;
    if (current > allowance) return 'missed';
    return cmp(current, 1, decimal(allowance), e, E) <= 0 ? 'on_track' : 'behind';
  }
  const c = cmp(f.numerator, d, th);
  if (t.comparator === '>=') {
    if (c >= 0) return 'met';
    if (!inProgress) return 'missed';
    return cmp(f.numerator, d, th, e, E) >= 0 ? 'on_track' : 'behind';
  }
  if (t.comparator === '<=') {
    if (!inProgress) return c <= 0 ? 'met' : 'missed';
    return c <= 0 ? 'on_track' : MONOTONE.has(t.indicator) ? 'missed' : 'behind';
  }
  if (!inProgress) return c === 0 ? 'met' : 'missed';
  return c === 0 ? 'on_track' : 'behind';
}

/** Recounts every target of `year` and the scoreboard, from the operations sent. */
export function recountTargets(operations: readonly WorkloadOperation[], reference: FigureReferenceData & { planTargets?: readonly PlanTargetSeed[] }, year: number, today: string): { items: RecountedTarget[]; scoreboard: RecountedScoreRow[] } {
  const histories = hazardHistories(operations.filter((op) => op.path === '/api/v1/enterprises' || op.path.startsWith('/api/v1/hazards')));
  const cache = new Map<string, FigureAnswer>();
  const rows = (topic: string, y: number, by: 'district' | 'sector', asOf: string): Map<string, Row> => {
    const id = `${topic} ${y} ${by} ${asOf}`;
    if (!cache.has(id)) {
      const q: FigureQuery = figureQuery(reference, y, by, asOf);
      const fn: Record<string, (o: readonly WorkloadOperation[], q: FigureQuery) => FigureAnswer> = {
        accidents: recountAccidents, drills: recountDrills, training: recountTraining, inspections: recountSelfInspections, standardization: recountStandardization,
        enforcement: recountSupervision, rescue: recountRescue, publicity: recountPublicity, engineering: recountEngineering,
        hazardsMajor: (_o, qq) => ({ rows: recountFromHistories(histories, { year: y, groupBy: by, grade: 'major', today: asOf, groups: qq.groups, districts: qq.districts }) as unknown as Row[] }),
      };
      cache.set(id, fn[topic]!(operations, q));
    }
    return new Map(cache.get(id)!.rows.map((r) => [String(r['key']), r]));
  };
  const sectors = reference.sectorList;
  const codes = (test: (s: (typeof sectors)[number]) => boolean) => sectors.filter(test).map((s) => s.code);
  const concerned: Record<string, string[]> = {
    standardization_rate_industry_trade_key: codes((s) => s.industryAndTrade),
    standardization_level2_rate_civil_explosives: ['civil_explosives'],
    standardization_rate_mines: ['coal_mine', 'non_coal_mine'],
    principal_training_coverage_key_sectors: codes((s) => s.keySectorForPrincipalTraining),
    high_risk_training_pass_rate: codes((s) => s.highRisk),
    professional_rescue_team_build_rate: codes((s) => s.highRisk),
    risk_monitoring_coverage_rate: codes((s) => s.code === 'hazardous_chemicals' || s.industryAndTrade),
  };
  // measurements: the latest per (indicator, district, sector) reported in the year by the cut
  const measured = (t: PlanTargetSeed, district: string | null, sector: string | null, asOf: string): TargetFigure | null => {
    let best: TargetFigure | null = null;
    let bestAt = '';
    for (const op of sentTo(operations, /^\/api\/v1\/key-tasks\/\d+\/progress-reports$/)) {
      const at = String(op.body['reportedAt']);
      const date = cstDateOf(at);
      if (date.slice(0, 4) !== String(t.year) || date > asOf) continue;
      for (const m of (op.body['measurements'] as Row[] | undefined) ?? []) {
        if (m['indicator'] !== t.indicator || (m['districtCode'] ?? null) !== district || (m['sector'] ?? null) !== sector) continue;
        if (Date.parse(at) >= Date.parse(bestAt || '1970-01-01T00:00:00Z')) {
          bestAt = at;
          const den = (m['denominator'] as number | null | undefined) ?? null;
          best = t.unit === 'ratio' ? (den === null || den === 0 ? { numerator: null, denominator: null } : { numerator: Number(m['numerator']), denominator: den }) : { numerator: Number(m['numerator']), denominator: null };
        }
      }
    }
    return best;
  };
  const ratio = (n: number, d: number | null): TargetFigure => (d === null || d === 0 ? { numerator: null, denominator: null } : { numerator: n, denominator: d });
  const count = (n: number): TargetFigure => ({ numerator: n, denominator: null });

  const items: RecountedTarget[] = [];
  for (const t of (reference.planTargets ?? []).filter((x) => x.year === year)) {
    const cut = t.dueDate ?? `${year}-12-31`;
    const asOf = cut < today ? cut : today;
    const by: 'district' | 'sector' = t.grouping === 'sector' ? 'sector' : 'district';
    const groupFigure = (key: string): TargetFigure => {
      const r = (topic: string, y = year) => rows(topic, y, by, y === year ? asOf : `${y}-12-31`).get(key);
      switch (t.indicator) {
        case 'major_or_especially_major_accidents': return count(num(r('accidents'), 'byGrade.major') + num(r('accidents'), 'byGrade.especially_major'));
        case 'accidents_change_on_year': { const c = num(r('accidents'), 'accidents'); const p = num(r('accidents', year - 1), 'accidents'); return { ...count(c - p), change: { current: c, previous: p } }; }
        case 'larger_accidents_change_on_year': { const c = num(r('accidents'), 'byGrade.larger'); const p = num(r('accidents', year - 1), 'byGrade.larger'); return { ...count(c - p), change: { current: c, previous: p } }; }
        case 'major_increment_change_on_year': { const c = num(r('hazardsMajor'), 'reported'); const p = num(r('hazardsMajor', year - 1), 'reported'); return { ...count(c - p), change: { current: c, previous: p } }; }
        case 'self_inspection_completion_rate': return ratio(num(r('inspections'), 'surveyDoneBy20240630'), num(r('inspections'), 'enterprises'));
        case 'principal_led_inspection_compliance_rate': return ratio(num(r('inspections'), 'principalLedCompliant'), num(r('inspections'), 'principalLedRequired'));
        case 'major_stock_open': return count(num(r('hazardsMajor'), 'stockOpen'));
        case 'major_overdue': return count(num(r('hazardsMajor'), 'overdue'));
        case 'city_special_supervision_count': return count(num(r('enforcement'), 'specialSupervisions.city_on_district'));
        case 'district_special_supervision_count': return count(num(r('enforcement'), 'specialSupervisions.district_on_sector'));
        case 'responsibility_system_rate': return ratio(num(r('standardization'), 'responsibilitySystemEstablished'), num(r('standardization'), 'enterprises'));
        case 'standardization_rate_industry_trade_key': case 'standardization_rate_mines': return ratio(num(r('standardization'), 'graded'), num(r('standardization'), 'enterprises'));
        case 'standardization_level2_rate_civil_explosives': return ratio(num(r('standardization'), 'gradedLevel2OrAbove'), num(r('standardization'), 'enterprises'));
        case 'principal_training_coverage_key_sectors': return ratio(num(r('training'), 'principalsTrained'), num(r('training'), 'principalsInKeySectors'));
        case 'drill_frequency_compliance_rate': return ratio(num(r('drills'), 'enterprisesMeetingFrequency'), num(r('drills'), 'enterprises'));
        case 'special_operations_certified_rate': return ratio(num(r('training'), 'specialOperationsCertified'), num(r('training'), 'specialOperationsTrainees'));
        case 'high_risk_training_pass_rate': return ratio(num(r('training'), 'highRiskPassed'), num(r('training'), 'highRiskTrainees'));
        case 'rescue_equipment_sets_distributed': return count(num(r('rescue'), 'equipmentSetsDistributed'));
        case 'rescue_team_build_rate': case 'village_rescue_station_build_rate': {
          const row = r('rescue');
          const [n, d] = t.indicator === 'rescue_team_build_rate' ? ['teamsByLevel.township', 'townshipsRequired'] : ['villageStations', 'villagesRequired'];
          if (row?.[d] != null) return ratio(num(row, n), num(row, d));
          return measured(t, key, null, asOf) ?? { numerator: null, denominator: null };
        }
        case 'publicity_demo_sites_new': return count(num(r('publicity'), 'demonstrationSitesNew'));
        default: return measured(t, by === 'district' ? key : null, by === 'sector' ? key : null, asOf) ?? { numerator: null, denominator: null };
      }
    };
    const judged = (f: TargetFigure) => judge(t, f, today);
    if (t.grouping === 'city') {
      let f: TargetFigure;
      const eng = (field: string, y = year) => num(recountEngineering(operations, figureQuery(reference, y, 'district', y === year ? asOf : `${y}-12-31`)).cityTotals as Row, `${field}.value`);
      const since2024 = (field: string) => Array.from({ length: year - 2023 }, (_, i) => eng(field, 2024 + i)).reduce((a, b) => a + b, 0);
      switch (t.indicator) {
        case 'old_communities_renovation_started': f = count(eng('oldCommunities')); break;
        case 'old_communities_renovation_area_m2': f = count(eng('oldCommunityAreaSquareMetres')); break;
        case 'rural_dangerous_bridges_rebuilt': f = count(eng('ruralDangerousBridges')); break;
        case 'elevators_spot_checked': f = count(eng('elevatorsChecked')); break;
        case 'dangerous_reservoirs_reinforced': f = count(since2024('reservoirsReinforced')); break;
        case 'highway_life_protection_km': f = { numerator: since2024('lifeProtectionRoadMetres'), denominator: 1000 }; break;
        case 'qianshi_wanjiang_lectures': f = count(num(recountPublicity(operations, figureQuery(reference, year, 'district', asOf)).cityTotals as Row, 'lectures')); break;
        default: {
          if (MEASUREMENT_ONLY.has(t.indicator)) { f = measured(t, null, null, asOf) ?? { numerator: null, denominator: null }; break; }
          const all = [...rows('accidents', year, 'district', asOf).keys()].map(groupFigure);
          f = sum(all);
        }
      }
      items.push({ targetId: t.targetId, status: judged(f), numerator: f.numerator, denominator: f.denominator });
      continue;
    }
    const keys = by === 'district' ? figureQuery(reference, year, 'district', asOf).groups.map((g) => g.code) : (concerned[t.indicator] ?? sectors.map((s) => s.code));
    const sorted = by === 'sector' ? sectors.map((s) => s.code).filter((c) => keys.includes(c)) : keys;
    const groups = sorted.map((key) => ({ key, ...groupFigure(key) }));
    const city = measured(t, null, null, asOf) ?? sum(groups);
    items.push({
      targetId: t.targetId, status: judged(city), numerator: city.numerator, denominator: city.denominator,
      groups: groups.map((g) => ({ key: g.key, status: judged(g), numerator: g.numerator, denominator: g.numerator === null ? null : g.denominator })),
    });
  }
  return { items, scoreboard: scoreboardOf(items, reference.planTargets ?? [], figureQuery(reference, year, 'district', today).groups.map((g) => g.code)) };
}

/** City-level indicators that only a city-wide measurement gives. */
const MEASUREMENT_ONLY = new Set(['city_leader_training_sessions', 'training_provider_compliance_rate', 'converted_tractors_remaining', 'safety_demo_city_districts_started', 'safety_demo_city_districts_succeeded', 'd_class_housing_relocation_rate']);

/** Σ numerators over Σ denominators of the groups with a figure (changes summed alike); no data when none has one. */
function sum(groups: readonly TargetFigure[]): TargetFigure {
  const present = groups.filter((g) => g.numerator !== null);
  if (present.length === 0) return { numerator: null, denominator: null };
  const s = (f: (g: TargetFigure) => number) => present.reduce((a, g) => a + f(g), 0);
  const out: TargetFigure = { numerator: s((g) => g.numerator!), denominator: present[0]!.denominator === null ? null : s((g) => g.denominator ?? 0) };
  if (present[0]!.change) out.change = { current: s((g) => g.change!.current), previous: s((g) => g.change!.previous) };
  return out;
}

/** The scoreboard (README): per district in force, its statuses over the district targets; rank by met + onTrack desc, missed asc, behind asc; shared ranks skip. */
export function scoreboardOf(items: readonly RecountedTarget[], targets: readonly PlanTargetSeed[], districts: readonly string[]): RecountedScoreRow[] {
  const districtTargets = new Set(targets.filter((t) => t.grouping === 'district').map((t) => t.targetId));
  const rows = districts.map((code) => {
    const row = { rank: 0, districtCode: code, met: 0, onTrack: 0, behind: 0, missed: 0, noData: 0 };
    for (const item of items) {
      if (!districtTargets.has(item.targetId)) continue;
      const s = item.groups?.find((g) => g.key === code)?.status ?? 'no_data';
      if (s === 'met') row.met++;
      else if (s === 'on_track') row.onTrack++;
      else if (s === 'behind') row.behind++;
      else if (s === 'missed') row.missed++;
      else row.noData++;
    }
    return row;
  });
  const better = (a: RecountedScoreRow, b: RecountedScoreRow) => b.met + b.onTrack - (a.met + a.onTrack) || a.missed - b.missed || a.behind - b.behind;
  for (const r of rows) r.rank = 1 + rows.filter((o) => better(o, r) < 0).length;
  return rows.sort((a, b) => a.rank - b.rank || (a.districtCode < b.districtCode ? -1 : a.districtCode > b.districtCode ? 1 : 0));
}

/** Each difference between `GET /api/v1/targets` / `GET /api/v1/scoreboard` and the recount. */
export function compareTargets(year: number, apiItems: readonly Row[], apiRows: readonly Row[], expected: { items: RecountedTarget[]; scoreboard: RecountedScoreRow[] }): string[] {
  const diffs: string[] = [];
  const byId = new Map(apiItems.map((i) => [String(i['targetId']), i]));
  if (apiItems.length !== expected.items.length) diffs.push(`targets ${year}: api ${apiItems.length} items, recount ${expected.items.length}`);
  for (const e of expected.items) {
    const a = byId.get(e.targetId);
    if (!a) { diffs.push(`targets ${year} ${e.targetId}: missing`); continue; }
    const ratioTarget = e.denominator !== null && !e.targetId.startsWith('highway');
    const fields = (x: { status: unknown; numerator: unknown; denominator: unknown }) => JSON.stringify(ratioTarget || x.numerator === null ? [x.status, x.numerator, x.denominator] : [x.status, x.numerator]);
    if (fields(a as never) !== fields(e)) diffs.push(`targets ${year} ${e.targetId}: api ${fields(a as never)}, recount ${fields(e)}`);
    for (const g of e.groups ?? []) {
      const ag = ((a['groups'] as Row[] | undefined) ?? []).find((x) => x['key'] === g.key);
      if (!ag) { diffs.push(`targets ${year} ${e.targetId} ${g.key}: group missing`); continue; }
      const gf = (x: { status: unknown; numerator: unknown; denominator: unknown }) => JSON.stringify(g.denominator !== null || x.numerator === null ? [x.status, x.numerator, x.denominator] : [x.status, x.numerator]);
      if (gf(ag as never) !== gf(g)) diffs.push(`targets ${year} ${e.targetId} ${g.key}: api ${gf(ag as never)}, recount ${gf(g)}`);
    }
    if (((a['groups'] as Row[] | undefined) ?? []).length !== (e.groups?.length ?? 0)) diffs.push(`targets ${year} ${e.targetId}: api ${((a['groups'] as Row[] | undefined) ?? []).length} groups, recount ${e.groups?.length ?? 0}`);
  }
  const line = (r: Row | RecountedScoreRow) => { const x = r as Row; return `${String(x['rank'])} ${String(x['districtCode'])} ${String(x['met'])}/${String(x['onTrack'])}/${String(x['behind'])}/${String(x['missed'])}/${String(x['noData'])}`; };
  const apiLines = apiRows.map(line);
  const want = expected.scoreboard.map(line);
  want.forEach((w, i) => { if (apiLines[i] !== w) diffs.push(`scoreboard ${year} row ${i + 1}: api ${apiLines[i] ?? '—'}, recount ${w}`); });
  if (apiLines.length !== want.length) diffs.push(`scoreboard ${year}: api ${apiLines.length} rows, recount ${want.length}`);
  return diffs;
}
