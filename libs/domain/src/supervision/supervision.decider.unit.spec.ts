import type { Actor, CommandMetadata } from '../core/actor.js';
import { spec } from '../core/decider-spec.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import type { RecordEnforcementAction, RecordSupervisoryInspection } from './supervision.commands.js';
import { supervisionDecider } from './supervision.decider.js';
import { supervisionStreamId, type EnforcementActionRecorded, type SupervisoryInspectionRecorded } from './supervision.events.js';
import { supervisionEventOccurredAt } from './supervision.occurred-at.js';

// ─── fixtures ────────────────────────────────────────────────────────────────────────────────────
//
// A chemicals enterprise in 沙坪坝区 (500106) is inspected 四不两直 on 2025-03-01 09:00 CST, finding
// one hazard, and fined ¥5,000.01 (500001 fen) on 2025-03-10. Commands are issued at NOW.

const USCC = '91500106MA6000001C';
const OTHER_USCC = '91500111MA6000002N';
const DISTRICT = '500106';
const OTHER_DISTRICT = '500111';
const INSPECTION_ID = '0195a0c0-0000-7000-8000-0000000000e1';
const OTHER_INSPECTION_ID = '0195a0c0-0000-7000-8000-0000000000e2';
const ACTION_ID = '0195a0c0-0000-7000-8000-0000000000f1';
const OTHER_ACTION_ID = '0195a0c0-0000-7000-8000-0000000000f2';
const HAZARD_ID = '0195a0c0-0000-7000-8000-0000000000a1';
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
const closedEnterprise: EnterpriseState = { ...openEnterprise, status: 'closed', closedAt: '2025-02-01T00:00:00+08:00' };
const DISTRICTS = new Set([DISTRICT, OTHER_DISTRICT]);
const SECTORS = new Set(['hazardous_chemicals', 'construction']);

const inspect = (
  by: Actor = inspector,
  data: Partial<RecordSupervisoryInspection['data']> = {},
  context: Partial<RecordSupervisoryInspection['context']> = {},
  now = NOW,
): RecordSupervisoryInspection => ({
  type: 'RecordSupervisoryInspection',
  data: {
    inspectionId: INSPECTION_ID,
    districtCode: DISTRICT,
    enterpriseUscc: USCC,
    sector: null,
    method: 'four_no_two_direct',
    specialSupervisionLevel: null,
    inspectedAt: '2025-03-01T09:00:00+08:00',
    hazardsFound: [HAZARD_ID],
    findings: '安全出口堵塞',
    ...data,
  },
  context: { districtCodes: DISTRICTS, sectors: SECTORS, enterprise: openEnterprise, existingHazardIds: new Set([HAZARD_ID]), ...context },
  metadata: meta(by, now),
});

const act = (
  by: Actor = inspector,
  data: Partial<RecordEnforcementAction['data']> = {},
  context: Partial<RecordEnforcementAction['context']> = {},
  now = NOW,
): RecordEnforcementAction => ({
  type: 'RecordEnforcementAction',
  data: {
    actionId: ACTION_ID,
    districtCode: DISTRICT,
    enterpriseUscc: USCC,
    kind: 'fine',
    amountFen: 500_001,
    decidedAt: '2025-03-10T10:00:00+08:00',
    documentNumber: '渝沙应急罚〔2025〕1号',
    inspectionId: INSPECTION_ID,
    ...data,
  },
  context: { districtCodes: DISTRICTS, enterprise: openEnterprise, knownInspectionIds: new Set([INSPECTION_ID]), ...context },
  metadata: meta(by, now),
});

const inspected: SupervisoryInspectionRecorded = {
  type: 'SupervisoryInspectionRecorded',
  data: {
    inspectionId: INSPECTION_ID,
    districtCode: DISTRICT,
    enterpriseUscc: USCC,
    sector: 'hazardous_chemicals',
    method: 'four_no_two_direct',
    specialSupervisionLevel: null,
    inspectedAt: '2025-03-01T09:00:00+08:00',
    hazardsFound: [HAZARD_ID],
    findings: '安全出口堵塞',
  },
};
const inspectedAgain = (data: Partial<SupervisoryInspectionRecorded['data']>): SupervisoryInspectionRecorded => ({ ...inspected, data: { ...inspected.data, ...data } });

const fined: EnforcementActionRecorded = {
  type: 'EnforcementActionRecorded',
  data: {
    actionId: ACTION_ID,
    districtCode: DISTRICT,
    enterpriseUscc: USCC,
    sector: 'hazardous_chemicals',
    kind: 'fine',
    amountFen: 500_001,
    decidedAt: '2025-03-10T10:00:00+08:00',
    documentNumber: '渝沙应急罚〔2025〕1号',
    inspectionId: INSPECTION_ID,
  },
};
const actedAgain = (data: Partial<EnforcementActionRecorded['data']>): EnforcementActionRecorded => ({ ...fined, data: { ...fined.data, ...data } });

const supervision = spec(supervisionDecider);

// ─── RecordSupervisoryInspection ─────────────────────────────────────────────────────────────────

describe('RecordSupervisoryInspection', () => {
  it('records an inspection of an enterprise, taking the sector from it', () => {
    supervision.given([]).when(inspect()).then([inspected]);
  });

  it('records an inspection without an enterprise under the sector given', () => {
    supervision
      .given([])
      .when(inspect(inspector, { enterpriseUscc: null, sector: 'construction', hazardsFound: [] }, { enterprise: null }))
      .then([inspectedAgain({ enterpriseUscc: null, sector: 'construction', hazardsFound: [] })]);
  });

  it('records a special supervision with its level, and a second inspection in the stream', () => {
    supervision
      .given([inspected])
      .when(inspect(inspector, { inspectionId: OTHER_INSPECTION_ID, method: 'special_supervision', specialSupervisionLevel: 'city_on_district' }))
      .then([inspectedAgain({ inspectionId: OTHER_INSPECTION_ID, method: 'special_supervision', specialSupervisionLevel: 'city_on_district' })]);
  });

  it('accepts the sector given when it is the enterprise’s', () => {
    supervision.given([]).when(inspect(inspector, { sector: 'hazardous_chemicals' })).then([inspected]);
  });

  it.each([
    ['an inspector of the district', inspector],
    ['a district supervisor of the district', supervisor],
    ['city_admin', cityAdmin],
  ])('may be done by %s', (_who, by) => {
    supervision.given([]).when(inspect(by)).then([inspected]);
  });

  it.each([
    ['the enterprise itself', actor('enterprise', { enterpriseUscc: USCC })],
    ['an inspector of another district', actor('inspector', { districtCode: OTHER_DISTRICT })],
    ['a supervisor of another district', actor('district_supervisor', { districtCode: OTHER_DISTRICT })],
    ['an auditor', actor('auditor')],
    ['an analyst', actor('analyst')],
    ['the system', actor('system')],
  ])('is forbidden to %s', (_who, by) => {
    supervision.given([]).when(inspect(by)).thenRefused('forbidden', 'RecordSupervisoryInspection');
  });

  it('refuses an unknown district', () => {
    supervision.given([]).when(inspect(cityAdmin, { districtCode: '500199' })).thenRefused('unknown_district', '500199');
  });

  it('refuses an unregistered enterprise, and a state folded for another one', () => {
    supervision.given([]).when(inspect(inspector, {}, { enterprise: { status: 'unregistered' } })).thenRefused('enterprise_not_found', USCC);
    supervision.given([]).when(inspect(inspector, { enterpriseUscc: OTHER_USCC })).thenRefused('enterprise_not_found', OTHER_USCC);
    supervision.given([]).when(inspect(inspector, {}, { enterprise: null })).thenRefused('enterprise_not_found');
  });

  it('refuses an enterprise of another district', () => {
    supervision.given([]).when(inspect(cityAdmin, { districtCode: OTHER_DISTRICT })).thenRefused('enterprise_outside_district', OTHER_DISTRICT);
  });

  it('refuses a closed enterprise', () => {
    supervision.given([]).when(inspect(inspector, {}, { enterprise: closedEnterprise })).thenRefused('enterprise_closed', '2025-02-01');
  });

  it('refuses a sector other than the enterprise’s', () => {
    supervision.given([]).when(inspect(inspector, { sector: 'construction' })).thenRefused('sector_not_expected', 'construction');
  });

  it('refuses an inspection without an enterprise and without a known sector', () => {
    supervision.given([]).when(inspect(inspector, { enterpriseUscc: null, sector: null }, { enterprise: null })).thenRefused('unknown_sector');
    supervision.given([]).when(inspect(inspector, { enterpriseUscc: null, sector: 'mars' }, { enterprise: null })).thenRefused('unknown_sector', 'mars');
  });

  it('refuses a malformed, pre-1950 or future time, and a malformed now', () => {
    supervision.given([]).when(inspect(inspector, { inspectedAt: '2025-03-01 09:00' })).thenRefused('invalid_time', 'inspectedAt');
    supervision.given([]).when(inspect(inspector, { inspectedAt: '1950-01-01T01:00:00+14:00' })).thenRefused('invalid_time', 'before 1950');
    // now 12:00 CST; 04:05:01Z is 12:05:01 CST
    supervision.given([]).when(inspect(inspector, { inspectedAt: '2025-04-15T04:05:01Z' })).thenRefused('occurred_in_future');
    supervision.given([]).when(inspect(inspector, {}, {}, 'yesterday')).thenRefused('invalid_time', 'metadata.now');
  });

  it('refuses an inspection id already recorded', () => {
    supervision.given([inspected]).when(inspect()).thenRefused('inspection_exists', INSPECTION_ID);
  });

  it('refuses a fact of another CST year or district on this stream', () => {
    // 2024-12-31T15:00Z is 23:00 CST on 31 December 2024: not the 2025 stream.
    supervision.given([inspected]).when(inspect(inspector, { inspectionId: OTHER_INSPECTION_ID, inspectedAt: '2024-12-31T15:00:00Z' })).thenRefused('wrong_supervision_stream', '2024');
    supervision.given([inspectedAgain({ districtCode: OTHER_DISTRICT })]).when(inspect(inspector, { inspectionId: OTHER_INSPECTION_ID })).thenRefused('wrong_supervision_stream', OTHER_DISTRICT);
  });

  it('refuses an unknown method (commands arrive from JSON)', () => {
    supervision.given([]).when(inspect(inspector, { method: 'casual' as 'routine' })).thenRefused('invalid_inspection_method', 'casual');
  });

  it('refuses a special supervision without a level, and a level on another method', () => {
    supervision.given([]).when(inspect(inspector, { method: 'special_supervision' })).thenRefused('invalid_special_supervision_level');
    supervision.given([]).when(inspect(inspector, { specialSupervisionLevel: 'district_on_sector' })).thenRefused('invalid_special_supervision_level', 'four_no_two_direct');
  });

  it('refuses a hazard that is not reported, and one named twice', () => {
    supervision.given([]).when(inspect(inspector, { hazardsFound: [HAZARD_ID, 'nope'] })).thenRefused('unknown_hazard', 'nope');
    supervision.given([]).when(inspect(inspector, { hazardsFound: [HAZARD_ID, HAZARD_ID] })).thenRefused('duplicate_hazard', HAZARD_ID);
  });
});

// ─── RecordEnforcementAction ─────────────────────────────────────────────────────────────────────

describe('RecordEnforcementAction', () => {
  it('records a fine in fen, taking the sector from the enterprise', () => {
    supervision.given([inspected]).when(act()).then([fined]);
  });

  it('records a non-monetary action with amount 0 and no inspection', () => {
    supervision
      .given([])
      .when(act(inspector, { kind: 'suspension_for_rectification', amountFen: 0, inspectionId: null }))
      .then([actedAgain({ kind: 'suspension_for_rectification', amountFen: 0, inspectionId: null })]);
  });

  it('records an action against a closed enterprise (closure allowed)', () => {
    supervision
      .given([])
      .when(act(inspector, { kind: 'closure', amountFen: 0 }, { enterprise: closedEnterprise }))
      .then([actedAgain({ kind: 'closure', amountFen: 0 })]);
  });

  it('records an upper-limit penalty, and a second action in the stream', () => {
    supervision
      .given([fined])
      .when(act(inspector, { actionId: OTHER_ACTION_ID, kind: 'upper_limit_penalty', amountFen: 2 }))
      .then([actedAgain({ actionId: OTHER_ACTION_ID, kind: 'upper_limit_penalty', amountFen: 2 })]);
  });

  it.each([
    ['a district supervisor of the district', supervisor],
    ['city_admin', cityAdmin],
  ])('may be done by %s', (_who, by) => {
    supervision.given([]).when(act(by)).then([fined]);
  });

  it.each([
    ['the enterprise itself', actor('enterprise', { enterpriseUscc: USCC })],
    ['an inspector of another district', actor('inspector', { districtCode: OTHER_DISTRICT })],
    ['an auditor', actor('auditor')],
    ['the system', actor('system')],
  ])('is forbidden to %s', (_who, by) => {
    supervision.given([]).when(act(by)).thenRefused('forbidden', 'RecordEnforcementAction');
  });

  it('refuses an unknown district', () => {
    supervision.given([]).when(act(cityAdmin, { districtCode: 'XX' })).thenRefused('unknown_district', 'XX');
  });

  it('refuses an unregistered enterprise, and one of another district', () => {
    supervision.given([]).when(act(inspector, {}, { enterprise: { status: 'unregistered' } })).thenRefused('enterprise_not_found', USCC);
    supervision.given([]).when(act(inspector, { enterpriseUscc: OTHER_USCC })).thenRefused('enterprise_not_found', OTHER_USCC);
    supervision.given([]).when(act(cityAdmin, { districtCode: OTHER_DISTRICT })).thenRefused('enterprise_outside_district');
  });

  it('refuses a malformed or future decision time', () => {
    supervision.given([]).when(act(inspector, { decidedAt: '2025-03-10' })).thenRefused('invalid_time', 'decidedAt');
    supervision.given([]).when(act(inspector, { decidedAt: '2025-05-01T00:00:00+08:00' })).thenRefused('occurred_in_future');
  });

  it('refuses an action id already recorded, and a fact of another year on this stream', () => {
    supervision.given([fined]).when(act()).thenRefused('action_exists', ACTION_ID);
    supervision.given([fined]).when(act(inspector, { actionId: OTHER_ACTION_ID, decidedAt: '2024-12-31T15:00:00Z' })).thenRefused('wrong_supervision_stream', '2024');
  });

  it('refuses an unknown kind', () => {
    supervision.given([]).when(act(inspector, { kind: 'scolding' as 'warning', amountFen: 0 })).thenRefused('invalid_enforcement_kind', 'scolding');
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('refuses amountFen %p', (amountFen) => {
    supervision.given([]).when(act(inspector, { amountFen })).thenRefused('invalid_amount');
  });

  it('refuses a fine or upper-limit penalty of 0 fen, and an amount on a non-monetary kind', () => {
    supervision.given([]).when(act(inspector, { amountFen: 0 })).thenRefused('invalid_amount', 'fine');
    supervision.given([]).when(act(inspector, { kind: 'upper_limit_penalty', amountFen: 0 })).thenRefused('invalid_amount', 'upper_limit_penalty');
    supervision.given([]).when(act(inspector, { kind: 'warning', amountFen: 100 })).thenRefused('invalid_amount', 'warning');
  });

  it('refuses an inspection that is not recorded', () => {
    supervision.given([]).when(act(inspector, { inspectionId: OTHER_INSPECTION_ID })).thenRefused('inspection_not_found', OTHER_INSPECTION_ID);
  });
});

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

describe('evolve', () => {
  it('names the stream’s district and CST year from the first fact and collects ids, once each', () => {
    // 2024-12-31T20:00Z is 2025-01-01 04:00 CST: year 2025.
    const first = actedAgain({ decidedAt: '2024-12-31T20:00:00Z' });
    expect(supervision.given([first, inspected, inspected, first]).state()).toEqual({
      status: 'recording',
      districtCode: DISTRICT,
      year: 2025,
      inspectionIds: [INSPECTION_ID],
      actionIds: [ACTION_ID],
    });
  });

  it('after an inspection the state holds it', () => {
    supervision.given([]).when(inspect()).thenState({ status: 'recording', districtCode: DISTRICT, year: 2025, inspectionIds: [INSPECTION_ID], actionIds: [] });
  });
});

describe('supervisionStreamId and supervisionEventOccurredAt', () => {
  it('names the stream by the CST year of the fact', () => {
    expect(supervisionStreamId(DISTRICT, '2024-12-31T20:00:00Z')).toBe(`supervision-${DISTRICT}-2025`);
    expect(supervisionStreamId(DISTRICT, '2024-12-31T15:59:59Z')).toBe(`supervision-${DISTRICT}-2024`);
  });

  it('is inspectedAt or decidedAt', () => {
    expect(supervisionEventOccurredAt(inspected)).toBe('2025-03-01T09:00:00+08:00');
    expect(supervisionEventOccurredAt(fined)).toBe('2025-03-10T10:00:00+08:00');
  });
});
