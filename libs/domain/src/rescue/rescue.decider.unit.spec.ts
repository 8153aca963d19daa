import type { Actor, CommandMetadata } from '../core/actor.js';
import { spec } from '../core/decider-spec.js';
import type { DistributeEquipment, EstablishRescueTeam, RescueReference } from './rescue.commands.js';
import { rescueDecider } from './rescue.decider.js';
import { rescueStreamId, type EquipmentDistributed, type RescueTeamEstablished } from './rescue.events.js';
import { rescueEventOccurredAt } from './rescue.occurred-at.js';

// A township team for 土主镇 in 沙坪坝区 (500106), established 2025-03-01 09:00 CST with 30 members;
// 200 equipment sets to villages on 2025-03-02. Commands are issued at NOW, 2025-04-15 12:00 CST.
const DISTRICT = '500106';
const OTHER_DISTRICT = '500111';
const TEAM_ID = '0195a0c0-0000-7000-8000-0000000000e1';
const OTHER_TEAM_ID = '0195a0c0-0000-7000-8000-0000000000e2';
const DIST_ID = '0195a0c0-0000-7000-8000-0000000000f1';
const NOW = '2025-04-15T12:00:00+08:00';
const reference: RescueReference = {
  districtCodes: new Set([DISTRICT, OTHER_DISTRICT]),
  sectorCodes: new Set(['hazardous_chemicals', 'coal_mine']),
};

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

const establish = (by: Actor = cityAdmin, data: Partial<EstablishRescueTeam['data']> = {}, now = NOW): EstablishRescueTeam => ({
  type: 'EstablishRescueTeam',
  data: {
    teamId: TEAM_ID, districtCode: DISTRICT, level: 'township', sector: null, unitRef: '土主镇', members: 30,
    establishedAt: '2025-03-01T09:00:00+08:00', ...data,
  },
  reference,
  metadata: meta(by, now),
});
const distribute = (by: Actor = cityAdmin, data: Partial<DistributeEquipment['data']> = {}): DistributeEquipment => ({
  type: 'DistributeEquipment',
  data: { distributionId: DIST_ID, districtCode: DISTRICT, sets: 200, recipientLevel: 'village', distributedAt: '2025-03-02T09:00:00+08:00', ...data },
  reference,
  metadata: meta(by),
});

const established: RescueTeamEstablished = {
  type: 'RescueTeamEstablished',
  data: { teamId: TEAM_ID, districtCode: DISTRICT, level: 'township', sector: null, unitRef: '土主镇', members: 30, establishedAt: '2025-03-01T09:00:00+08:00' },
};
const teamAgain = (data: Partial<RescueTeamEstablished['data']>): RescueTeamEstablished => ({ ...established, data: { ...established.data, ...data } });
const distributed: EquipmentDistributed = {
  type: 'EquipmentDistributed',
  data: { distributionId: DIST_ID, districtCode: DISTRICT, sets: 200, recipientLevel: 'village', distributedAt: '2025-03-02T09:00:00+08:00' },
};

const rescue = spec(rescueDecider);

describe('EstablishRescueTeam', () => {
  it('establishes a township team (unitRef trimmed)', () => {
    rescue.given([]).when(establish(cityAdmin, { unitRef: ' 土主镇 ' })).then([established]);
  });

  it.each([
    ['city', null, null],
    ['district', null, null],
    ['village_station', null, '土主镇白鹤村'],
    ['sector_professional', 'hazardous_chemicals', null],
  ] as const)('establishes a %s team', (level, sector, unitRef) => {
    rescue.given([]).when(establish(cityAdmin, { level, sector, unitRef })).then([teamAgain({ level, sector, unitRef })]);
  });

  it('establishes a second team of another unit, and a professional team of another sector', () => {
    rescue.given([established]).when(establish(cityAdmin, { teamId: OTHER_TEAM_ID, unitRef: '西永街道' })).then([teamAgain({ teamId: OTHER_TEAM_ID, unitRef: '西永街道' })]);
    const chem = teamAgain({ level: 'sector_professional', sector: 'hazardous_chemicals', unitRef: null });
    rescue
      .given([chem])
      .when(establish(cityAdmin, { teamId: OTHER_TEAM_ID, level: 'sector_professional', sector: 'coal_mine', unitRef: null }))
      .then([teamAgain({ teamId: OTHER_TEAM_ID, level: 'sector_professional', sector: 'coal_mine', unitRef: null })]);
  });

  it('may be done by a district supervisor of the district', () => {
    rescue.given([]).when(establish(supervisor)).then([established]);
  });

  it.each([
    ['a supervisor of another district', actor('district_supervisor', OTHER_DISTRICT)],
    ['an inspector of the district', actor('inspector', DISTRICT)],
    ['an enterprise', actor('enterprise')],
    ['an auditor', actor('auditor')],
    ['an analyst', actor('analyst')],
    ['the system', actor('system')],
  ])('is forbidden to %s', (_who, by) => {
    rescue.given([]).when(establish(by)).thenRefused('forbidden', 'EstablishRescueTeam');
  });

  it('refuses an unknown district', () => {
    rescue.given([]).when(establish(cityAdmin, { districtCode: '110101' })).thenRefused('unknown_district', '110101');
  });

  it('refuses a team of another district on this stream', () => {
    rescue.given([established]).when(establish(cityAdmin, { districtCode: OTHER_DISTRICT, teamId: OTHER_TEAM_ID })).thenRefused('wrong_rescue_stream');
  });

  it('refuses an unknown level', () => {
    rescue.given([]).when(establish(cityAdmin, { level: 'provincial' as 'city' })).thenRefused('invalid_team_level', 'provincial');
  });

  it('refuses a professional team without a sector or with an unknown one, and a sector on another level', () => {
    rescue.given([]).when(establish(cityAdmin, { level: 'sector_professional', sector: null, unitRef: null })).thenRefused('sector_required');
    rescue.given([]).when(establish(cityAdmin, { level: 'sector_professional', sector: 'mars', unitRef: null })).thenRefused('unknown_sector', 'mars');
    rescue.given([]).when(establish(cityAdmin, { sector: 'coal_mine' })).thenRefused('sector_not_allowed', 'coal_mine');
  });

  it('refuses a township or village station without unitRef, and a unitRef on another level', () => {
    rescue.given([]).when(establish(cityAdmin, { unitRef: null })).thenRefused('unit_required');
    rescue.given([]).when(establish(cityAdmin, { level: 'village_station', unitRef: '  ' })).thenRefused('unit_required');
    rescue.given([]).when(establish(cityAdmin, { level: 'district', unitRef: '土主镇' })).thenRefused('unit_not_allowed');
  });

  it.each([0, -1, 2.5, Number.NaN])('refuses %p members', (members) => {
    rescue.given([]).when(establish(cityAdmin, { members })).thenRefused('invalid_members');
  });

  it('refuses a second team for the same level and unit, or the same sector, or the same id', () => {
    rescue.given([established]).when(establish(cityAdmin, { teamId: OTHER_TEAM_ID })).thenRefused('team_exists', '土主镇');
    const chem = teamAgain({ level: 'sector_professional', sector: 'hazardous_chemicals', unitRef: null });
    rescue
      .given([chem])
      .when(establish(cityAdmin, { teamId: OTHER_TEAM_ID, level: 'sector_professional', sector: 'hazardous_chemicals', unitRef: null }))
      .thenRefused('team_exists', 'hazardous_chemicals');
    const districtTeam = teamAgain({ level: 'district', unitRef: null });
    rescue.given([districtTeam]).when(establish(cityAdmin, { teamId: OTHER_TEAM_ID, level: 'district', unitRef: null })).thenRefused('team_exists');
    rescue.given([established]).when(establish(cityAdmin, { unitRef: '西永街道' })).thenRefused('team_exists', TEAM_ID);
  });

  it('refuses a time without offset, before 1950, or in the future; and a malformed now', () => {
    rescue.given([]).when(establish(cityAdmin, { establishedAt: '2025-03-01 09:00' })).thenRefused('invalid_time', 'establishedAt');
    rescue.given([]).when(establish(cityAdmin, { establishedAt: '1950-01-01T01:00:00+14:00' })).thenRefused('invalid_time', 'before 1950');
    rescue.given([]).when(establish(cityAdmin, { establishedAt: '2025-04-15T04:05:01Z' })).thenRefused('occurred_in_future');
    rescue.given([]).when(establish(cityAdmin, {}, 'yesterday')).thenRefused('invalid_time', 'metadata.now');
  });
});

describe('DistributeEquipment', () => {
  it('records a distribution, by city_admin or the district supervisor', () => {
    rescue.given([established]).when(distribute()).then([distributed]);
    rescue.given([]).when(distribute(supervisor)).then([distributed]);
  });

  it('is forbidden to a supervisor of another district and to an analyst', () => {
    rescue.given([]).when(distribute(actor('district_supervisor', OTHER_DISTRICT))).thenRefused('forbidden', 'DistributeEquipment');
    rescue.given([]).when(distribute(actor('analyst'))).thenRefused('forbidden');
  });

  it('refuses an unknown district', () => {
    rescue.given([]).when(distribute(cityAdmin, { districtCode: 'XX' })).thenRefused('unknown_district', 'XX');
  });

  it.each([0, -5, 1.5])('refuses %p sets', (sets) => {
    rescue.given([]).when(distribute(cityAdmin, { sets })).thenRefused('invalid_sets');
  });

  it('refuses an unknown recipient level', () => {
    rescue.given([]).when(distribute(cityAdmin, { recipientLevel: 'household' as 'village' })).thenRefused('invalid_recipient_level', 'household');
  });

  it('refuses the same distribution id twice', () => {
    rescue.given([distributed]).when(distribute()).thenRefused('distribution_exists', DIST_ID);
  });

  it('refuses a time in the future or without offset', () => {
    rescue.given([]).when(distribute(cityAdmin, { distributedAt: '2099-01-01T00:00:00+08:00' })).thenRefused('occurred_in_future');
    rescue.given([]).when(distribute(cityAdmin, { distributedAt: '2025-03-01' })).thenRefused('invalid_time', 'distributedAt');
  });
});

describe('evolve, rescueStreamId and rescueEventOccurredAt', () => {
  it('names the district from the first event and collects teams and distributions (a replayed event adds nothing)', () => {
    expect(rescue.given([established, distributed, established, distributed]).state()).toEqual({
      status: 'active', districtCode: DISTRICT, teamKeys: ['township:土主镇'], teamIds: [TEAM_ID], distributionIds: [DIST_ID],
    });
  });

  it('names the stream by district and dates events by their fact time', () => {
    expect(rescueStreamId(DISTRICT)).toBe('rescue-500106');
    expect(rescueEventOccurredAt(established)).toBe('2025-03-01T09:00:00+08:00');
    expect(rescueEventOccurredAt(distributed)).toBe('2025-03-02T09:00:00+08:00');
  });
});
