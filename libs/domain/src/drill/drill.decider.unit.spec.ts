import type { Actor, CommandMetadata } from '../core/actor.js';
import { spec } from '../core/decider-spec.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import type { RecordDrill } from './drill.commands.js';
import { drillDecider } from './drill.decider.js';
import { drillStreamId, type DrillHeld } from './drill.events.js';
import { drillEventOccurredAt } from './drill.occurred-at.js';

// ─── fixtures ────────────────────────────────────────────────────────────────────────────────────
//
// A chemicals enterprise (high-risk) in 沙坪坝区 (500106) holds an evacuation drill on
// 2025-03-01 09:00 CST with 120 people. Commands are issued at NOW, 2025-04-15 12:00 CST.

/** 91500106MA6000001 + check C (see uscc.unit.spec.ts). */
const USCC = '91500106MA6000001C';
/** 91500111MA6000002 + check N. */
const OTHER_USCC = '91500111MA6000002N';
const DISTRICT = '500106';
const OTHER_DISTRICT = '500111';
const DRILL_ID = '0195a0c0-0000-7000-8000-0000000000d1';
const OTHER_DRILL_ID = '0195a0c0-0000-7000-8000-0000000000d2';
const NOW = '2025-04-15T12:00:00+08:00';

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
const itself = actor('enterprise', { enterpriseUscc: USCC });

const meta = (by: Actor, now = NOW): CommandMetadata => ({ actor: by, now, correlationId: 'corr-1', causationId: null });

const openEnterprise: EnterpriseState = {
  status: 'open',
  uscc: USCC,
  name: '重庆某化工有限公司',
  districtCode: DISTRICT,
  sector: 'hazardous_chemicals',
  industryCode: 'C2614',
  riskTags: [],
  highRisk: true,
  registeredAt: '2024-01-10T09:00:00+08:00',
  standardization: null,
  responsibilitySystemEstablishedAt: null,
  closedAt: null,
};

const record = (
  by: Actor = itself,
  data: Partial<RecordDrill['data']> = {},
  enterprise: EnterpriseState = openEnterprise,
  now = NOW,
): RecordDrill => ({
  type: 'RecordDrill',
  data: { drillId: DRILL_ID, enterpriseUscc: USCC, kind: 'evacuation', heldAt: '2025-03-01T09:00:00+08:00', participants: 120, ...data },
  context: { enterprise },
  metadata: meta(by, now),
});

const held: DrillHeld = {
  type: 'DrillHeld',
  data: {
    drillId: DRILL_ID,
    enterpriseUscc: USCC,
    districtCode: DISTRICT,
    sector: 'hazardous_chemicals',
    highRisk: true,
    kind: 'evacuation',
    heldAt: '2025-03-01T09:00:00+08:00',
    participants: 120,
  },
};
const heldAgain = (data: Partial<DrillHeld['data']>): DrillHeld => ({ ...held, data: { ...held.data, ...data } });

const drill = spec(drillDecider);

// ─── RecordDrill ─────────────────────────────────────────────────────────────────────────────────

describe('RecordDrill', () => {
  it('records a drill, taking district, sector and high-risk flag from the enterprise', () => {
    drill.given([]).when(record()).then([held]);
  });

  it('records a general enterprise’s drill with its flag false', () => {
    const general: EnterpriseState = { ...openEnterprise, sector: 'commerce_trade', highRisk: false };
    drill.given([]).when(record(itself, {}, general)).then([heldAgain({ sector: 'commerce_trade', highRisk: false })]);
  });

  it('records a second drill of the same enterprise and year', () => {
    drill
      .given([held])
      .when(record(itself, { drillId: OTHER_DRILL_ID, heldAt: '2025-04-01T09:00:00+08:00' }))
      .then([heldAgain({ drillId: OTHER_DRILL_ID, heldAt: '2025-04-01T09:00:00+08:00' })]);
  });

  it.each([
    ['the enterprise itself', itself],
    ['an inspector of the district', inspector],
    ['a district supervisor of the district', supervisor],
    ['city_admin', cityAdmin],
  ])('may be done by %s', (_who, by) => {
    drill.given([]).when(record(by)).then([held]);
  });

  it.each([
    ['another enterprise', actor('enterprise', { enterpriseUscc: OTHER_USCC })],
    ['an inspector of another district', actor('inspector', { districtCode: OTHER_DISTRICT })],
    ['a supervisor of another district', actor('district_supervisor', { districtCode: OTHER_DISTRICT })],
    ['an auditor', actor('auditor')],
    ['an analyst', actor('analyst')],
    ['the system', actor('system')],
  ])('is forbidden to %s', (_who, by) => {
    drill.given([]).when(record(by)).thenRefused('forbidden', 'RecordDrill');
  });

  it('refuses an unregistered enterprise', () => {
    drill.given([]).when(record(cityAdmin, {}, { status: 'unregistered' })).thenRefused('enterprise_not_found', USCC);
  });

  it('refuses when the enterprise state handed in is another enterprise’s', () => {
    drill.given([]).when(record(cityAdmin, { enterpriseUscc: OTHER_USCC })).thenRefused('enterprise_not_found', OTHER_USCC);
  });

  it('refuses a closed enterprise', () => {
    const closed: EnterpriseState = { ...openEnterprise, status: 'closed', closedAt: '2025-02-01T00:00:00+08:00' };
    drill.given([]).when(record(itself, {}, closed)).thenRefused('enterprise_closed', '2025-02-01');
  });

  it('refuses a drill more than five minutes after now, and accepts one within the five minutes', () => {
    // now 12:00 CST; 04:05:01Z is 12:05:01 CST
    drill.given([]).when(record(itself, { heldAt: '2025-04-15T04:05:01Z' })).thenRefused('occurred_in_future');
    drill
      .given([])
      .when(record(itself, { heldAt: '2025-04-15T12:05:00+08:00' }))
      .then([heldAgain({ heldAt: '2025-04-15T12:05:00+08:00' })]);
  });

  it('refuses a time without offset, and one before 1950', () => {
    drill.given([]).when(record(itself, { heldAt: '2025-03-01 09:00' })).thenRefused('invalid_time', 'heldAt');
    drill.given([]).when(record(itself, { heldAt: '1949-12-31T10:00:00Z' })).thenRefused('invalid_time');
    // Written in 1950, but 1950-01-01 01:00 at +14:00 is 1949-12-31 19:00 CST.
    drill.given([]).when(record(itself, { heldAt: '1950-01-01T01:00:00+14:00' })).thenRefused('invalid_time', 'before 1950');
  });

  it('accepts the first CST moment of 1950', () => {
    // 1949-12-31T16:00Z is written in 1949 and refused as such; written in CST it is 1950.
    drill.given([]).when(record(itself, { heldAt: '1950-01-01T00:00:00+08:00' })).then([heldAgain({ heldAt: '1950-01-01T00:00:00+08:00' })]);
  });

  it('refuses a malformed metadata.now', () => {
    drill.given([]).when(record(itself, {}, openEnterprise, 'yesterday')).thenRefused('invalid_time', 'metadata.now');
  });

  it.each([0, -3, 1.5, Number.NaN])('refuses %p participants', (participants) => {
    drill.given([]).when(record(itself, { participants })).thenRefused('invalid_participants');
  });

  it('refuses a kind other than evacuation (commands arrive from JSON)', () => {
    drill.given([]).when(record(itself, { kind: 'fire' as 'evacuation' })).thenRefused('invalid_drill_kind', 'fire');
  });

  it('refuses to record the same drill id twice', () => {
    drill.given([held]).when(record(itself, { heldAt: '2025-04-01T09:00:00+08:00' })).thenRefused('drill_exists', DRILL_ID);
  });

  it('refuses a drill of another CST year on this stream', () => {
    // 2024-12-31T15:00Z is 23:00 CST on 31 December 2024: not the 2025 stream.
    drill.given([held]).when(record(itself, { drillId: OTHER_DRILL_ID, heldAt: '2024-12-31T15:00:00Z' })).thenRefused('wrong_drill_stream', '2024');
  });

  it('refuses a drill of another enterprise on this stream', () => {
    drill.given([heldAgain({ enterpriseUscc: OTHER_USCC })]).when(record(cityAdmin, { drillId: OTHER_DRILL_ID })).thenRefused('wrong_drill_stream');
  });
});

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

describe('evolve', () => {
  it('names the stream’s enterprise and CST year from the first drill and collects drill ids', () => {
    // 2024-12-31T20:00Z is 2025-01-01 04:00 CST: year 2025.
    const first = heldAgain({ heldAt: '2024-12-31T20:00:00Z' });
    const second = heldAgain({ drillId: OTHER_DRILL_ID });
    expect(drill.given([first, second, second]).state()).toEqual({
      status: 'recording',
      enterpriseUscc: USCC,
      year: 2025,
      drillIds: [DRILL_ID, OTHER_DRILL_ID],
    });
  });

  it('after a drill the state holds it', () => {
    drill.given([]).when(record()).thenState({ status: 'recording', enterpriseUscc: USCC, year: 2025, drillIds: [DRILL_ID] });
  });
});

describe('drillStreamId and drillEventOccurredAt', () => {
  it('names the stream by the CST year of heldAt', () => {
    expect(drillStreamId(USCC, '2024-12-31T20:00:00Z')).toBe(`drill-${USCC}-2025`);
    expect(drillStreamId(USCC, '2024-12-31T15:59:59Z')).toBe(`drill-${USCC}-2024`);
  });

  it('is heldAt', () => {
    expect(drillEventOccurredAt(held)).toBe('2025-03-01T09:00:00+08:00');
  });
});
