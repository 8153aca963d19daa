import type { Actor, CommandMetadata } from '../core/actor.js';
import { spec } from '../core/decider-spec.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import type { CriterionRef, HazardCommand, PlanRectification, ReportHazard } from './hazard.commands.js';
import { hazardDecider } from './hazard.decider.js';
import type {
  DeadlineExtended,
  DeadlineMissed,
  HazardClosed,
  HazardEscalated,
  HazardEvent,
  HazardListed,
  HazardReopened,
  HazardReported,
  RectificationCompleted,
  RectificationPlanned,
  RectificationRejected,
  RectificationVerified,
} from './hazard.events.js';

// ─── fixtures ────────────────────────────────────────────────────────────────────────────────────
//
// One major hazard of a chemicals enterprise in 沙坪坝区 (500106), found 2025-03-01 09:00 CST:
//   planned 03-02 (deadline 03-31) → completed 03-20 → verified 03-25 → closed 03-28 (on time).
// Commands are issued at NOW, 2025-04-15 12:00 CST, unless a test says otherwise.

/** 91500106MA6000001 + check C (1073 mod 31 = 19, 31 − 19 = 12 → C; see uscc.unit.spec.ts). */
const USCC = '91500106MA6000001C';
/** 91500111MA6000002 + check N (1032 mod 31 = 9, 31 − 9 = 22 → N). */
const OTHER_USCC = '91500111MA6000002N';
const DISTRICT = '500106';
const OTHER_DISTRICT = '500111';
const HAZARD_ID = '0195a0c0-0000-7000-8000-000000000001';
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
const otherSupervisor = actor('district_supervisor', { districtCode: OTHER_DISTRICT });
const otherInspector = actor('inspector', { districtCode: OTHER_DISTRICT });
const itself = actor('enterprise', { enterpriseUscc: USCC });
const otherEnterprise = actor('enterprise', { enterpriseUscc: OTHER_USCC });
const auditor = actor('auditor');
const analyst = actor('analyst');
const system = actor('system');

const meta = (by: Actor, now = NOW): CommandMetadata => ({ actor: by, now, correlationId: 'corr-1', causationId: null });

const openEnterprise: EnterpriseState = {
  status: 'open',
  uscc: USCC,
  name: '重庆某化工有限公司',
  districtCode: DISTRICT,
  sector: 'hazardous_chemicals',
  industryCode: 'C2614',
  riskTags: ['major_hazard_source'],
  highRisk: true,
  registeredAt: '2024-01-10T09:00:00+08:00',
  standardization: null,
  responsibilitySystemEstablishedAt: null,
  closedAt: null,
};
const chemicalsCriterion: CriterionRef = { code: 'HC-2017-121-01', sectors: ['hazardous_chemicals'], effectiveFrom: '2017-11-13' };

const report = (
  by: Actor = itself,
  data: Partial<ReportHazard['data']> = {},
  context: Partial<ReportHazard['context']> = {},
  now = NOW,
): ReportHazard => ({
  type: 'ReportHazard',
  data: {
    hazardId: HAZARD_ID,
    enterpriseUscc: USCC,
    grade: 'major',
    criterionCode: chemicalsCriterion.code,
    channel: 'self_inspection',
    title: '液氯储罐区未设置紧急切断装置',
    description: '储罐出口管道未设紧急切断阀',
    discoveredAt: '2025-03-01T09:00:00+08:00',
    ...data,
  },
  context: { enterprise: openEnterprise, criterion: chemicalsCriterion, ...context },
  metadata: meta(by, now),
});

const reported: HazardReported = {
  type: 'HazardReported',
  data: {
    hazardId: HAZARD_ID,
    enterpriseUscc: USCC,
    districtCode: DISTRICT,
    sector: 'hazardous_chemicals',
    grade: 'major',
    criterionCode: 'HC-2017-121-01',
    channel: 'self_inspection',
    title: '液氯储罐区未设置紧急切断装置',
    description: '储罐出口管道未设紧急切断阀',
    discoveredAt: '2025-03-01T09:00:00+08:00',
  },
};
const reportedGeneral: HazardReported = { ...reported, data: { ...reported.data, grade: 'general', criterionCode: null } };

const planData: PlanRectification['data'] = {
  measures: [{ description: '加装紧急切断阀', deadline: '2025-03-25' }],
  responsiblePerson: { name: '张三', phone: null },
  deadline: '2025-03-31',
  fundsFen: 5_000_000,
  emergencyPlan: '储罐泄漏现场处置方案',
  plannedAt: '2025-03-02T10:00:00+08:00',
};
const planned: RectificationPlanned = { type: 'RectificationPlanned', data: { hazardId: HAZARD_ID, ...planData } };
const completed: RectificationCompleted = {
  type: 'RectificationCompleted',
  data: { hazardId: HAZARD_ID, completedAt: '2025-03-20T10:00:00+08:00', evidence: '验收照片' },
};
const verified: RectificationVerified = {
  type: 'RectificationVerified',
  data: { hazardId: HAZARD_ID, verifiedAt: '2025-03-25T10:00:00+08:00', reason: null },
};
const closed: HazardClosed = {
  type: 'HazardClosed',
  data: { hazardId: HAZARD_ID, closedAt: '2025-03-28T10:00:00+08:00', deadlineInForce: '2025-03-31', onTime: true },
};

const lifeTo = {
  reported: [reported],
  planned: [reported, planned],
  completed: [reported, planned, completed],
  verified: [reported, planned, completed, verified],
  closed: [reported, planned, completed, verified, closed],
} satisfies Record<string, HazardEvent[]>;
const generalLifeTo = {
  completed: [reportedGeneral, planned, completed],
  verified: [reportedGeneral, planned, completed, verified],
};

const plan = (by: Actor = itself, data: Partial<PlanRectification['data']> = {}, now = NOW): HazardCommand => ({
  type: 'PlanRectification',
  data: { ...planData, ...data },
  metadata: meta(by, now),
});
const extend = (by: Actor = itself, deadline = '2025-04-30', extendedAt = '2025-03-21T10:00:00+08:00'): HazardCommand => ({
  type: 'ExtendDeadline',
  data: { deadline, reason: '设备到货延迟', extendedAt },
  metadata: meta(by),
});
const complete = (by: Actor = itself, completedAt = '2025-03-20T10:00:00+08:00'): HazardCommand => ({
  type: 'CompleteRectification',
  data: { completedAt, evidence: '验收照片' },
  metadata: meta(by),
});
const verify = (by: Actor = supervisor, verifiedAt = '2025-03-25T10:00:00+08:00'): HazardCommand => ({
  type: 'VerifyRectification',
  data: { verifiedAt, reason: null },
  metadata: meta(by),
});
const reject = (by: Actor = supervisor, rejectedAt = '2025-03-25T10:00:00+08:00'): HazardCommand => ({
  type: 'RejectRectification',
  data: { rejectedAt, reason: '切断阀未联锁' },
  metadata: meta(by),
});
const close = (by: Actor = supervisor, closedAt = '2025-03-28T10:00:00+08:00', now = NOW): HazardCommand => ({
  type: 'CloseHazard',
  data: { closedAt },
  metadata: meta(by, now),
});
const reopen = (by: Actor = supervisor, deadline = '2025-05-31', reopenedAt = '2025-04-10T10:00:00+08:00'): HazardCommand => ({
  type: 'ReopenHazard',
  data: { reopenedAt, reason: '复查发现切断阀失效', deadline },
  metadata: meta(by),
});
const escalate = (
  by: Actor = supervisor,
  measure: 'notice_letter' | 'circular' | 'interview' | 'listed_supervision' = 'interview',
  decidedAt = '2025-04-02T10:00:00+08:00',
): HazardCommand => ({
  type: 'EscalateHazard',
  data: { measure, decidedAt, note: null },
  metadata: meta(by),
});
const orderSupervision = (by: Actor = supervisor, documentNumber = '沙应急督〔2025〕3号'): HazardCommand => ({
  type: 'OrderListedSupervision',
  data: { level: 'county', documentNumber, orderedAt: '2025-04-02T10:00:00+08:00' },
  metadata: meta(by),
});
const list = (by: Actor = supervisor, which: 'city' | 'district' = 'district', listedAt = '2025-04-02T10:00:00+08:00'): HazardCommand => ({
  type: 'ListOnProblemList',
  data: { list: which, listedAt },
  metadata: meta(by),
});
const watch = (now: string, by: Actor = system): HazardCommand => ({ type: 'RecordDeadlineMissed', data: {}, metadata: meta(by, now) });

const hazard = spec(hazardDecider);

// ─── ReportHazard ────────────────────────────────────────────────────────────────────────────────

describe('ReportHazard', () => {
  it('reports a major hazard, taking district and sector from the enterprise', () => {
    hazard.given([]).when(report()).then([reported]);
  });

  it('reports a general hazard without a criterion', () => {
    hazard.given([]).when(report(itself, { grade: 'general', criterionCode: null }, { criterion: null })).then([reportedGeneral]);
  });

  it('accepts a criterion without sector (it applies to every sector)', () => {
    hazard
      .given([])
      .when(report(itself, { criterionCode: 'FIRE-35181-5.1' }, { criterion: { code: 'FIRE-35181-5.1', sectors: [], effectiveFrom: '2025-11-01' } }))
      .then([{ ...reported, data: { ...reported.data, criterionCode: 'FIRE-35181-5.1' } }]);
  });

  it.each([
    ['the enterprise itself', itself],
    ['an inspector of the district', inspector],
    ['a district supervisor of the district', supervisor],
    ['city_admin', cityAdmin],
  ])('may be done by %s', (_who, by) => {
    hazard.given([]).when(report(by)).then([reported]);
  });

  it.each([
    ['another enterprise', otherEnterprise],
    ['an inspector of another district', otherInspector],
    ['a supervisor of another district', otherSupervisor],
    ['an auditor', auditor],
    ['an analyst', analyst],
    ['the system', system],
  ])('is forbidden to %s', (_who, by) => {
    hazard.given([]).when(report(by)).thenRefused('forbidden');
  });

  it('refuses an unregistered enterprise', () => {
    hazard.given([]).when(report(itself, {}, { enterprise: { status: 'unregistered' } })).thenRefused('enterprise_not_found', USCC);
  });

  it('refuses when the enterprise state handed in is another enterprise’s', () => {
    hazard.given([]).when(report(cityAdmin, { enterpriseUscc: OTHER_USCC })).thenRefused('enterprise_not_found', OTHER_USCC);
  });

  it('refuses a closed enterprise', () => {
    const closedEnterprise: EnterpriseState = { ...openEnterprise, status: 'closed', closedAt: '2025-02-01T00:00:00+08:00' };
    hazard.given([]).when(report(itself, {}, { enterprise: closedEnterprise })).thenRefused('enterprise_closed');
  });

  it('refuses a major hazard without a criterion', () => {
    hazard.given([]).when(report(itself, { criterionCode: null }, { criterion: null })).thenRefused('criterion_required');
  });

  it('refuses a criterion code the catalogue does not know', () => {
    hazard.given([]).when(report(itself, { criterionCode: 'NO-SUCH-1' }, { criterion: null })).thenRefused('unknown_criterion', 'NO-SUCH-1');
  });

  it('refuses an unknown criterion on a general hazard too', () => {
    hazard.given([]).when(report(itself, { grade: 'general', criterionCode: 'NO-SUCH-1' }, { criterion: null })).thenRefused('unknown_criterion');
  });

  it('refuses a criterion of another sector', () => {
    hazard
      .given([])
      .when(report(itself, { criterionCode: 'COAL-4-01' }, { criterion: { code: 'COAL-4-01', sectors: ['coal_mine'], effectiveFrom: '2021-01-01' } }))
      .thenRefused('criterion_sector_mismatch', 'coal_mine', 'hazardous_chemicals');
  });

  it('refuses to report the same hazard twice', () => {
    hazard.given([reported]).when(report()).thenRefused('hazard_exists');
  });

  it('refuses to report over a closed hazard: nothing follows a closure', () => {
    hazard.given(lifeTo.closed).when(report()).thenRefused('hazard_closed');
  });

  it('refuses an empty title and an empty description', () => {
    hazard.given([]).when(report(itself, { title: ' ' })).thenRefused('title_required');
    hazard.given([]).when(report(itself, { description: '' })).thenRefused('description_required');
  });

  it('refuses a discovery more than five minutes after now', () => {
    // now 12:00 CST, discovered 12:05:01 CST
    hazard.given([]).when(report(itself, { discoveredAt: '2025-04-15T04:05:01Z' })).thenRefused('occurred_in_future');
  });

  it('accepts a discovery within the five minutes of clock skew', () => {
    hazard
      .given([])
      .when(report(itself, { discoveredAt: '2025-04-15T12:05:00+08:00' }))
      .then([{ ...reported, data: { ...reported.data, discoveredAt: '2025-04-15T12:05:00+08:00' } }]);
  });

  it('refuses a discovery time without offset', () => {
    hazard.given([]).when(report(itself, { discoveredAt: '2025-03-01 09:00' })).thenRefused('invalid_time');
  });
});

// ─── PlanRectification ───────────────────────────────────────────────────────────────────────────

describe('PlanRectification', () => {
  it('plans a major hazard with all five in place', () => {
    hazard.given(lifeTo.reported).when(plan()).then([planned]);
  });

  it('plans a general hazard with no funds, no measures and no emergency plan', () => {
    const bare = { measures: [], fundsFen: 0, emergencyPlan: null };
    hazard
      .given([reportedGeneral])
      .when(plan(itself, bare))
      .then([{ type: 'RectificationPlanned', data: { hazardId: HAZARD_ID, ...planData, ...bare } }]);
  });

  it.each([
    ['the enterprise itself', itself],
    ['an inspector of the district', inspector],
    ['a district supervisor of the district', supervisor],
    ['city_admin', cityAdmin],
  ])('may be done by %s', (_who, by) => {
    hazard.given(lifeTo.reported).when(plan(by)).then([planned]);
  });

  it.each([
    ['another enterprise', otherEnterprise],
    ['an inspector of another district', otherInspector],
    ['an auditor', auditor],
    ['an analyst', analyst],
    ['the system', system],
  ])('is forbidden to %s', (_who, by) => {
    hazard.given(lifeTo.reported).when(plan(by)).thenRefused('forbidden');
  });

  it('accepts a deadline on the report date itself', () => {
    hazard
      .given(lifeTo.reported)
      .when(plan(itself, { deadline: '2025-03-01', measures: [{ description: '加装紧急切断阀', deadline: '2025-03-01' }] }))
      .then([{ type: 'RectificationPlanned', data: { hazardId: HAZARD_ID, ...planData, deadline: '2025-03-01', measures: [{ description: '加装紧急切断阀', deadline: '2025-03-01' }] } }]);
  });

  it('refuses a deadline before the report date', () => {
    hazard.given(lifeTo.reported).when(plan(itself, { deadline: '2025-02-28' })).thenRefused('deadline_before_report', '2025-02-28', '2025-03-01');
  });

  it('counts the report date in CST: found 2025-02-28T17:00Z is 2025-03-01, so 2025-02-28 is too early', () => {
    const lateUtc: HazardReported = { ...reported, data: { ...reported.data, discoveredAt: '2025-02-28T17:00:00Z' } };
    hazard.given([lateUtc]).when(plan(itself, { deadline: '2025-02-28' })).thenRefused('deadline_before_report', '2025-03-01');
  });

  it('refuses a measure deadline before the report date, naming the measure', () => {
    hazard
      .given(lifeTo.reported)
      .when(plan(itself, { measures: [{ description: '加装紧急切断阀', deadline: '2025-03-05' }, { description: '培训', deadline: '2025-02-20' }] }))
      .thenRefused('deadline_before_report', 'measures.1');
  });

  it('accepts a measure deadline after the plan deadline', () => {
    const measures = [{ description: '加装紧急切断阀', deadline: '2025-06-30' }];
    hazard
      .given(lifeTo.reported)
      .when(plan(itself, { measures }))
      .then([{ type: 'RectificationPlanned', data: { hazardId: HAZARD_ID, ...planData, measures } }]);
  });

  it.each([-1, 10.5, Number.NaN])('refuses fundsFen %p', (fundsFen) => {
    hazard.given(lifeTo.reported).when(plan(itself, { fundsFen })).thenRefused('invalid_funds');
  });

  it('refuses a deadline that is not a date', () => {
    hazard.given(lifeTo.reported).when(plan(itself, { deadline: '2025-02-30' })).thenRefused('invalid_date');
  });

  describe('five in place (五落实) for a major hazard', () => {
    it.each([
      ['measures', { measures: [] }],
      ['measures', { measures: [{ description: ' ', deadline: '2025-03-20' }] }],
      ['funds', { fundsFen: 0 }],
      ['responsible person', { responsiblePerson: { name: '', phone: '13800000000' } }],
      ['emergency plan', { emergencyPlan: null }],
      ['emergency plan', { emergencyPlan: '  ' }],
    ])('refuses a plan missing %s', (missing, data) => {
      hazard.given(lifeTo.reported).when(plan(itself, data)).thenRefused('five_in_place_incomplete', `missing: ${missing}`);
    });

    it('names everything missing at once', () => {
      hazard
        .given(lifeTo.reported)
        .when(plan(itself, { measures: [], fundsFen: 0, responsiblePerson: { name: ' ', phone: null }, emergencyPlan: null }))
        .thenRefused('five_in_place_incomplete', 'missing: measures, funds, responsible person, emergency plan');
    });
  });

  it('refuses a plan time before the discovery', () => {
    hazard.given(lifeTo.reported).when(plan(itself, { plannedAt: '2025-03-01T08:59:59+08:00' })).thenRefused('chronology', 'plannedAt');
  });

  it('refuses a plan time in the future', () => {
    hazard.given(lifeTo.reported).when(plan(itself, { plannedAt: '2025-04-15T12:10:00+08:00' })).thenRefused('occurred_in_future');
  });

  it('refuses to plan twice (extend the deadline instead)', () => {
    hazard.given(lifeTo.planned).when(plan()).thenRefused('invalid_transition', 'planned', 'PlanRectification');
  });

  it('refuses an unreported hazard', () => {
    hazard.given([]).when(plan()).thenRefused('hazard_not_found');
  });
});

// ─── ExtendDeadline ──────────────────────────────────────────────────────────────────────────────

describe('ExtendDeadline', () => {
  const extended: DeadlineExtended = {
    type: 'DeadlineExtended',
    data: {
      hazardId: HAZARD_ID,
      previousDeadline: '2025-03-31',
      deadline: '2025-04-30',
      reason: '设备到货延迟',
      extendedAt: '2025-03-21T10:00:00+08:00',
    },
  };

  it('extends a planned hazard’s deadline', () => {
    hazard.given(lifeTo.planned).when(extend()).then([extended]);
  });

  it('extends a completed hazard’s deadline', () => {
    hazard.given(lifeTo.completed).when(extend()).then([extended]);
  });

  it('names the deadline in force as the previous one after an earlier extension', () => {
    hazard
      .given([...lifeTo.planned, extended])
      .when(extend(itself, '2025-05-15', '2025-04-01T10:00:00+08:00'))
      .then([{ type: 'DeadlineExtended', data: { ...extended.data, previousDeadline: '2025-04-30', deadline: '2025-05-15', extendedAt: '2025-04-01T10:00:00+08:00' } }]);
  });

  it.each(['2025-03-31', '2025-03-30'])('refuses a new deadline %p that is not later', (deadline) => {
    hazard.given(lifeTo.planned).when(extend(itself, deadline)).thenRefused('deadline_not_later', '2025-03-31');
  });

  it.each([
    ['reported', lifeTo.reported],
    ['verified', lifeTo.verified],
  ])('refuses to extend a %s hazard', (status, given) => {
    hazard.given(given).when(extend()).thenRefused('invalid_transition', status, 'ExtendDeadline');
  });

  it('refuses an extension dated before the latest fact', () => {
    hazard.given(lifeTo.completed).when(extend(itself, '2025-04-30', '2025-03-19T10:00:00+08:00')).thenRefused('chronology', 'extendedAt');
  });

  it('is forbidden to another enterprise', () => {
    hazard.given(lifeTo.planned).when(extend(otherEnterprise)).thenRefused('forbidden');
  });

  it('refuses an unreported hazard', () => {
    hazard.given([]).when(extend()).thenRefused('hazard_not_found');
  });
});

// ─── CompleteRectification ───────────────────────────────────────────────────────────────────────

describe('CompleteRectification', () => {
  it.each([
    ['the enterprise itself', itself],
    ['an inspector of the district', inspector],
    ['city_admin', cityAdmin],
  ])('is recorded by %s', (_who, by) => {
    hazard.given(lifeTo.planned).when(complete(by)).then([completed]);
  });

  it.each([
    ['another enterprise', otherEnterprise],
    ['a supervisor of another district', otherSupervisor],
    ['an auditor', auditor],
  ])('is forbidden to %s', (_who, by) => {
    hazard.given(lifeTo.planned).when(complete(by)).thenRefused('forbidden');
  });

  it.each([
    ['reported', lifeTo.reported],
    ['completed', lifeTo.completed],
    ['verified', lifeTo.verified],
  ])('refuses to complete a %s hazard', (status, given) => {
    hazard.given(given).when(complete()).thenRefused('invalid_transition', status, 'CompleteRectification');
  });

  it('refuses a completion dated before the plan', () => {
    hazard.given(lifeTo.planned).when(complete(itself, '2025-03-02T09:59:59+08:00')).thenRefused('chronology');
  });

  it('refuses a completion in the future', () => {
    hazard.given(lifeTo.planned).when(complete(itself, '2025-04-16T10:00:00+08:00')).thenRefused('occurred_in_future');
  });
});

// ─── VerifyRectification ─────────────────────────────────────────────────────────────────────────

describe('VerifyRectification', () => {
  it.each([
    ['a district supervisor of the district', supervisor],
    ['city_admin', cityAdmin],
  ])('verifies a major hazard by %s', (_who, by) => {
    hazard.given(lifeTo.completed).when(verify(by)).then([verified]);
  });

  it.each([
    ['the enterprise itself', itself],
    ['an inspector of the district', inspector],
    ['a supervisor of another district', otherSupervisor],
    ['an auditor', auditor],
    ['an analyst', analyst],
  ])('is forbidden on a major hazard to %s', (_who, by) => {
    hazard.given(lifeTo.completed).when(verify(by)).thenRefused('forbidden');
  });

  it('lets the enterprise itself verify a general hazard', () => {
    hazard.given(generalLifeTo.completed).when(verify(itself)).then([verified]);
  });

  it.each([
    ['another enterprise', otherEnterprise],
    ['an inspector of the district', inspector],
  ])('is forbidden on a general hazard to %s', (_who, by) => {
    hazard.given(generalLifeTo.completed).when(verify(by)).thenRefused('forbidden');
  });

  it.each([
    ['reported', lifeTo.reported],
    ['planned', lifeTo.planned],
    ['verified', lifeTo.verified],
  ])('refuses to verify a %s hazard', (status, given) => {
    hazard.given(given).when(verify()).thenRefused('invalid_transition', status, 'VerifyRectification');
  });

  it('refuses a verification dated before the completion', () => {
    hazard.given(lifeTo.completed).when(verify(supervisor, '2025-03-19T10:00:00+08:00')).thenRefused('chronology');
  });
});

// ─── RejectRectification ─────────────────────────────────────────────────────────────────────────

describe('RejectRectification', () => {
  const rejected: RectificationRejected = {
    type: 'RectificationRejected',
    data: { hazardId: HAZARD_ID, rejectedAt: '2025-03-25T10:00:00+08:00', reason: '切断阀未联锁' },
  };

  it('rejects a completed rectification', () => {
    hazard.given(lifeTo.completed).when(reject()).then([rejected]);
  });

  it('returns the hazard to planned, from where it is completed again', () => {
    expect(hazard.given([...lifeTo.completed, rejected]).state().status).toBe('planned');
    hazard
      .given([...lifeTo.completed, rejected])
      .when(complete(itself, '2025-03-27T10:00:00+08:00'))
      .then([{ type: 'RectificationCompleted', data: { hazardId: HAZARD_ID, completedAt: '2025-03-27T10:00:00+08:00', evidence: '验收照片' } }]);
  });

  it('lets the enterprise itself reject a general hazard', () => {
    hazard.given(generalLifeTo.completed).when(reject(itself)).then([rejected]);
  });

  it.each([
    ['the enterprise itself', itself],
    ['an inspector of the district', inspector],
  ])('is forbidden on a major hazard to %s', (_who, by) => {
    hazard.given(lifeTo.completed).when(reject(by)).thenRefused('forbidden');
  });

  it.each([
    ['planned', lifeTo.planned],
    ['verified', lifeTo.verified],
  ])('refuses to reject a %s hazard', (status, given) => {
    hazard.given(given).when(reject()).thenRefused('invalid_transition', status, 'RejectRectification');
  });

  it('refuses a rejection dated before the completion', () => {
    hazard.given(lifeTo.completed).when(reject(supervisor, '2025-03-19T10:00:00+08:00')).thenRefused('chronology');
  });
});

// ─── CloseHazard ─────────────────────────────────────────────────────────────────────────────────

describe('CloseHazard', () => {
  it('closes a verified hazard on time (2025-03-28 ≤ deadline 2025-03-31)', () => {
    hazard.given(lifeTo.verified).when(close()).then([closed]);
  });

  it('closes on the deadline day itself on time (23:30 CST on 03-31)', () => {
    hazard
      .given(lifeTo.verified)
      .when(close(supervisor, '2025-03-31T23:30:00+08:00'))
      .then([{ type: 'HazardClosed', data: { hazardId: HAZARD_ID, closedAt: '2025-03-31T23:30:00+08:00', deadlineInForce: '2025-03-31', onTime: true } }]);
  });

  it('closes late when the CST date is after the deadline (16:30Z on 03-31 is 00:30 CST on 04-01)', () => {
    hazard
      .given(lifeTo.verified)
      .when(close(supervisor, '2025-03-31T16:30:00Z'))
      .then([{ type: 'HazardClosed', data: { hazardId: HAZARD_ID, closedAt: '2025-03-31T16:30:00Z', deadlineInForce: '2025-03-31', onTime: false } }]);
  });

  it('judges against the deadline in force after an extension', () => {
    const extended: DeadlineExtended = {
      type: 'DeadlineExtended',
      data: { hazardId: HAZARD_ID, previousDeadline: '2025-03-31', deadline: '2025-04-30', reason: '设备到货延迟', extendedAt: '2025-03-21T10:00:00+08:00' },
    };
    const late = {
      type: 'RectificationVerified' as const,
      data: { hazardId: HAZARD_ID, verifiedAt: '2025-04-05T10:00:00+08:00', reason: null },
    };
    hazard
      .given([reported, planned, completed, extended, late])
      .when(close(supervisor, '2025-04-10T10:00:00+08:00'))
      .then([{ type: 'HazardClosed', data: { hazardId: HAZARD_ID, closedAt: '2025-04-10T10:00:00+08:00', deadlineInForce: '2025-04-30', onTime: true } }]);
  });

  it('lets the enterprise itself close a general hazard', () => {
    hazard.given(generalLifeTo.verified).when(close(itself)).then([closed]);
  });

  it.each([
    ['the enterprise itself', itself],
    ['an inspector of the district', inspector],
    ['a supervisor of another district', otherSupervisor],
    ['an analyst', analyst],
    ['the system', system],
  ])('is forbidden on a major hazard to %s', (_who, by) => {
    hazard.given(lifeTo.verified).when(close(by)).thenRefused('forbidden');
  });

  it('is forbidden on a general hazard to another enterprise', () => {
    hazard.given(generalLifeTo.verified).when(close(otherEnterprise)).thenRefused('forbidden');
  });

  it.each([
    ['reported', lifeTo.reported],
    ['planned', lifeTo.planned],
    ['completed', lifeTo.completed],
  ])('refuses to close a %s hazard', (status, given) => {
    hazard.given(given).when(close()).thenRefused('invalid_transition', status, 'CloseHazard');
  });

  it('refuses a closure dated before the verification', () => {
    hazard.given(lifeTo.verified).when(close(supervisor, '2025-03-24T10:00:00+08:00')).thenRefused('chronology', 'closedAt');
  });

  it('refuses a closure in the future', () => {
    hazard.given(lifeTo.verified).when(close(supervisor, '2025-03-28T10:00:00+08:00', '2025-03-28T09:54:59+08:00')).thenRefused('occurred_in_future');
  });
});

// ─── nothing after closure, but reopening ────────────────────────────────────────────────────────

describe('a closed hazard', () => {
  it.each<[string, HazardCommand]>([
    ['PlanRectification', plan()],
    ['ExtendDeadline', extend()],
    ['CompleteRectification', complete()],
    ['VerifyRectification', verify()],
    ['RejectRectification', reject()],
    ['CloseHazard', close()],
    ['EscalateHazard', escalate()],
    ['OrderListedSupervision', orderSupervision()],
    ['ListOnProblemList', list()],
  ])('refuses %s', (_type, command) => {
    hazard.given(lifeTo.closed).when(command).thenRefused('hazard_closed');
  });
});

describe('ReopenHazard', () => {
  const reopened: HazardReopened = {
    type: 'HazardReopened',
    data: { hazardId: HAZARD_ID, reopenedAt: '2025-04-10T10:00:00+08:00', reason: '复查发现切断阀失效', deadline: '2025-05-31' },
  };

  it('reopens a closed hazard (反销号)', () => {
    hazard.given(lifeTo.closed).when(reopen()).then([reopened]);
  });

  it('returns it to planned with the new deadline and the plan otherwise kept', () => {
    hazard.given(lifeTo.closed).when(reopen()).thenState({
      status: 'planned',
      hazardId: HAZARD_ID,
      enterpriseUscc: USCC,
      districtCode: DISTRICT,
      sector: 'hazardous_chemicals',
      grade: 'major',
      criterionCode: 'HC-2017-121-01',
      channel: 'self_inspection',
      discoveredAt: '2025-03-01T09:00:00+08:00',
      lastOccurredAt: '2025-04-10T10:00:00+08:00',
      missedDeadlines: [],
      listedOn: [],
      plan: {
        measures: planData.measures,
        responsiblePerson: planData.responsiblePerson,
        deadline: '2025-05-31',
        fundsFen: planData.fundsFen,
        emergencyPlan: planData.emergencyPlan,
      },
    });
  });

  it('runs the lifecycle again, the next closure judged against the new deadline', () => {
    const again = [
      ...lifeTo.closed,
      reopened,
      { type: 'RectificationCompleted' as const, data: { hazardId: HAZARD_ID, completedAt: '2025-05-20T10:00:00+08:00', evidence: '复查照片' } },
      { type: 'RectificationVerified' as const, data: { hazardId: HAZARD_ID, verifiedAt: '2025-05-25T10:00:00+08:00', reason: null } },
    ];
    hazard
      .given(again)
      .when(close(supervisor, '2025-06-01T10:00:00+08:00', '2025-06-02T00:00:00+08:00'))
      .then([{ type: 'HazardClosed', data: { hazardId: HAZARD_ID, closedAt: '2025-06-01T10:00:00+08:00', deadlineInForce: '2025-05-31', onTime: false } }]);
  });

  it('accepts a new deadline on the reopening date itself', () => {
    hazard
      .given(lifeTo.closed)
      .when(reopen(supervisor, '2025-04-10'))
      .then([{ type: 'HazardReopened', data: { ...reopened.data, deadline: '2025-04-10' } }]);
  });

  it('refuses a new deadline before the CST date of reopening', () => {
    // reopened 2025-04-09T16:30Z is 2025-04-10 00:30 CST: 2025-04-09 is too early
    hazard.given(lifeTo.closed).when(reopen(supervisor, '2025-04-09', '2025-04-09T16:30:00Z')).thenRefused('deadline_before_reopen', '2025-04-10');
  });

  it.each([
    ['planned', lifeTo.planned],
    ['verified', lifeTo.verified],
  ])('refuses to reopen a %s hazard', (status, given) => {
    hazard.given(given).when(reopen()).thenRefused('invalid_transition', status, 'ReopenHazard');
  });

  it('refuses a reopening dated before the closure', () => {
    hazard.given(lifeTo.closed).when(reopen(supervisor, '2025-05-31', '2025-03-27T10:00:00+08:00')).thenRefused('chronology');
  });

  it.each([
    ['the enterprise itself, on a major hazard', itself],
    ['an inspector of the district', inspector],
    ['an auditor', auditor],
  ])('is forbidden to %s', (_who, by) => {
    hazard.given(lifeTo.closed).when(reopen(by)).thenRefused('forbidden');
  });

  it('refuses an unreported hazard', () => {
    hazard.given([]).when(reopen()).thenRefused('hazard_not_found');
  });
});

// ─── escalations and lists ───────────────────────────────────────────────────────────────────────

describe('EscalateHazard', () => {
  const escalated = (measure: HazardEscalated['data']['measure']): HazardEscalated => ({
    type: 'HazardEscalated',
    data: { hazardId: HAZARD_ID, measure, decidedAt: '2025-04-02T10:00:00+08:00', note: null },
  });

  it.each([
    ['reported', lifeTo.reported],
    ['planned', lifeTo.planned],
    ['completed', lifeTo.completed],
    ['verified', lifeTo.verified],
  ])('escalates a %s hazard', (_status, given) => {
    hazard.given(given).when(escalate()).then([escalated('interview')]);
  });

  it.each(['notice_letter', 'circular', 'interview', 'listed_supervision'] as const)('takes the measure %s', (measure) => {
    hazard.given(lifeTo.planned).when(escalate(supervisor, measure)).then([escalated(measure)]);
  });

  it('may be done by city_admin', () => {
    hazard.given(lifeTo.planned).when(escalate(cityAdmin)).then([escalated('interview')]);
  });

  it.each([
    ['the enterprise itself', itself],
    ['an inspector of the district', inspector],
    ['a supervisor of another district', otherSupervisor],
    ['an auditor', auditor],
  ])('is forbidden to %s', (_who, by) => {
    hazard.given(lifeTo.planned).when(escalate(by)).thenRefused('forbidden');
  });

  it('refuses an escalation dated before the latest fact', () => {
    hazard.given(lifeTo.completed).when(escalate(supervisor, 'circular', '2025-03-19T10:00:00+08:00')).thenRefused('chronology');
  });

  it('refuses an unreported hazard', () => {
    hazard.given([]).when(escalate()).thenRefused('hazard_not_found');
  });
});

describe('OrderListedSupervision', () => {
  it('orders listed supervision with its document number', () => {
    hazard
      .given(lifeTo.planned)
      .when(orderSupervision())
      .then([
        {
          type: 'ListedSupervisionOrdered',
          data: { hazardId: HAZARD_ID, level: 'county', documentNumber: '沙应急督〔2025〕3号', orderedAt: '2025-04-02T10:00:00+08:00' },
        },
      ]);
  });

  it('refuses an empty document number', () => {
    hazard.given(lifeTo.planned).when(orderSupervision(supervisor, ' ')).thenRefused('document_number_required');
  });

  it.each([
    ['the enterprise itself', itself],
    ['an inspector of the district', inspector],
    ['a supervisor of another district', otherSupervisor],
  ])('is forbidden to %s', (_who, by) => {
    hazard.given(lifeTo.planned).when(orderSupervision(by)).thenRefused('forbidden');
  });
});

describe('ListOnProblemList', () => {
  const listed = (which: 'city' | 'district'): HazardListed => ({
    type: 'HazardListed',
    data: { hazardId: HAZARD_ID, list: which, listedAt: '2025-04-02T10:00:00+08:00' },
  });

  it.each(['city', 'district'] as const)('lists a hazard on the %s problem list', (which) => {
    hazard.given(lifeTo.reported).when(list(supervisor, which)).then([listed(which)]);
  });

  it('lists on the other list after one', () => {
    hazard.given([...lifeTo.planned, listed('district')]).when(list(cityAdmin, 'city')).then([listed('city')]);
  });

  it('refuses the same list twice', () => {
    hazard.given([...lifeTo.planned, listed('district')]).when(list(supervisor, 'district')).thenRefused('already_listed', 'district');
  });

  it.each([
    ['the enterprise itself', itself],
    ['an inspector of the district', inspector],
    ['an analyst', analyst],
  ])('is forbidden to %s', (_who, by) => {
    hazard.given(lifeTo.planned).when(list(by)).thenRefused('forbidden');
  });

  it('refuses a listing in the future', () => {
    hazard.given(lifeTo.planned).when(list(supervisor, 'city', '2025-04-16T10:00:00+08:00')).thenRefused('occurred_in_future');
  });
});

// ─── RecordDeadlineMissed ────────────────────────────────────────────────────────────────────────

describe('RecordDeadlineMissed', () => {
  // Deadline 2025-03-31 (CST). 2025-03-31T16:00:00Z is 2025-04-01 00:00 CST: the first day after it.
  const missed: DeadlineMissed = {
    type: 'DeadlineMissed',
    data: { hazardId: HAZARD_ID, deadline: '2025-03-31', detectedAt: '2025-03-31T16:00:00Z' },
  };

  it.each([
    ['planned', lifeTo.planned],
    ['completed', lifeTo.completed],
    ['verified', lifeTo.verified],
  ])('records a missed deadline of a %s hazard the first CST day after it', (_status, given) => {
    hazard.given(given).when(watch('2025-03-31T16:00:00Z')).then([missed]);
  });

  it('does not record on the deadline day itself (23:59:59 CST)', () => {
    hazard.given(lifeTo.planned).when(watch('2025-03-31T15:59:59Z')).thenRefused('deadline_not_missed');
  });

  it('records a deadline’s miss once', () => {
    hazard.given([...lifeTo.planned, missed]).when(watch('2025-04-05T12:00:00+08:00')).thenRefused('deadline_not_missed', 'already');
  });

  it('records the miss of an extended deadline as a new one', () => {
    const extended: DeadlineExtended = {
      type: 'DeadlineExtended',
      data: { hazardId: HAZARD_ID, previousDeadline: '2025-03-31', deadline: '2025-04-10', reason: '设备到货延迟', extendedAt: '2025-04-02T10:00:00+08:00' },
    };
    hazard.given([...lifeTo.planned, missed, extended]).when(watch('2025-04-10T23:00:00+08:00')).thenRefused('deadline_not_missed');
    hazard
      .given([...lifeTo.planned, missed, extended])
      .when(watch('2025-04-11T00:00:00+08:00'))
      .then([{ type: 'DeadlineMissed', data: { hazardId: HAZARD_ID, deadline: '2025-04-10', detectedAt: '2025-04-11T00:00:00+08:00' } }]);
  });

  it('does not record for a hazard without a plan', () => {
    hazard.given(lifeTo.reported).when(watch('2025-12-31T12:00:00+08:00')).thenRefused('deadline_not_missed');
  });

  it('does not record for a closed hazard', () => {
    hazard.given(lifeTo.closed).when(watch('2025-04-05T12:00:00+08:00')).thenRefused('deadline_not_missed');
  });

  it('refuses an unreported hazard', () => {
    hazard.given([]).when(watch('2025-04-05T12:00:00+08:00')).thenRefused('hazard_not_found');
  });

  it.each([
    ['city_admin', cityAdmin],
    ['a district supervisor of the district', supervisor],
    ['the enterprise itself', itself],
    ['an auditor', auditor],
  ])('is for the deadline watcher only, not %s', (_who, by) => {
    hazard.given(lifeTo.planned).when(watch('2025-04-05T12:00:00+08:00', by)).thenRefused('forbidden');
  });

  it('does not move the chronology: a completion entered late may predate the detection', () => {
    hazard
      .given([...lifeTo.planned, missed])
      .when(complete(itself, '2025-03-30T10:00:00+08:00'))
      .then([{ type: 'RectificationCompleted', data: { hazardId: HAZARD_ID, completedAt: '2025-03-30T10:00:00+08:00', evidence: '验收照片' } }]);
  });
});

// ─── who may, across commands ────────────────────────────────────────────────────────────────────

describe('the system role', () => {
  it.each<[string, HazardCommand]>([
    ['CompleteRectification', complete()],
    ['EscalateHazard', escalate()],
    ['ListOnProblemList', list()],
  ])('may not %s', (_type, command) => {
    hazard.given(lifeTo.planned).when({ ...command, metadata: meta(system) }).thenRefused('forbidden');
  });
});

describe('metadata.now', () => {
  it('must be an instant', () => {
    hazard.given(lifeTo.planned).when({ ...complete(), metadata: meta(itself, 'now') }).thenRefused('invalid_time');
  });
});

// ─── chronology across facts ─────────────────────────────────────────────────────────────────────

describe('chronology', () => {
  it('counts escalations and listings as facts a later fact may not predate', () => {
    const escalatedLate: HazardEscalated = {
      type: 'HazardEscalated',
      data: { hazardId: HAZARD_ID, measure: 'interview', decidedAt: '2025-03-15T10:00:00+08:00', note: null },
    };
    hazard.given([...lifeTo.planned, escalatedLate]).when(complete(itself, '2025-03-10T10:00:00+08:00')).thenRefused('chronology');
  });

  it('compares instants, not strings: 01:30Z is 09:30 CST, after a plan at 09:00 CST', () => {
    const earlyPlan: RectificationPlanned = { ...planned, data: { ...planned.data, plannedAt: '2025-03-20T09:00:00+08:00' } };
    hazard
      .given([reported, earlyPlan])
      .when(complete(itself, '2025-03-20T01:30:00Z'))
      .then([{ type: 'RectificationCompleted', data: { hazardId: HAZARD_ID, completedAt: '2025-03-20T01:30:00Z', evidence: '验收照片' } }]);
  });

  it('accepts a fact at the very time of the latest one', () => {
    hazard
      .given(lifeTo.completed)
      .when(verify(supervisor, '2025-03-20T10:00:00+08:00'))
      .then([{ type: 'RectificationVerified', data: { hazardId: HAZARD_ID, verifiedAt: '2025-03-20T10:00:00+08:00', reason: null } }]);
  });
});

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

describe('evolve', () => {
  it('starts at none', () => {
    expect(hazard.given([]).state()).toEqual({ status: 'none' });
  });

  it('folds a report into the core of the hazard', () => {
    expect(hazard.given(lifeTo.reported).state()).toEqual({
      status: 'reported',
      hazardId: HAZARD_ID,
      enterpriseUscc: USCC,
      districtCode: DISTRICT,
      sector: 'hazardous_chemicals',
      grade: 'major',
      criterionCode: 'HC-2017-121-01',
      channel: 'self_inspection',
      discoveredAt: '2025-03-01T09:00:00+08:00',
      lastOccurredAt: '2025-03-01T09:00:00+08:00',
      missedDeadlines: [],
      listedOn: [],
    });
  });

  it('folds a whole life: extension, miss, listing and closure', () => {
    const events: HazardEvent[] = [
      reported,
      planned,
      { type: 'DeadlineMissed', data: { hazardId: HAZARD_ID, deadline: '2025-03-31', detectedAt: '2025-04-01T00:01:00+08:00' } },
      { type: 'HazardListed', data: { hazardId: HAZARD_ID, list: 'district', listedAt: '2025-04-02T10:00:00+08:00' } },
      { type: 'DeadlineExtended', data: { hazardId: HAZARD_ID, previousDeadline: '2025-03-31', deadline: '2025-04-30', reason: '延期', extendedAt: '2025-04-03T10:00:00+08:00' } },
      { type: 'RectificationCompleted', data: { hazardId: HAZARD_ID, completedAt: '2025-04-20T10:00:00+08:00', evidence: '照片' } },
      { type: 'RectificationVerified', data: { hazardId: HAZARD_ID, verifiedAt: '2025-04-22T10:00:00+08:00', reason: null } },
      { type: 'HazardClosed', data: { hazardId: HAZARD_ID, closedAt: '2025-04-25T10:00:00+08:00', deadlineInForce: '2025-04-30', onTime: true } },
    ];
    expect(hazard.given(events).state()).toEqual({
      status: 'closed',
      hazardId: HAZARD_ID,
      enterpriseUscc: USCC,
      districtCode: DISTRICT,
      sector: 'hazardous_chemicals',
      grade: 'major',
      criterionCode: 'HC-2017-121-01',
      channel: 'self_inspection',
      discoveredAt: '2025-03-01T09:00:00+08:00',
      lastOccurredAt: '2025-04-25T10:00:00+08:00',
      missedDeadlines: ['2025-03-31'],
      listedOn: ['district'],
      closedAt: '2025-04-25T10:00:00+08:00',
      plan: {
        measures: [{ description: '加装紧急切断阀', deadline: '2025-03-25' }],
        responsiblePerson: { name: '张三', phone: null },
        deadline: '2025-04-30',
        fundsFen: 5_000_000,
        emergencyPlan: '储罐泄漏现场处置方案',
      },
    });
  });

  it('keeps lastOccurredAt at the latest instant even if a stored fact is earlier', () => {
    const backdated: RectificationCompleted = {
      type: 'RectificationCompleted',
      data: { hazardId: HAZARD_ID, completedAt: '2025-03-01T10:00:00+08:00', evidence: '照片' },
    };
    const state = hazard.given([reported, planned, backdated]).state();
    expect(state.status === 'completed' && state.lastOccurredAt).toBe('2025-03-02T10:00:00+08:00');
  });
});
