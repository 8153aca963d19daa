import type { Actor, CommandMetadata } from '../core/actor.js';
import { spec } from '../core/decider-spec.js';
import type { RecordElevatorSpotCheck, RecordEngineeringProgress } from './engineering.commands.js';
import { engineeringDecider } from './engineering.decider.js';
import { engineeringStreamId, type ElevatorSpotChecked, type EngineeringProgressRecorded } from './engineering.events.js';
import { engineeringEventOccurredAt } from './engineering.occurred-at.js';

// ─── fixtures ────────────────────────────────────────────────────────────────────────────────────
//
// 沙坪坝区 (500106) spot-checks 40 elevators on 2025-03-01 09:00 CST and completes 1,200 m of
// life-protection road on 2025-03-02. Commands are issued at NOW, 2025-04-15 12:00 CST.

const DISTRICT = '500106';
const OTHER_DISTRICT = '500111';
const CHECK_ID = '0195a0c0-0000-7000-8000-0000000000e1';
const OTHER_CHECK_ID = '0195a0c0-0000-7000-8000-0000000000e2';
const PROGRESS_ID = '0195a0c0-0000-7000-8000-0000000000f1';
const NOW = '2025-04-15T12:00:00+08:00';
const reference = { districtCodes: new Set([DISTRICT, OTHER_DISTRICT]) };

const actor = (role: Actor['role'], districtCode: string | null = null): Actor => ({
  subject: `user-${role}`,
  role,
  districtCode,
  enterpriseUscc: null,
  organisation: 'test',
});
const cityAdmin = actor('city_admin');
const supervisor = actor('district_supervisor', DISTRICT);
const meta = (by: Actor, now = NOW): CommandMetadata => ({ actor: by, now, correlationId: 'corr-1', causationId: null });

const check = (data: Partial<RecordElevatorSpotCheck['data']> = {}, by: Actor = supervisor, now = NOW): RecordElevatorSpotCheck => ({
  type: 'RecordElevatorSpotCheck',
  data: {
    checkId: CHECK_ID,
    districtCode: DISTRICT,
    elevators: 40,
    items: ['door_lock', 'emergency_alarm', 'intercom'],
    defectsFound: 3,
    checkedAt: '2025-03-01T09:00:00+08:00',
    ...data,
  },
  reference,
  metadata: meta(by, now),
});
const progress = (data: Partial<RecordEngineeringProgress['data']> = {}, by: Actor = supervisor): RecordEngineeringProgress => ({
  type: 'RecordEngineeringProgress',
  data: {
    progressId: PROGRESS_ID,
    districtCode: DISTRICT,
    project: 'life_protection_road',
    quantity: 1200,
    areaSquareMetres: null,
    completedAt: '2025-03-02T09:00:00+08:00',
    ...data,
  },
  reference,
  metadata: meta(by),
});

const checked: ElevatorSpotChecked = { type: 'ElevatorSpotChecked', data: { ...check().data } };
const checkedWith = (data: Partial<ElevatorSpotChecked['data']>): ElevatorSpotChecked => ({ ...checked, data: { ...checked.data, ...data } });
const recorded: EngineeringProgressRecorded = { type: 'EngineeringProgressRecorded', data: { ...progress().data } };
const recordedWith = (data: Partial<EngineeringProgressRecorded['data']>): EngineeringProgressRecorded => ({
  ...recorded,
  data: { ...recorded.data, ...data },
});

const engineering = spec(engineeringDecider);

// ─── who may ─────────────────────────────────────────────────────────────────────────────────────

describe('who may record engineering facts', () => {
  it.each([
    ['a district supervisor of the district', supervisor],
    ['city_admin', cityAdmin],
  ])('%s may', (_who, by) => {
    engineering.given([]).when(check({}, by)).then([checked]);
    engineering.given([]).when(progress({}, by)).then([recorded]);
  });

  it.each([
    ['a supervisor of another district', actor('district_supervisor', OTHER_DISTRICT)],
    ['an inspector of the district', actor('inspector', DISTRICT)],
    ['an enterprise', { ...actor('enterprise'), enterpriseUscc: '91500106MA6000001C' }],
    ['an auditor', actor('auditor')],
    ['an analyst', actor('analyst')],
    ['the system', actor('system')],
  ])('%s may not', (_who, by) => {
    engineering.given([]).when(check({}, by)).thenRefused('forbidden', 'RecordElevatorSpotCheck');
    engineering.given([]).when(progress({}, by)).thenRefused('forbidden', 'RecordEngineeringProgress');
  });
});

// ─── RecordElevatorSpotCheck ─────────────────────────────────────────────────────────────────────

describe('RecordElevatorSpotCheck', () => {
  it('records a check', () => {
    engineering.given([]).when(check()).then([checked]);
  });

  it('records the items in canonical order', () => {
    engineering.given([]).when(check({ items: ['intercom', 'door_lock'] })).then([checkedWith({ items: ['door_lock', 'intercom'] })]);
  });

  it('accepts defects equal to elevators and zero defects', () => {
    engineering.given([]).when(check({ elevators: 5, defectsFound: 5 })).then([checkedWith({ elevators: 5, defectsFound: 5 })]);
    engineering.given([]).when(check({ defectsFound: 0 })).then([checkedWith({ defectsFound: 0 })]);
  });

  it('refuses more defects than elevators', () => {
    engineering.given([]).when(check({ elevators: 5, defectsFound: 6 })).thenRefused('defects_exceed_elevators', '6');
  });

  it('refuses an unknown district', () => {
    engineering.given([]).when(check({ districtCode: '999999' }, cityAdmin)).thenRefused('unknown_district', '999999');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %p elevators', (elevators) => {
    engineering.given([]).when(check({ elevators, defectsFound: 0 })).thenRefused('invalid_elevators');
  });

  it.each([-1, 0.5])('refuses %p defects', (defectsFound) => {
    engineering.given([]).when(check({ defectsFound })).thenRefused('invalid_defects');
  });

  it.each([
    ['an empty list', []],
    ['an unknown item', ['brakes']],
    ['a repeated item', ['door_lock', 'door_lock']],
    ['no list', 'door_lock'],
  ])('refuses items as %s', (_what, items) => {
    engineering.given([]).when(check({ items: items as RecordElevatorSpotCheck['data']['items'] })).thenRefused('invalid_check_items');
  });

  it('refuses a time without offset, before 1950, a malformed now, and the future', () => {
    engineering.given([]).when(check({ checkedAt: '2025-03-01 09:00' })).thenRefused('invalid_time', 'checkedAt');
    engineering.given([]).when(check({ checkedAt: '1950-01-01T01:00:00+14:00' })).thenRefused('invalid_time', 'before 1950');
    engineering.given([]).when(check({}, supervisor, 'yesterday')).thenRefused('invalid_time', 'metadata.now');
    // now 12:00 CST; 04:05:01Z is 12:05:01 CST
    engineering.given([]).when(check({ checkedAt: '2025-04-15T04:05:01Z' })).thenRefused('occurred_in_future');
  });

  it('refuses the same check id twice', () => {
    engineering.given([checked]).when(check()).thenRefused('check_exists', CHECK_ID);
  });

  it('refuses a check of another CST year or district on this stream', () => {
    // 2024-12-31T15:00Z is 23:00 CST on 31 December 2024: not the 2025 stream.
    engineering.given([checked]).when(check({ checkId: OTHER_CHECK_ID, checkedAt: '2024-12-31T15:00:00Z' })).thenRefused('wrong_engineering_stream', '2024');
    engineering.given([checked]).when(check({ checkId: OTHER_CHECK_ID, districtCode: OTHER_DISTRICT }, cityAdmin)).thenRefused('wrong_engineering_stream');
  });
});

// ─── RecordEngineeringProgress ───────────────────────────────────────────────────────────────────

describe('RecordEngineeringProgress', () => {
  it('records progress in metres of life-protection road', () => {
    engineering.given([]).when(progress()).then([recorded]);
  });

  it('records an old-community renovation with its area', () => {
    engineering
      .given([checked])
      .when(progress({ project: 'old_community_renovation', quantity: 3, areaSquareMetres: 45_000 }))
      .then([recordedWith({ project: 'old_community_renovation', quantity: 3, areaSquareMetres: 45_000 })]);
  });

  it('refuses an old-community renovation without its area, or with a bad one', () => {
    engineering.given([]).when(progress({ project: 'old_community_renovation', quantity: 3 })).thenRefused('area_required');
    engineering.given([]).when(progress({ project: 'old_community_renovation', quantity: 3, areaSquareMetres: 0 })).thenRefused('invalid_area');
  });

  it('refuses an area for another project', () => {
    engineering.given([]).when(progress({ project: 'hydrant', quantity: 3, areaSquareMetres: 100 })).thenRefused('area_not_applicable', 'hydrant');
  });

  it.each([0, -2, 2.5])('refuses a quantity of %p', (quantity) => {
    engineering.given([]).when(progress({ quantity })).thenRefused('invalid_quantity');
  });

  it('refuses an unknown project and an unknown district', () => {
    engineering.given([]).when(progress({ project: 'tunnel' as 'hydrant' })).thenRefused('unknown_project', 'tunnel');
    engineering.given([]).when(progress({ districtCode: '999999' }, cityAdmin)).thenRefused('unknown_district');
  });

  it('refuses the same progress id twice, and a fact of another year on this stream', () => {
    engineering.given([recorded]).when(progress()).thenRefused('progress_exists', PROGRESS_ID);
    engineering.given([recorded]).when(progress({ progressId: CHECK_ID, completedAt: '2024-06-01T09:00:00+08:00' })).thenRefused('wrong_engineering_stream');
  });

  it('refuses a completion in the future', () => {
    engineering.given([]).when(progress({ completedAt: '2026-01-01T00:00:00+08:00' })).thenRefused('occurred_in_future');
  });
});

// ─── evolve, stream, occurredAt ──────────────────────────────────────────────────────────────────

describe('evolve', () => {
  it('names the district and CST year from the first fact and collects ids once', () => {
    // 2024-12-31T20:00Z is 2025-01-01 04:00 CST: year 2025.
    const first = checkedWith({ checkedAt: '2024-12-31T20:00:00Z' });
    expect(engineering.given([first, first, recorded]).state()).toEqual({
      status: 'recording', districtCode: DISTRICT, year: 2025, checkIds: [CHECK_ID], progressIds: [PROGRESS_ID],
    });
  });

  it('after progress the state holds it', () => {
    engineering.given([]).when(progress()).thenState({ status: 'recording', districtCode: DISTRICT, year: 2025, checkIds: [], progressIds: [PROGRESS_ID] });
  });
});

describe('engineeringStreamId and engineeringEventOccurredAt', () => {
  it('names the stream by the CST year', () => {
    expect(engineeringStreamId(DISTRICT, '2024-12-31T20:00:00Z')).toBe(`engineering-${DISTRICT}-2025`);
    expect(engineeringStreamId(DISTRICT, '2024-12-31T15:59:59Z')).toBe(`engineering-${DISTRICT}-2024`);
  });

  it('is checkedAt or completedAt', () => {
    expect(engineeringEventOccurredAt(checked)).toBe('2025-03-01T09:00:00+08:00');
    expect(engineeringEventOccurredAt(recorded)).toBe('2025-03-02T09:00:00+08:00');
  });
});
