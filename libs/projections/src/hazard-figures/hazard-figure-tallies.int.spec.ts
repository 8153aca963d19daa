/**
 * The pre-counted hazard figures (`hazard_figure_tallies`) against the figures computed the old way,
 * straight from the facts: the GROUP BY over every hazard's facts that `queryHazardStatistics` ran
 * before the tallies (kept below as the reference, unchanged). Random hazard lives — back-dated and
 * out-of-order closures and reopenings, extended deadlines, escalations and list entries, hazards
 * found before 2024 — are projected in random batches (with replays), then every year, cut, grade,
 * grouping and district remap is compared. The tallies the migration counts from the facts must equal
 * the ones the projector kept.
 */
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { ESCALATION_MEASURES, HAZARD_CHANNELS } from '#domain';
import type { DistrictRemapRule } from '#reference-data';
import { districtUnitSql } from '../district-units/district-unit-sql.js';
import { HazardFiguresProjection } from './hazard-figures.projection.js';
import { countTallies } from './hazard-figure-tallies.js';
import { medianOf, queryHazardStatistics, cutOf, type HazardFiguresRow, type HazardStatisticsQuery } from './hazard-statistics.query.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DISTRICTS = ['500101', '500105', '500157'];
const SECTORS = ['construction', 'hazardous_chemicals'];
const REMAPS: DistrictRemapRule[][] = [[], [{ code: '500105', from: '2025-11-06', to: '500157' }], [{ code: '500105', from: null, to: '500157' }, { code: '500101', from: '2024-07-01', to: '500157' }]];

const GRID_START = Date.parse('2023-03-01T00:00:00Z');
const dayIndex = (date: string) => (Date.parse(`${date}T00:00:00Z`) - GRID_START) / 86_400_000;
const gridDay = (k: number) => new Date(GRID_START + 5 * k * 86_400_000).toISOString().slice(0, 10);

/** Random hazard lives as recorded events, in one global order (streams interleaved). */
function randomEvents(seed: number, hazards: number): RecordedEvent[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  // Dates on a 5-day grid from GRID_START, so facts, deadlines and cuts often fall on the same day.
  const day = (from: string, span: number) => gridDay(Math.ceil(dayIndex(from) / 5) + Math.floor((rnd() * span) / 5));
  // CST noon of a date as an instant (the projector takes the CST date of each instant).
  const at = (date: string) => `${date}T12:00:00+08:00`;
  const streams: { type: string; data: Record<string, unknown> }[][] = [];
  for (let i = 0; i < hazards; i++) {
    const hazardId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const found = day('2023-06-01', 1300);
    const events: { type: string; data: Record<string, unknown> }[] = [
      { type: 'HazardReported', data: { hazardId, districtCode: pick(DISTRICTS), sector: pick(SECTORS), grade: pick(['major', 'general']), channel: pick(HAZARD_CHANNELS), discoveredAt: at(found) } },
    ];
    const steps = Math.floor(rnd() * 7);
    for (let s = 0; s < steps; s++) {
      // Mostly after discovery, sometimes back-dated before an earlier fact (or even before discovery).
      const when = rnd() < 0.15 ? day('2023-03-01', 1300) : day(found, 500);
      const deadline = day(when, 120);
      switch (pick(['plan', 'extend', 'close', 'close', 'reopen', 'escalate', 'list', 'order'])) {
        case 'plan':
          events.push({ type: 'RectificationPlanned', data: { hazardId, plannedAt: at(when), deadline } });
          break;
        case 'extend':
          events.push({ type: 'DeadlineExtended', data: { hazardId, extendedAt: at(when), deadline } });
          break;
        case 'close':
          events.push({ type: 'HazardClosed', data: { hazardId, closedAt: at(when), deadlineInForce: pick([null, deadline, deadline, when]) } });
          break;
        case 'reopen':
          events.push({ type: 'HazardReopened', data: { hazardId, reopenedAt: at(when), deadline } });
          break;
        case 'escalate':
          events.push({ type: 'HazardEscalated', data: { hazardId, measure: pick(ESCALATION_MEASURES), decidedAt: at(when) } });
          break;
        case 'list':
          events.push({ type: 'HazardListed', data: { hazardId, list: pick(['city', 'district']), listedAt: at(when) } });
          break;
        default:
          events.push({ type: 'ListedSupervisionOrdered', data: { hazardId, orderedAt: at(when) } });
      }
    }
    streams.push(events);
  }
  const recorded: RecordedEvent[] = [];
  const next = streams.map(() => 0);
  for (let position = 1n; ; position++) {
    const open = streams.map((_, i) => i).filter((i) => next[i]! < streams[i]!.length);
    if (open.length === 0) break;
    const i = pick(open);
    const e = streams[i]![next[i]!]!;
    next[i]!++;
    recorded.push({
      position,
      revision: BigInt(next[i]!),
      streamId: `hazard-${String(e.data['hazardId'])}`,
      eventId: `10000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      type: e.type,
      schemaVersion: 1,
      data: e.data,
      metadata: {},
      recordedAt: new Date(0),
    } as unknown as RecordedEvent);
  }
  return recorded;
}

/** The figures as `queryHazardStatistics` computed them before the tallies: a GROUP BY over every hazard's facts. */
async function referenceFigures(ds: DataSource, q: HazardStatisticsQuery): Promise<HazardFiguresRow[]> {
  const start = `${q.year}-01-01`;
  const end = `${q.year}-12-31`;
  const cut = cutOf(q.year, q.today);
  const byDistrict = q.groupBy === 'district';
  const remap = byDistrict ? (q.remap ?? []) : [];
  const groupColumn = byDistrict ? 'district_code' : 'sector';
  const params: unknown[] = [start, end, cut, q.grade];
  const discoveryUnit = districtUnitSql('code', 'discovered_date', remap, params);
  const closureUnit = districtUnitSql('code', 'last_date', remap, params);
  const cutUnit = districtUnitSql('code', '$3::date', remap, params);
  const figures: Record<string, string | number | null>[] = await ds.query(
    `WITH h AS (
       SELECT f.${groupColumn} AS code, f.channel, f.discovered_date,
              cl.kind AS last_kind, cl.effective_date AS last_date, cl.deadline_in_force, dl.deadline AS deadline_at_cut
         FROM hazard_figure_hazards f
         LEFT JOIN LATERAL (
           SELECT c.kind, c.effective_date, c.deadline_in_force FROM hazard_figure_closures c
            WHERE c.hazard_id = f.hazard_id AND c.effective_date <= $3::date ORDER BY c.revision DESC LIMIT 1) cl ON true
         LEFT JOIN LATERAL (
           SELECT d.deadline FROM hazard_figure_deadlines d
            WHERE d.hazard_id = f.hazard_id AND d.effective_date <= $3::date ORDER BY d.revision DESC LIMIT 1) dl ON true
        WHERE ($4::text IS NULL OR f.grade = $4::text)
     ), c AS (
       SELECT *, (discovered_date <= $3::date AND last_kind IS DISTINCT FROM 'closed') AS is_open,
                 (last_kind = 'closed' AND last_date BETWEEN $1::date AND $2::date) AS is_closed_in_year,
                 ${discoveryUnit} AS unit_d, ${closureUnit} AS unit_c, ${cutUnit} AS unit_s
         FROM h
     )
     SELECT u.key,
            count(*) FILTER (WHERE u.role = 'd' AND discovered_date BETWEEN $1::date AND $2::date) AS reported,
            ${HAZARD_CHANNELS.map((ch, i) => `count(*) FILTER (WHERE u.role = 'd' AND discovered_date BETWEEN $1::date AND $2::date AND channel = '${ch}') AS ch${i}`).join(',\n            ')},
            count(*) FILTER (WHERE u.role = 's' AND is_open) AS open,
            count(*) FILTER (WHERE u.role = 's' AND is_open AND deadline_at_cut < $3::date) AS overdue,
            count(*) FILTER (WHERE u.role = 'c' AND is_closed_in_year) AS closed,
            count(*) FILTER (WHERE u.role = 'c' AND is_closed_in_year AND last_date <= deadline_in_force) AS closed_on_time,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY (last_date - discovered_date)) FILTER (WHERE u.role = 'c' AND is_closed_in_year) AS median_days,
            count(*) FILTER (WHERE u.role = 's' AND is_open AND discovered_date < DATE '2024-01-01') AS stock_open
       FROM c CROSS JOIN LATERAL (VALUES ('d', c.unit_d), ('c', c.unit_c), ('s', c.unit_s)) AS u(role, key)
      GROUP BY u.key`,
    params,
  );
  const measureParams: unknown[] = [start, end, q.grade];
  const measureColumn = byDistrict ? districtUnitSql('f.district_code', 'm.effective_date', remap, measureParams) : 'f.sector';
  const measures: { key: string; kind: string; value: string; n: string }[] = await ds.query(
    `SELECT ${measureColumn} AS key, m.kind, m.value, count(*) AS n
       FROM hazard_figure_measures m JOIN hazard_figure_hazards f ON f.hazard_id = m.hazard_id
      WHERE m.effective_date BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR f.grade = $3::text)
      GROUP BY ${measureColumn}, m.kind, m.value`,
    measureParams,
  );
  const byKey = new Map(figures.map((r) => [String(r['key']), r]));
  return q.groups.map(({ code, name }) => {
    const r = byKey.get(code);
    const n = (column: string) => (r ? Number(r[column] ?? 0) : 0);
    const escalationsByMeasure = Object.fromEntries(ESCALATION_MEASURES.map((m) => [m, 0]));
    let problemListEntries = 0;
    for (const m of measures) {
      if (m.key !== code) continue;
      if (m.kind === 'escalation') escalationsByMeasure[m.value] = (escalationsByMeasure[m.value] ?? 0) + Number(m.n);
      else problemListEntries += Number(m.n);
    }
    const median = r?.['median_days'];
    return {
      key: code,
      name,
      reported: n('reported'),
      reportedByChannel: Object.fromEntries(HAZARD_CHANNELS.map((ch, i) => [ch, n(`ch${i}`)])),
      open: n('open'),
      overdue: n('overdue'),
      closed: n('closed'),
      closedOnTime: n('closed_on_time'),
      closureRate: n('closed') + n('open') === 0 ? null : n('closed') / (n('closed') + n('open')),
      medianDaysToClose: median === null || median === undefined ? null : Number(median),
      stockOpen: n('stock_open'),
      increment: q.year >= 2024 ? n('reported') : 0,
      escalationsByMeasure,
      problemListEntries,
    };
  });
}

describe('medianOf (percentile_cont(0.5) over a distribution)', () => {
  it('is the middle value for an odd count and the mean of the two middle ones for an even count', () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([[5, 0]])).toBeNull();
    expect(medianOf([[7, 1]])).toBe(7);
    expect(medianOf([[3, 1], [10, 1]])).toBe(6.5);
    // 1 1 1 4 9 9 → (1 + 4) / 2
    expect(medianOf([[9, 2], [1, 3], [4, 1]])).toBe(2.5);
    // 2 2 2 8 → 2
    expect(medianOf([[8, 1], [2, 3]])).toBe(2);
  });
});

describe.each(testBackends())('hazard figure tallies against the GROUP BY over the facts ($name)', ({ open }) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives the same figures for every year, cut, grade, grouping and remap, and the migration counts the same tallies', async () => {
    const events = randomEvents(20261207, 120);
    const projection = new HazardFiguresProjection();
    const rnd = prng(7);
    for (let i = 0; i < events.length; ) {
      const size = 1 + Math.floor(rnd() * 40);
      // Sometimes a batch starts again a little before where the last one ended (a replay after a crash).
      const from = rnd() < 0.2 ? Math.max(0, i - Math.floor(rnd() * 10)) : i;
      await t.dataSource.transaction((em) => projection.apply(events.slice(from, i + size), em));
      i += size;
    }
    const kept: Record<string, unknown>[] = await t.dataSource.query('SELECT dim_kind, dim, grade, figure, detail, fact_date::text, days, at::text, n::int AS n FROM hazard_figure_tallies ORDER BY 1, 2, 3, 4, 5, 6, 7, 8');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((r) => r['n'] !== 0)).toBe(true);
    const counted = (await countTallies(t.dataSource, 17)).sort((a, b) => JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b))));
    const asRows = (rows: Record<string, unknown>[]) =>
      rows.map((r) => JSON.stringify([r['dim_kind'], r['dim'], r['grade'], r['figure'], r['detail'], r['fact_date'], Number(r['days']), r['at'], Number(r['n'])])).sort();
    expect(asRows(counted as unknown as Record<string, unknown>[])).toEqual(asRows(kept));

    let compared = 0;
    for (const year of [2023, 2024, 2025, 2026]) {
      for (const today of ['2024-02-29', '2025-06-05', '2025-11-06', '2026-12-07', gridDay(90), gridDay(130), gridDay(170)]) {
        for (const grade of [null, 'major'] as const) {
          for (const [groupBy, groups] of [['district', DISTRICTS], ['sector', SECTORS]] as const) {
            for (const remap of groupBy === 'district' ? REMAPS : [[]]) {
              const q: HazardStatisticsQuery = { groupBy, year, grade, today, groups: groups.map((code) => ({ code, name: code })), remap };
              const [mine, reference] = [await queryHazardStatistics(t.dataSource, q), await referenceFigures(t.dataSource, q)];
              expect({ q, rows: mine }).toEqual({ q, rows: reference });
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBe(4 * 7 * 2 * 4);
  }, 240_000);
});
