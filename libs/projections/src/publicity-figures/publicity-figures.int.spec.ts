/**
 * The publicity figures' projector (one test per event type, and a replay that changes nothing) and
 * query against figures computed by hand (plan 三(八)22), on PGlite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { handleCommand } from '#command-handling';
import { publicityDecider, publicityEventOccurredAt, publicityStreamId, type PublicityCommand } from '#domain';
import type { EventStore } from '#event-store';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { TEST_CITY_ADMIN } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';
import { PublicityFigureHall, PublicityFigureLecture, PublicityFigureSite } from './publicity-figures.entities.js';
import { PublicityFiguresProjection } from './publicity-figures.projection.js';
import { queryPublicityStatistics } from './publicity-statistics.query.js';

const D1 = '500101';
const D2 = '500102';
const D3 = '500103';
const DISTRICTS = [{ code: D1, name: '万州区' }, { code: D2, name: '涪陵区' }, { code: D3, name: '渝中区' }];
const SECTORS = [{ code: 'commerce_trade', name: '商贸' }, { code: 'hazardous_chemicals', name: '危险化学品' }];
const reference = { districtCodes: new Set([D1, D2, D3]), sectorCodes: new Set(SECTORS.map((s) => s.code)) };
const LATER = '2026-11-29';

async function record(store: EventStore, districtCode: string, at: string, make: (id: string) => PublicityCommand['data'], type: PublicityCommand['type']) {
  const id = randomUUID();
  return handleCommand(store, {
    streamId: publicityStreamId(districtCode, at),
    decider: publicityDecider,
    command: { type, data: make(id), reference, metadata: { actor: TEST_CITY_ADMIN, now: at, correlationId: randomUUID(), causationId: null } } as PublicityCommand,
    occurredAt: publicityEventOccurredAt,
  });
}
const lecture = (s: EventStore, districtCode: string, heldAt: string, audienceSize: number, sector: string | null = null) =>
  record(s, districtCode, heldAt, (lectureId) => ({ lectureId, districtCode, sector, topic: '安全讲座', audienceSize, heldAt }), 'RecordLecture');
const site = (s: EventStore, districtCode: string, builtAt: string, setting: string) =>
  record(s, districtCode, builtAt, (siteId) => ({ siteId, districtCode, setting, name: '示范点', builtAt }) as PublicityCommand['data'], 'RecordDemonstrationSite');
const hall = (s: EventStore, districtCode: string, establishedAt: string, level: string) =>
  record(s, districtCode, establishedAt, (hallId) => ({ hallId, districtCode, level, name: '体验馆', establishedAt }) as PublicityCommand['data'], 'RecordScienceHall');

describe('PublicityFiguresProjection (declaration)', () => {
  it('reads lectures, sites and halls', () => {
    expect([...new PublicityFiguresProjection().eventTypes].sort()).toEqual(['DemonstrationSiteBuilt', 'LectureHeld', 'ScienceHallEstablished']);
  });
});

// D1: lectures 2024-12-31T20:00Z (= 2025-01-01 CST, 100, commerce_trade), 2025-05-01 (50, no sector),
//     2024-12-31T15:00Z (= 2024-12-31 23:00 CST, 30: 2024); sites in 2025: exactly 5
//     (enterprise, village, community, school, school); hall district-level 2024-06-01, township 2025-12-31T15:59:59Z (= 12-31 CST)
// D2: lecture 2025-07-01 (20, hazardous_chemicals); sites in 2025: 4 (family ×4); one 2024-12-31T15:00Z (2024)
// D3: nothing
describe.each(testBackends())('publicity figures ($name)', ({ open }) => {
  let t: TestStore;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    t = await open();
    runner = new ProjectionRunner(t.store, t.dataSource, [new PublicityFiguresProjection()], new RecordingLogger());
    const s = t.store;
    await lecture(s, D1, '2024-12-31T20:00:00Z', 100, 'commerce_trade');
    await lecture(s, D1, '2025-05-01T09:00:00+08:00', 50);
    await lecture(s, D1, '2024-12-31T15:00:00Z', 30);
    for (const [i, setting] of ['enterprise', 'village', 'community', 'school', 'school'].entries()) await site(s, D1, `2025-0${i + 1}-10T09:00:00+08:00`, setting);
    await hall(s, D1, '2024-06-01T09:00:00+08:00', 'district');
    await hall(s, D1, '2025-12-31T15:59:59Z', 'township');
    await lecture(s, D2, '2025-07-01T09:00:00+08:00', 20, 'hazardous_chemicals');
    for (let i = 1; i <= 4; i++) await site(s, D2, `2025-0${i}-15T09:00:00+08:00`, 'family');
    await site(s, D2, '2024-12-31T15:00:00Z', 'family');
    await runner.catchUp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('LectureHeld records district, sector, audience and the CST date', async () => {
    const rows = await t.dataSource.getRepository(PublicityFigureLecture).find({ where: { districtCode: D1 }, order: { heldDate: 'ASC' } });
    expect(rows.map((r) => [r.heldDate, r.sector, r.audienceSize])).toEqual([
      ['2024-12-31', null, 30],
      ['2025-01-01', 'commerce_trade', 100],
      ['2025-05-01', null, 50],
    ]);
    expect(rows[1]!.streamId).toBe(`publicity-${D1}-2025`);
  });

  it('DemonstrationSiteBuilt records district, setting and the CST date', async () => {
    const rows = await t.dataSource.getRepository(PublicityFigureSite).find({ where: { districtCode: D2 }, order: { builtDate: 'ASC' } });
    expect(rows.map((r) => [r.builtDate, r.setting])).toEqual([['2024-12-31', 'family'], ['2025-01-15', 'family'], ['2025-02-15', 'family'], ['2025-03-15', 'family'], ['2025-04-15', 'family']]);
  });

  it('ScienceHallEstablished records district, level and the CST date', async () => {
    const rows = await t.dataSource.getRepository(PublicityFigureHall).find({ order: { establishedDate: 'ASC' } });
    expect(rows.map((r) => [r.districtCode, r.establishedDate, r.level])).toEqual([[D1, '2024-06-01', 'district'], [D1, '2025-12-31', 'township']]);
  });

  it('a replay of every event changes nothing', async () => {
    const snapshot = () => Promise.all([PublicityFigureLecture, PublicityFigureSite, PublicityFigureHall].map((e) => t.dataSource.getRepository(e).find({ order: { streamId: 'ASC', revision: 'ASC' } })));
    const before = await snapshot();
    const all = await t.store.readAll({ after: 0n, limit: 10_000 });
    const mine = all.filter((e) => new PublicityFiguresProjection().eventTypes.has(e.type));
    await t.dataSource.transaction((em) => new PublicityFiguresProjection().apply(mine, em));
    expect(await snapshot()).toEqual(before);
  });

  it('2025 by district: exactly 5 sites meets, 4 does not, nothing is zeros and not met', async () => {
    const { rows, cityTotals } = await queryPublicityStatistics(t.dataSource, { groupBy: 'district', year: 2025, today: LATER, groups: DISTRICTS });
    expect(rows).toEqual([
      // lectures 2024-12-31T20:00Z (2025-01-01 CST) and 05-01: 2, 100 + 50; sites 5; halls by 2025-12-31: district 1, township 1
      { key: D1, name: '万州区', lectures: 2, lectureAudience: 150, demonstrationSitesNew: 5,
        demonstrationSitesBySetting: { enterprise: 1, village: 1, community: 1, school: 2, family: 0 },
        demonstrationSitesTarget: 5, demonstrationSitesMet: true, scienceHallsByLevel: { city: 0, district: 1, township: 1, village: 0 } },
      // 4 sites in 2025 (the one at 2024-12-31 23:00 CST is 2024)
      { key: D2, name: '涪陵区', lectures: 1, lectureAudience: 20, demonstrationSitesNew: 4,
        demonstrationSitesBySetting: { enterprise: 0, village: 0, community: 0, school: 0, family: 4 },
        demonstrationSitesTarget: 5, demonstrationSitesMet: false, scienceHallsByLevel: { city: 0, district: 0, township: 0, village: 0 } },
      { key: D3, name: '渝中区', lectures: 0, lectureAudience: 0, demonstrationSitesNew: 0,
        demonstrationSitesBySetting: { enterprise: 0, village: 0, community: 0, school: 0, family: 0 },
        demonstrationSitesTarget: 5, demonstrationSitesMet: false, scienceHallsByLevel: { city: 0, district: 0, township: 0, village: 0 } },
    ]);
    // 2 + 1 lectures city-wide in 2025
    expect(cityTotals).toEqual({ lectures: 3, lectureTarget: 10000 });
  });

  it('2024 by district: the lecture at 2024-12-31T15:00Z counts; only the district hall; no target for 2024 lectures', async () => {
    const { rows, cityTotals } = await queryPublicityStatistics(t.dataSource, { groupBy: 'district', year: 2024, today: LATER, groups: DISTRICTS });
    expect(rows[0]).toMatchObject({ lectures: 1, lectureAudience: 30, demonstrationSitesNew: 0, demonstrationSitesMet: false, scienceHallsByLevel: { city: 0, district: 1, township: 0, village: 0 } });
    expect(rows[1]).toMatchObject({ demonstrationSitesNew: 1, demonstrationSitesMet: false });
    expect(cityTotals).toEqual({ lectures: 1, lectureTarget: null });
  });

  it('2025 by sector: only lectures with a sector; sites and halls zeros, target and met null', async () => {
    const { rows } = await queryPublicityStatistics(t.dataSource, { groupBy: 'sector', year: 2025, today: LATER, groups: SECTORS });
    const none = { demonstrationSitesNew: 0, demonstrationSitesBySetting: { enterprise: 0, village: 0, community: 0, school: 0, family: 0 },
      demonstrationSitesTarget: null, demonstrationSitesMet: null, scienceHallsByLevel: { city: 0, district: 0, township: 0, village: 0 } };
    expect(rows).toEqual([
      { key: 'commerce_trade', name: '商贸', lectures: 1, lectureAudience: 100, ...none },
      { key: 'hazardous_chemicals', name: '危险化学品', lectures: 1, lectureAudience: 20, ...none },
    ]);
  });

  it('the current year is cut at today', async () => {
    // today 2025-04-30: D1 lecture 05-01 not yet; sites Jan–Apr = 4; township hall (12-31) not yet
    const { rows, cityTotals } = await queryPublicityStatistics(t.dataSource, { groupBy: 'district', year: 2025, today: '2025-04-30', groups: DISTRICTS });
    expect(rows[0]).toMatchObject({ lectures: 1, demonstrationSitesNew: 4, demonstrationSitesMet: false, scienceHallsByLevel: { district: 1, township: 0 } });
    expect(cityTotals.lectures).toBe(1);
  });
});
