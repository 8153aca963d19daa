import type { Actor, CommandMetadata } from '../core/actor.js';
import { spec } from '../core/decider-spec.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import type { ConcludeInvestigation, ReportAccident, ReviseAccidentToll } from './accident.commands.js';
import { accidentDecider } from './accident.decider.js';
import type { AccidentReported, AccidentTollRevised, InvestigationConcluded } from './accident.events.js';
import { gradeAccident } from './accident.grade.js';
import { accidentEventOccurredAt } from './accident.occurred-at.js';

// ─── fixtures ────────────────────────────────────────────────────────────────────────────────────
//
// A construction accident in 沙坪坝区 (500106) at 2025-03-01 10:00 CST: 2 deaths, 1 serious injury,
// 300万元 (300,000,000 fen) direct loss → 一般. Commands are issued at NOW, 2025-06-01 12:00 CST.

const USCC = '91500106MA6000001C';
const DISTRICT = '500106';
const OTHER_DISTRICT = '500111';
const ACCIDENT_ID = '0195a0c0-0000-7000-8000-0000000000a1';
const HAZARD_ID = '0195a0c0-0000-7000-8000-000000000001';
const NOW = '2025-06-01T12:00:00+08:00';

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
const enterpriseItself = actor('enterprise', { enterpriseUscc: USCC });
const meta = (by: Actor, now = NOW): CommandMetadata => ({ actor: by, now, correlationId: 'corr-1', causationId: null });

const openEnterprise: EnterpriseState = {
  status: 'open',
  uscc: USCC,
  name: '重庆某建设有限公司',
  districtCode: DISTRICT,
  sector: 'construction',
  industryCode: 'E47',
  riskTags: [],
  highRisk: true,
  registeredAt: '2024-01-10T09:00:00+08:00',
  standardization: null,
  responsibilitySystemEstablishedAt: null,
  closedAt: null,
};

const report = (by: Actor = inspector, data: Partial<ReportAccident['data']> = {}, context: Partial<ReportAccident['context']> = {}, now = NOW): ReportAccident => ({
  type: 'ReportAccident',
  data: {
    accidentId: ACCIDENT_ID,
    districtCode: DISTRICT,
    sector: 'construction',
    enterpriseUscc: USCC,
    occurredAt: '2025-03-01T10:00:00+08:00',
    deaths: 2,
    seriousInjuries: 1,
    directLossFen: 300_000_000,
    summary: '脚手架坍塌',
    ...data,
  },
  context: {
    districtCodes: new Set([DISTRICT, OTHER_DISTRICT]),
    sectors: new Set(['construction', 'road_transport']),
    enterprise: openEnterprise,
    ...context,
  },
  metadata: meta(by, now),
});

const reported: AccidentReported = {
  type: 'AccidentReported',
  data: {
    accidentId: ACCIDENT_ID,
    districtCode: DISTRICT,
    sector: 'construction',
    enterpriseUscc: USCC,
    occurredAt: '2025-03-01T10:00:00+08:00',
    deaths: 2,
    seriousInjuries: 1,
    directLossFen: 300_000_000,
    summary: '脚手架坍塌',
    grade: 'general',
  },
};

const revise = (by: Actor = inspector, data: Partial<ReviseAccidentToll['data']> = {}): ReviseAccidentToll => ({
  type: 'ReviseAccidentToll',
  data: { deaths: 3, seriousInjuries: 1, directLossFen: 300_000_000, revisedAt: '2025-03-05T09:00:00+08:00', reason: '一名重伤者抢救无效死亡', ...data },
  metadata: meta(by),
});

const revised: AccidentTollRevised = {
  type: 'AccidentTollRevised',
  data: {
    accidentId: ACCIDENT_ID,
    deaths: 3,
    seriousInjuries: 1,
    directLossFen: 300_000_000,
    revisedAt: '2025-03-05T09:00:00+08:00',
    reason: '一名重伤者抢救无效死亡',
    previousGrade: 'general',
    grade: 'larger',
  },
};

const conclude = (by: Actor = supervisor, data: Partial<ConcludeInvestigation['data']> = {}, known: string[] = [HAZARD_ID]): ConcludeInvestigation => ({
  type: 'ConcludeInvestigation',
  data: {
    concludedAt: '2025-05-20T09:00:00+08:00',
    causes: '脚手架搭设不符合方案，未验收即使用',
    hazardsFound: [HAZARD_ID],
    enterpriseAccountability: '施工单位项目经理移送司法机关',
    regulatorAccountability: '区住建委监管人员问责',
    ...data,
  },
  context: { reportedHazardIds: new Set(known) },
  metadata: meta(by),
});

const concluded: InvestigationConcluded = {
  type: 'InvestigationConcluded',
  data: {
    accidentId: ACCIDENT_ID,
    concludedAt: '2025-05-20T09:00:00+08:00',
    causes: '脚手架搭设不符合方案，未验收即使用',
    hazardsFound: [HAZARD_ID],
    enterpriseAccountability: '施工单位项目经理移送司法机关',
    regulatorAccountability: '区住建委监管人员问责',
  },
};

const s = spec(accidentDecider);
/** The reported accident's core as the state keeps it (the summary stays in the event). */
const { summary: _summary, ...reportedCore } = reported.data;

// ─── the grade (国务院令第493号 第三条) ──────────────────────────────────────────────────────────

describe('gradeAccident: every bound, at and just below ("以上" includes, "以下" excludes)', () => {
  const toll = (deaths: number, seriousInjuries: number, directLossFen: number) => ({ deaths, seriousInjuries, directLossFen });
  it.each([
    // deaths
    [toll(0, 0, 0), 'general'],
    [toll(2, 0, 0), 'general'],
    [toll(3, 0, 0), 'larger'],
    [toll(9, 0, 0), 'larger'],
    [toll(10, 0, 0), 'major'],
    [toll(29, 0, 0), 'major'],
    [toll(30, 0, 0), 'especially_major'],
    // serious injuries
    [toll(0, 9, 0), 'general'],
    [toll(0, 10, 0), 'larger'],
    [toll(0, 49, 0), 'larger'],
    [toll(0, 50, 0), 'major'],
    [toll(0, 99, 0), 'major'],
    [toll(0, 100, 0), 'especially_major'],
    // direct loss, fen: 1000万元 = 1,000,000,000; 5000万元 = 5,000,000,000; 1亿元 = 10,000,000,000
    [toll(0, 0, 999_999_999), 'general'],
    [toll(0, 0, 1_000_000_000), 'larger'],
    [toll(0, 0, 4_999_999_999), 'larger'],
    [toll(0, 0, 5_000_000_000), 'major'],
    [toll(0, 0, 9_999_999_999), 'major'],
    [toll(0, 0, 10_000_000_000), 'especially_major'],
    // the highest grade any criterion reaches
    [toll(2, 10, 0), 'larger'],
    [toll(3, 50, 999_999_999), 'major'],
    [toll(9, 0, 10_000_000_000), 'especially_major'],
    [toll(29, 99, 9_999_999_999), 'major'],
  ] as const)('%o is %s', (t, grade) => {
    expect(gradeAccident(t)).toBe(grade);
  });
});

// ─── ReportAccident ──────────────────────────────────────────────────────────────────────────────

describe('ReportAccident', () => {
  it('records the accident with the grade derived from its toll', () => {
    s.given([]).when(report()).then([reported]);
  });

  it('derives especially_major from the loss alone, whatever else the toll says', () => {
    s.given([]).when(report(inspector, { deaths: 0, seriousInjuries: 0, directLossFen: 10_000_000_000 })).then([
      { type: 'AccidentReported', data: { ...reported.data, deaths: 0, seriousInjuries: 0, directLossFen: 10_000_000_000, grade: 'especially_major' } },
    ]);
  });

  it('records an accident concerning no enterprise with enterpriseUscc null', () => {
    s.given([])
      .when(report(cityAdmin, { enterpriseUscc: null, sector: 'road_transport' }, { enterprise: null }))
      .then([{ type: 'AccidentReported', data: { ...reported.data, enterpriseUscc: null, sector: 'road_transport' } }]);
  });

  it.each([
    ['an inspector of the district', inspector],
    ['a district_supervisor of the district', supervisor],
    ['city_admin', cityAdmin],
  ])('is open to %s', (_who, by) => {
    s.given([]).when(report(by)).then([reported]);
  });

  it.each([
    ['an inspector of another district', otherInspector, 'district 500106'],
    ['a supervisor of another district', otherSupervisor, 'district 500106'],
    ['the enterprise itself', enterpriseItself, 'district 500106'],
    ['an auditor', actor('auditor'), 'writes nothing'],
    ['an analyst', actor('analyst'), 'writes nothing'],
    ['the system', actor('system'), 'district 500106'],
  ])('is refused to %s (forbidden)', (_who, by, why) => {
    s.given([]).when(report(by)).thenRefused('forbidden', why);
  });

  it('refuses a second report of the same accident (accident_exists)', () => {
    s.given([reported]).when(report()).thenRefused('accident_exists');
  });

  it('refuses a district not in the reference data (unknown_district)', () => {
    s.given([]).when(report(cityAdmin, { districtCode: '999999' })).thenRefused('unknown_district', '999999');
  });

  it('refuses a sector not in the reference data (unknown_sector)', () => {
    s.given([]).when(report(inspector, { sector: 'space_travel' })).thenRefused('unknown_sector', 'space_travel');
  });

  it.each([
    ['not registered', { status: 'unregistered' } as EnterpriseState],
    ['not looked up', null],
    ['another enterprise', { ...openEnterprise, uscc: '91500111MA6000002N' } as EnterpriseState],
  ])('refuses an enterprise %s (enterprise_not_found)', (_why, enterprise) => {
    s.given([]).when(report(inspector, {}, { enterprise })).thenRefused('enterprise_not_found', USCC);
  });

  it('accepts a closed enterprise: an accident may happen where operation was to have stopped', () => {
    const closed: EnterpriseState = { ...openEnterprise, status: 'closed', closedAt: '2025-01-01T00:00:00+08:00' };
    s.given([]).when(report(inspector, {}, { enterprise: closed })).then([reported]);
  });

  it.each([['deaths'], ['seriousInjuries']] as const)('refuses a negative or fractional %s (invalid_count)', (field) => {
    s.given([]).when(report(inspector, { [field]: -1 })).thenRefused('invalid_count', field);
    s.given([]).when(report(inspector, { [field]: 1.5 })).thenRefused('invalid_count', field);
  });

  it('refuses a negative, fractional or unsafe loss (invalid_amount)', () => {
    s.given([]).when(report(inspector, { directLossFen: -1 })).thenRefused('invalid_amount');
    s.given([]).when(report(inspector, { directLossFen: 0.5 })).thenRefused('invalid_amount');
    s.given([]).when(report(inspector, { directLossFen: 2 ** 53 })).thenRefused('invalid_amount');
  });

  it('refuses an occurredAt without offset (invalid_time)', () => {
    s.given([]).when(report(inspector, { occurredAt: '2025-03-01T10:00:00' })).thenRefused('invalid_time');
  });

  it('refuses an invalid metadata.now (invalid_time)', () => {
    s.given([]).when(report(inspector, {}, {}, 'yesterday')).thenRefused('invalid_time', 'metadata.now');
  });

  it('refuses an accident in the future (occurred_in_future)', () => {
    s.given([]).when(report(inspector, { occurredAt: '2025-06-01T12:06:00+08:00' })).thenRefused('occurred_in_future');
  });

  it('refuses a blank summary (summary_required)', () => {
    s.given([]).when(report(inspector, { summary: '  ' })).thenRefused('summary_required');
  });
});

// ─── ReviseAccidentToll ──────────────────────────────────────────────────────────────────────────

describe('ReviseAccidentToll', () => {
  it('records the revised toll and re-grades: 2 → 3 deaths is general → larger', () => {
    s.given([reported]).when(revise()).then([revised]);
  });

  it('re-grades downwards too: 3 → 2 deaths is larger → general', () => {
    s.given([reported, revised])
      .when(revise(supervisor, { deaths: 2, revisedAt: '2025-03-06T09:00:00+08:00', reason: '经核实一人非本起事故死亡' }))
      .then([
        {
          type: 'AccidentTollRevised',
          data: { ...revised.data, deaths: 2, revisedAt: '2025-03-06T09:00:00+08:00', reason: '经核实一人非本起事故死亡', previousGrade: 'larger', grade: 'general' },
        },
      ]);
  });

  it('folds the revised toll and grade into the state', () => {
    s.given([reported]).when(revise()).thenState({
      status: 'reported',
      ...reportedCore,
      deaths: 3,
      grade: 'larger',
      lastOccurredAt: '2025-03-05T09:00:00+08:00',
    } as never);
  });

  it('accepts a revision dated at the very time of the accident', () => {
    s.given([reported])
      .when(revise(inspector, { revisedAt: '2025-03-01T02:00:00Z' }))
      .then([{ type: 'AccidentTollRevised', data: { ...revised.data, revisedAt: '2025-03-01T02:00:00Z' } }]);
  });

  it('refuses an unknown accident (accident_not_found)', () => {
    s.given([]).when(revise()).thenRefused('accident_not_found');
  });

  it('is refused to an inspector of another district and to the enterprise (forbidden)', () => {
    s.given([reported]).when(revise(otherInspector)).thenRefused('forbidden', 'district 500106');
    s.given([reported]).when(revise(enterpriseItself)).thenRefused('forbidden');
  });

  it('refuses a revision after the investigation is concluded (investigation_concluded)', () => {
    s.given([reported, concluded]).when(revise(cityAdmin, { revisedAt: '2025-05-25T09:00:00+08:00' })).thenRefused('investigation_concluded');
  });

  it('refuses a revision dated before the accident (chronology)', () => {
    s.given([reported]).when(revise(inspector, { revisedAt: '2025-03-01T09:59:59+08:00' })).thenRefused('chronology', 'before the accident occurred');
  });

  it('refuses a revision dated before the latest revision (chronology)', () => {
    s.given([reported, revised]).when(revise(inspector, { deaths: 4, revisedAt: '2025-03-04T09:00:00+08:00' })).thenRefused('chronology', 'latest fact');
  });

  it('refuses a revision in the future (occurred_in_future) and one without offset (invalid_time)', () => {
    s.given([reported]).when(revise(inspector, { revisedAt: '2025-07-01T09:00:00+08:00' })).thenRefused('occurred_in_future');
    s.given([reported]).when(revise(inspector, { revisedAt: '2025-03-05 09:00' })).thenRefused('invalid_time');
  });

  it('refuses bad counts and money (invalid_count, invalid_amount)', () => {
    s.given([reported]).when(revise(inspector, { seriousInjuries: -2 })).thenRefused('invalid_count');
    s.given([reported]).when(revise(inspector, { directLossFen: -100 })).thenRefused('invalid_amount');
  });

  it('refuses a blank reason (reason_required)', () => {
    s.given([reported]).when(revise(inspector, { reason: '' })).thenRefused('reason_required');
  });

  it('refuses a toll equal to the one standing (toll_unchanged)', () => {
    s.given([reported]).when(revise(inspector, { deaths: 2 })).thenRefused('toll_unchanged');
  });
});

// ─── ConcludeInvestigation ───────────────────────────────────────────────────────────────────────

describe('ConcludeInvestigation', () => {
  it('records causes, hazards found and both accountabilities (一案双查)', () => {
    s.given([reported, revised]).when(conclude()).then([concluded]);
  });

  it('names each hazard found once', () => {
    s.given([reported]).when(conclude(cityAdmin, { hazardsFound: [HAZARD_ID, HAZARD_ID] })).then([concluded]);
  });

  it('accepts an investigation that found no hazard', () => {
    s.given([reported]).when(conclude(inspector, { hazardsFound: [] }, [])).then([{ type: 'InvestigationConcluded', data: { ...concluded.data, hazardsFound: [] } }]);
  });

  it('folds to concluded', () => {
    s.given([reported]).when(conclude()).thenState({
      status: 'concluded',
      ...reportedCore,
      concludedAt: '2025-05-20T09:00:00+08:00',
      lastOccurredAt: '2025-05-20T09:00:00+08:00',
    } as never);
  });

  it('refuses an unknown accident (accident_not_found)', () => {
    s.given([]).when(conclude()).thenRefused('accident_not_found');
  });

  it('is refused to a supervisor of another district, an auditor and the enterprise (forbidden)', () => {
    s.given([reported]).when(conclude(otherSupervisor)).thenRefused('forbidden');
    s.given([reported]).when(conclude(actor('auditor'))).thenRefused('forbidden');
    s.given([reported]).when(conclude(enterpriseItself)).thenRefused('forbidden');
  });

  it('refuses a second conclusion (investigation_concluded)', () => {
    s.given([reported, concluded]).when(conclude(supervisor, { concludedAt: '2025-05-21T09:00:00+08:00' })).thenRefused('investigation_concluded');
  });

  it('refuses a conclusion dated before the latest revision (chronology)', () => {
    s.given([reported, revised]).when(conclude(supervisor, { concludedAt: '2025-03-04T09:00:00+08:00' })).thenRefused('chronology');
  });

  it('refuses a conclusion in the future (occurred_in_future)', () => {
    s.given([reported]).when(conclude(supervisor, { concludedAt: '2025-06-02T09:00:00+08:00' })).thenRefused('occurred_in_future');
  });

  it('refuses blank causes (causes_required)', () => {
    s.given([reported]).when(conclude(supervisor, { causes: ' ' })).thenRefused('causes_required');
  });

  it.each([['enterpriseAccountability'], ['regulatorAccountability']] as const)('refuses a blank %s (accountability_required)', (field) => {
    s.given([reported]).when(conclude(supervisor, { [field]: '' })).thenRefused('accountability_required', '一案双查');
  });

  it('refuses a hazard that was never reported (unknown_hazard)', () => {
    s.given([reported]).when(conclude(supervisor, {}, [])).thenRefused('unknown_hazard', HAZARD_ID);
  });
});

describe('accidentEventOccurredAt', () => {
  it('is occurredAt, revisedAt and concludedAt', () => {
    expect([reported, revised, concluded].map(accidentEventOccurredAt)).toEqual([
      '2025-03-01T10:00:00+08:00',
      '2025-03-05T09:00:00+08:00',
      '2025-05-20T09:00:00+08:00',
    ]);
  });
});
