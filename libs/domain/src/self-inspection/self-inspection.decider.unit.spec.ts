import type { Actor, CommandMetadata } from '../core/actor.js';
import { spec } from '../core/decider-spec.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import type { HazardState } from '../hazard/hazard.state.js';
import type { RecordSelfInspection } from './self-inspection.commands.js';
import { selfInspectionDecider } from './self-inspection.decider.js';
import { selfInspectionStreamId, type SelfInspectionRecorded } from './self-inspection.events.js';
import { selfInspectionEventOccurredAt } from './self-inspection.occurred-at.js';

// ─── fixtures ────────────────────────────────────────────────────────────────────────────────────
//
// A chemicals enterprise (high-risk) in 沙坪坝区 (500106) holds a principal-led inspection on
// 2025-03-01 09:00 CST that finds hazard H1. Commands are issued at NOW, 2025-04-15 12:00 CST.

const USCC = '91500106MA6000001C';
const OTHER_USCC = '91500111MA6000002N';
const DISTRICT = '500106';
const OTHER_DISTRICT = '500111';
const INSPECTION_ID = '0195a0c0-0000-7000-8000-0000000000e1';
const OTHER_INSPECTION_ID = '0195a0c0-0000-7000-8000-0000000000e2';
const H1 = '0195a0c0-0000-7000-8000-0000000000a1';
const H2 = '0195a0c0-0000-7000-8000-0000000000a2';
const H_OTHER = '0195a0c0-0000-7000-8000-0000000000a3';
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

const reported = (hazardId: string, enterpriseUscc = USCC): HazardState => ({
  status: 'reported',
  hazardId,
  enterpriseUscc,
  districtCode: DISTRICT,
  sector: 'hazardous_chemicals',
  grade: 'general',
  criterionCode: null,
  channel: 'self_inspection',
  discoveredAt: '2025-03-01T09:30:00+08:00',
  lastOccurredAt: '2025-03-01T09:30:00+08:00',
  missedDeadlines: [],
  listedOn: [],
});
const HAZARDS: Record<string, HazardState> = { [H1]: reported(H1), [H2]: reported(H2), [H_OTHER]: reported(H_OTHER, OTHER_USCC) };

const record = (
  by: Actor = itself,
  data: Partial<RecordSelfInspection['data']> = {},
  enterprise: EnterpriseState = openEnterprise,
  now = NOW,
  hazards: Record<string, HazardState> = HAZARDS,
): RecordSelfInspection => ({
  type: 'RecordSelfInspection',
  data: {
    inspectionId: INSPECTION_ID,
    enterpriseUscc: USCC,
    level: 'principal_led',
    inspectedAt: '2025-03-01T09:00:00+08:00',
    hazardIds: [H1],
    findings: '储罐区报警装置未投用',
    ...data,
  },
  context: { enterprise, hazards },
  metadata: meta(by, now),
});

const recorded: SelfInspectionRecorded = {
  type: 'SelfInspectionRecorded',
  data: {
    inspectionId: INSPECTION_ID,
    enterpriseUscc: USCC,
    districtCode: DISTRICT,
    sector: 'hazardous_chemicals',
    highRisk: true,
    level: 'principal_led',
    inspectedAt: '2025-03-01T09:00:00+08:00',
    hazardIds: [H1],
    findings: '储罐区报警装置未投用',
  },
};
const recordedAgain = (data: Partial<SelfInspectionRecorded['data']>): SelfInspectionRecorded => ({ ...recorded, data: { ...recorded.data, ...data } });

const inspection = spec(selfInspectionDecider);

// ─── RecordSelfInspection ────────────────────────────────────────────────────────────────────────

describe('RecordSelfInspection', () => {
  it('records an inspection, taking district, sector and high-risk flag from the enterprise', () => {
    inspection.given([]).when(record()).then([recorded]);
  });

  it('records a general enterprise’s inspection with its flag false', () => {
    const general: EnterpriseState = { ...openEnterprise, sector: 'commerce_trade', highRisk: false };
    inspection.given([]).when(record(itself, {}, general)).then([recordedAgain({ sector: 'commerce_trade', highRisk: false })]);
  });

  it.each(['team_daily', 'department_weekly', 'director_monthly', 'principal_led', 'major_hazard_survey'] as const)('records level %s', (level) => {
    inspection.given([]).when(record(itself, { level })).then([recordedAgain({ level })]);
  });

  it('records an inspection that found no hazard, and one that found two', () => {
    inspection.given([]).when(record(itself, { hazardIds: [] })).then([recordedAgain({ hazardIds: [] })]);
    inspection.given([]).when(record(itself, { hazardIds: [H2, H1] })).then([recordedAgain({ hazardIds: [H2, H1] })]);
  });

  it('records a second inspection of the same enterprise and year', () => {
    inspection
      .given([recorded])
      .when(record(itself, { inspectionId: OTHER_INSPECTION_ID, inspectedAt: '2025-04-01T09:00:00+08:00' }))
      .then([recordedAgain({ inspectionId: OTHER_INSPECTION_ID, inspectedAt: '2025-04-01T09:00:00+08:00' })]);
  });

  it.each([
    ['the enterprise itself', itself],
    ['an inspector of the district', inspector],
    ['a district supervisor of the district', supervisor],
    ['city_admin', cityAdmin],
  ])('may be done by %s', (_who, by) => {
    inspection.given([]).when(record(by)).then([recorded]);
  });

  it.each([
    ['another enterprise', actor('enterprise', { enterpriseUscc: OTHER_USCC })],
    ['an inspector of another district', actor('inspector', { districtCode: OTHER_DISTRICT })],
    ['a supervisor of another district', actor('district_supervisor', { districtCode: OTHER_DISTRICT })],
    ['an auditor', actor('auditor')],
    ['an analyst', actor('analyst')],
    ['the system', actor('system')],
  ])('is forbidden to %s', (_who, by) => {
    inspection.given([]).when(record(by)).thenRefused('forbidden', 'RecordSelfInspection');
  });

  it('refuses an unregistered enterprise', () => {
    inspection.given([]).when(record(cityAdmin, {}, { status: 'unregistered' })).thenRefused('enterprise_not_found', USCC);
  });

  it('refuses when the enterprise state handed in is another enterprise’s', () => {
    inspection.given([]).when(record(cityAdmin, { enterpriseUscc: OTHER_USCC })).thenRefused('enterprise_not_found', OTHER_USCC);
  });

  it('refuses a closed enterprise', () => {
    const closed: EnterpriseState = { ...openEnterprise, status: 'closed', closedAt: '2025-02-01T00:00:00+08:00' };
    inspection.given([]).when(record(itself, {}, closed)).thenRefused('enterprise_closed', '2025-02-01');
  });

  it('refuses an inspection more than five minutes after now, and accepts one within the five minutes', () => {
    inspection.given([]).when(record(itself, { inspectedAt: '2025-04-15T04:05:01Z' })).thenRefused('occurred_in_future');
    inspection
      .given([])
      .when(record(itself, { inspectedAt: '2025-04-15T12:05:00+08:00' }))
      .then([recordedAgain({ inspectedAt: '2025-04-15T12:05:00+08:00' })]);
  });

  it('refuses a time without offset, and one before 1950 in CST', () => {
    inspection.given([]).when(record(itself, { inspectedAt: '2025-03-01 09:00' })).thenRefused('invalid_time', 'inspectedAt');
    inspection.given([]).when(record(itself, { inspectedAt: '1950-01-01T01:00:00+14:00' })).thenRefused('invalid_time', 'before 1950');
  });

  it('refuses a malformed metadata.now', () => {
    inspection.given([]).when(record(itself, {}, openEnterprise, 'yesterday')).thenRefused('invalid_time', 'metadata.now');
  });

  it('refuses an unknown level (commands arrive from JSON)', () => {
    inspection.given([]).when(record(itself, { level: 'yearly' as 'team_daily' })).thenRefused('invalid_inspection_level', 'yearly');
  });

  it.each([['empty', ''], ['blank', '   '], ['too long', 'x'.repeat(8001)]])('refuses %s findings', (_what, findings) => {
    inspection.given([]).when(record(itself, { findings })).thenRefused('invalid_findings');
  });

  it('refuses a hazard named twice', () => {
    inspection.given([]).when(record(itself, { hazardIds: [H1, H2, H1] })).thenRefused('duplicate_hazard', H1);
  });

  it('refuses a hazard never reported (absent, or folded to none)', () => {
    const unknown = '0195a0c0-0000-7000-8000-0000000000ff';
    inspection.given([]).when(record(itself, { hazardIds: [H1, unknown] })).thenRefused('unknown_hazard', unknown);
    inspection.given([]).when(record(itself, {}, openEnterprise, NOW, { [H1]: { status: 'none' } })).thenRefused('unknown_hazard', H1);
  });

  it('refuses a hazard of another enterprise', () => {
    inspection.given([]).when(record(itself, { hazardIds: [H_OTHER] })).thenRefused('hazard_of_other_enterprise', OTHER_USCC);
  });

  it('refuses to record the same inspection id twice', () => {
    inspection.given([recorded]).when(record(itself, { inspectedAt: '2025-04-01T09:00:00+08:00' })).thenRefused('inspection_exists', INSPECTION_ID);
  });

  it('refuses an inspection of another CST year on this stream', () => {
    // 2024-12-31T15:00Z is 23:00 CST on 31 December 2024: not the 2025 stream.
    inspection
      .given([recorded])
      .when(record(itself, { inspectionId: OTHER_INSPECTION_ID, inspectedAt: '2024-12-31T15:00:00Z' }))
      .thenRefused('wrong_inspection_stream', '2024');
  });

  it('refuses an inspection of another enterprise on this stream', () => {
    inspection
      .given([recordedAgain({ enterpriseUscc: OTHER_USCC })])
      .when(record(cityAdmin, { inspectionId: OTHER_INSPECTION_ID }))
      .thenRefused('wrong_inspection_stream');
  });
});

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

describe('evolve', () => {
  it('names the stream’s enterprise and CST year from the first inspection and collects ids once', () => {
    const first = recordedAgain({ inspectedAt: '2024-12-31T20:00:00Z' });
    const second = recordedAgain({ inspectionId: OTHER_INSPECTION_ID });
    expect(inspection.given([first, second, second]).state()).toEqual({
      status: 'recording',
      enterpriseUscc: USCC,
      year: 2025,
      inspectionIds: [INSPECTION_ID, OTHER_INSPECTION_ID],
    });
  });
});

describe('selfInspectionStreamId and selfInspectionEventOccurredAt', () => {
  it('names the stream by the CST year of inspectedAt', () => {
    expect(selfInspectionStreamId(USCC, '2024-12-31T20:00:00Z')).toBe(`inspection-${USCC}-2025`);
    expect(selfInspectionStreamId(USCC, '2024-12-31T15:59:59Z')).toBe(`inspection-${USCC}-2024`);
  });

  it('is inspectedAt', () => {
    expect(selfInspectionEventOccurredAt(recorded)).toBe('2025-03-01T09:00:00+08:00');
  });
});
