import type { Actor, CommandMetadata } from '../core/actor.js';
import { spec } from '../core/decider-spec.js';
import type { PublicityCommand, RecordDemonstrationSite, RecordLecture, RecordScienceHall } from './publicity.commands.js';
import { publicityDecider } from './publicity.decider.js';
import { publicityStreamId, type DemonstrationSiteBuilt, type LectureHeld, type ScienceHallEstablished } from './publicity.events.js';
import { publicityEventOccurredAt } from './publicity.occurred-at.js';

// 沙坪坝区 (500106) records a lecture on 2025-03-01 09:00 CST (200 people, 危险化学品), a school site and a
// district-level hall. Commands are issued at NOW, 2025-04-15 12:00 CST.
const DISTRICT = '500106';
const OTHER_DISTRICT = '500111';
const NOW = '2025-04-15T12:00:00+08:00';
const LECTURE_ID = '0195a0c0-0000-7000-8000-0000000000e1';
const SITE_ID = '0195a0c0-0000-7000-8000-0000000000e2';
const HALL_ID = '0195a0c0-0000-7000-8000-0000000000e3';
const reference = { districtCodes: new Set([DISTRICT, OTHER_DISTRICT]), sectorCodes: new Set(['hazardous_chemicals']) };

const actor = (role: Actor['role'], scope: { districtCode?: string; enterpriseUscc?: string } = {}): Actor => ({
  subject: `user-${role}`,
  role,
  districtCode: scope.districtCode ?? null,
  enterpriseUscc: scope.enterpriseUscc ?? null,
  organisation: 'test',
});
const cityAdmin = actor('city_admin');
const supervisor = actor('district_supervisor', { districtCode: DISTRICT });
const inspector = actor('inspector', { districtCode: DISTRICT });
const meta = (by: Actor, now = NOW): CommandMetadata => ({ actor: by, now, correlationId: 'corr-1', causationId: null });

const lecture = (data: Partial<RecordLecture['data']> = {}, by: Actor = cityAdmin, now = NOW): RecordLecture => ({
  type: 'RecordLecture',
  data: { lectureId: LECTURE_ID, districtCode: DISTRICT, sector: 'hazardous_chemicals', topic: '危化品安全', audienceSize: 200, heldAt: '2025-03-01T09:00:00+08:00', ...data },
  reference,
  metadata: meta(by, now),
});
const site = (data: Partial<RecordDemonstrationSite['data']> = {}, by: Actor = cityAdmin): RecordDemonstrationSite => ({
  type: 'RecordDemonstrationSite',
  data: { siteId: SITE_ID, districtCode: DISTRICT, setting: 'school', name: '某小学安全宣传示范点', builtAt: '2025-03-02T09:00:00+08:00', ...data },
  reference,
  metadata: meta(by),
});
const hall = (data: Partial<RecordScienceHall['data']> = {}, by: Actor = cityAdmin): RecordScienceHall => ({
  type: 'RecordScienceHall',
  data: { hallId: HALL_ID, districtCode: DISTRICT, level: 'district', name: '沙坪坝区应急科普体验馆', establishedAt: '2025-03-03T09:00:00+08:00', ...data },
  reference,
  metadata: meta(by),
});

const held: LectureHeld = { type: 'LectureHeld', data: { ...lecture().data } };
const built: DemonstrationSiteBuilt = { type: 'DemonstrationSiteBuilt', data: { ...site().data } };
const established: ScienceHallEstablished = { type: 'ScienceHallEstablished', data: { ...hall().data } };

const p = spec(publicityDecider);

describe('RecordLecture', () => {
  it('records a lecture', () => {
    p.given([]).when(lecture()).then([held]);
  });

  it('records a lecture without a sector', () => {
    p.given([]).when(lecture({ sector: null })).then([{ type: 'LectureHeld', data: { ...held.data, sector: null } }]);
  });

  it('refuses an unknown sector', () => {
    p.given([]).when(lecture({ sector: 'mining' })).thenRefused('unknown_sector', 'mining');
  });

  it('refuses an empty topic', () => {
    p.given([]).when(lecture({ topic: '  ' })).thenRefused('topic_required');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses an audience of %p', (audienceSize) => {
    p.given([]).when(lecture({ audienceSize })).thenRefused('invalid_audience_size');
  });

  it('refuses the same lecture id twice', () => {
    p.given([held]).when(lecture()).thenRefused('lecture_exists', LECTURE_ID);
  });
});

describe('RecordDemonstrationSite', () => {
  it('records a site', () => {
    p.given([held]).when(site()).then([built]);
  });

  it('refuses an empty name', () => {
    p.given([]).when(site({ name: '' })).thenRefused('name_required');
  });

  it('refuses a setting outside the five (commands arrive from JSON)', () => {
    p.given([]).when(site({ setting: 'office' as 'school' })).thenRefused('invalid_setting', 'office');
  });

  it('refuses the same site id twice', () => {
    p.given([built]).when(site()).thenRefused('site_exists', SITE_ID);
  });
});

describe('RecordScienceHall', () => {
  it('records a hall', () => {
    p.given([]).when(hall()).then([established]);
  });

  it('refuses an empty name', () => {
    p.given([]).when(hall({ name: ' ' })).thenRefused('name_required');
  });

  it('refuses an unknown level', () => {
    p.given([]).when(hall({ level: 'province' as 'city' })).thenRefused('invalid_level', 'province');
  });

  it('refuses the same hall id twice', () => {
    p.given([established]).when(hall()).thenRefused('hall_exists', HALL_ID);
  });
});

describe('every publicity command', () => {
  const all: [string, (by: Actor) => PublicityCommand][] = [
    ['RecordLecture', (by) => lecture({}, by)],
    ['RecordDemonstrationSite', (by) => site({}, by)],
    ['RecordScienceHall', (by) => hall({}, by)],
  ];

  it.each(all)('%s may be done by city_admin, an inspector or supervisor of the district', (_type, make) => {
    for (const by of [cityAdmin, inspector, supervisor]) expect(publicityDecider.decide(make(by), publicityDecider.initialState)).toHaveLength(1);
  });

  it.each(all)('%s is forbidden to others', (type, make) => {
    for (const by of [
      actor('inspector', { districtCode: OTHER_DISTRICT }),
      actor('district_supervisor', { districtCode: OTHER_DISTRICT }),
      actor('enterprise', { enterpriseUscc: '91500106MA6000001C' }),
      actor('auditor'),
      actor('analyst'),
      actor('system'),
    ]) {
      p.given([]).when(make(by)).thenRefused('forbidden', type);
    }
  });

  it('refuses an unknown district', () => {
    p.given([]).when(lecture({ districtCode: '999999' })).thenRefused('unknown_district', '999999');
    p.given([]).when(site({ districtCode: '999999' })).thenRefused('unknown_district');
    p.given([]).when(hall({ districtCode: '999999' })).thenRefused('unknown_district');
  });

  it('refuses a time without offset, before 1950, or in the future; accepts within five minutes', () => {
    p.given([]).when(lecture({ heldAt: '2025-03-01 09:00' })).thenRefused('invalid_time', 'heldAt');
    p.given([]).when(site({ builtAt: '1949-12-31T10:00:00Z' })).thenRefused('invalid_time', 'builtAt');
    p.given([]).when(hall({ establishedAt: '2025-04-15T04:05:01Z' })).thenRefused('occurred_in_future');
    p.given([]).when(lecture({ heldAt: '2025-04-15T12:05:00+08:00' })).then([{ type: 'LectureHeld', data: { ...held.data, heldAt: '2025-04-15T12:05:00+08:00' } }]);
  });

  it('refuses a malformed metadata.now', () => {
    p.given([]).when(lecture({}, cityAdmin, 'yesterday')).thenRefused('invalid_time', 'metadata.now');
  });

  it('refuses a fact of another CST year or district on this stream', () => {
    // 2024-12-31T15:00Z is 23:00 CST on 31 December 2024: not the 2025 stream.
    p.given([held]).when(lecture({ lectureId: 'x', heldAt: '2024-12-31T15:00:00Z' })).thenRefused('wrong_publicity_stream', '2024');
    p.given([held]).when(site({ districtCode: OTHER_DISTRICT })).thenRefused('wrong_publicity_stream', OTHER_DISTRICT);
  });
});

describe('evolve, stream id and occurredAt', () => {
  it('names the district and CST year from the first fact and collects ids', () => {
    // 2024-12-31T20:00Z is 2025-01-01 04:00 CST.
    const first: LectureHeld = { type: 'LectureHeld', data: { ...held.data, heldAt: '2024-12-31T20:00:00Z' } };
    expect(p.given([first, built, established, built]).state()).toEqual({
      status: 'recording', districtCode: DISTRICT, year: 2025, lectureIds: [LECTURE_ID], siteIds: [SITE_ID], hallIds: [HALL_ID],
    });
  });

  it('names the stream by the CST year', () => {
    expect(publicityStreamId(DISTRICT, '2024-12-31T20:00:00Z')).toBe(`publicity-${DISTRICT}-2025`);
    expect(publicityStreamId(DISTRICT, '2024-12-31T15:59:59Z')).toBe(`publicity-${DISTRICT}-2024`);
  });

  it('is the fact’s time', () => {
    expect([held, built, established].map(publicityEventOccurredAt)).toEqual(['2025-03-01T09:00:00+08:00', '2025-03-02T09:00:00+08:00', '2025-03-03T09:00:00+08:00']);
  });
});
