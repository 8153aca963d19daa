import type { Actor, CommandMetadata } from '../core/actor.js';
import { spec } from '../core/decider-spec.js';
import type {
  CloseEnterprise,
  EstablishResponsibilitySystem,
  GradeStandardization,
  RegisterEnterprise,
} from './enterprise.commands.js';
import { enterpriseDecider } from './enterprise.decider.js';
import type { EnterpriseClosed, EnterpriseRegistered, StandardizationGraded } from './enterprise.events.js';

// ─── fixtures ────────────────────────────────────────────────────────────────────────────────────

/** 91500106MA6000001 + check C (1073 mod 31 = 19, 31 − 19 = 12 → C; see uscc.unit.spec.ts). */
const USCC = '91500106MA6000001C';
/** 91500111MA6000002 + check N (1032 mod 31 = 9, 31 − 9 = 22 → N). */
const OTHER_USCC = '91500111MA6000002N';
const DISTRICT = '500106'; // 沙坪坝区
const OTHER_DISTRICT = '500111'; // 大足区
const NOW = '2025-03-10T12:00:00+08:00';

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
const otherInspector = actor('inspector', { districtCode: OTHER_DISTRICT });
const otherSupervisor = actor('district_supervisor', { districtCode: OTHER_DISTRICT });
const itself = actor('enterprise', { enterpriseUscc: USCC });
const otherEnterprise = actor('enterprise', { enterpriseUscc: OTHER_USCC });

const meta = (by: Actor, now = NOW): CommandMetadata => ({ actor: by, now, correlationId: 'corr-1', causationId: null });

const reference: RegisterEnterprise['reference'] = {
  districtCodes: new Set([DISTRICT, OTHER_DISTRICT]),
  sectors: new Map([
    ['hazardous_chemicals', { highRisk: true }],
    ['commerce_trade', { highRisk: false }],
  ]),
  riskTags: new Set(['major_hazard_source', 'confined_space']),
};

const register = (by: Actor = cityAdmin, data: Partial<RegisterEnterprise['data']> = {}, now = NOW): RegisterEnterprise => ({
  type: 'RegisterEnterprise',
  data: {
    uscc: USCC,
    name: '重庆某化工有限公司',
    districtCode: DISTRICT,
    sector: 'hazardous_chemicals',
    industryCode: 'C2614',
    riskTags: ['major_hazard_source'],
    highRisk: null,
    registeredAt: '2025-03-01T09:00:00+08:00',
    ...data,
  },
  reference,
  metadata: meta(by, now),
});

const registered: EnterpriseRegistered = {
  type: 'EnterpriseRegistered',
  data: {
    uscc: USCC,
    name: '重庆某化工有限公司',
    districtCode: DISTRICT,
    sector: 'hazardous_chemicals',
    industryCode: 'C2614',
    riskTags: ['major_hazard_source'],
    highRisk: true,
    registeredAt: '2025-03-01T09:00:00+08:00',
  },
};
const closed: EnterpriseClosed = {
  type: 'EnterpriseClosed',
  data: { uscc: USCC, closedAt: '2025-03-05T09:00:00+08:00', reason: '关闭取缔' },
};

const grade = (by: Actor = cityAdmin, data: Partial<GradeStandardization['data']> = {}): GradeStandardization => ({
  type: 'GradeStandardization',
  data: { uscc: USCC, level: 2, gradedAt: '2025-03-08T10:00:00+08:00', ...data },
  metadata: meta(by),
});
const establish = (
  by: Actor = itself,
  data: Partial<EstablishResponsibilitySystem['data']> = {},
): EstablishResponsibilitySystem => ({
  type: 'EstablishResponsibilitySystem',
  data: { uscc: USCC, establishedAt: '2025-03-08T10:00:00+08:00', postsCovered: 42, ...data },
  metadata: meta(by),
});
const close = (by: Actor = supervisor, data: Partial<CloseEnterprise['data']> = {}): CloseEnterprise => ({
  type: 'CloseEnterprise',
  data: { uscc: USCC, closedAt: '2025-03-09T10:00:00+08:00', reason: '停产关闭', ...data },
  metadata: meta(by),
});

const enterprise = spec(enterpriseDecider);

// ─── RegisterEnterprise ──────────────────────────────────────────────────────────────────────────

describe('RegisterEnterprise', () => {
  it('registers, taking the high-risk flag from the sector when highRisk is null', () => {
    enterprise.given([]).when(register()).then([registered]);
  });

  it('keeps an explicit highRisk over the sector flag', () => {
    enterprise
      .given([])
      .when(register(cityAdmin, { highRisk: false }))
      .then([{ ...registered, data: { ...registered.data, highRisk: false } }]);
  });

  it('takes false from a sector that is not high-risk', () => {
    enterprise
      .given([])
      .when(register(cityAdmin, { sector: 'commerce_trade', industryCode: 'F52', riskTags: [] }))
      .then([{ ...registered, data: { ...registered.data, sector: 'commerce_trade', industryCode: 'F52', riskTags: [], highRisk: false } }]);
  });

  it('records a repeated risk tag once', () => {
    enterprise
      .given([])
      .when(register(cityAdmin, { riskTags: ['confined_space', 'major_hazard_source', 'confined_space'] }))
      .then([{ ...registered, data: { ...registered.data, riskTags: ['confined_space', 'major_hazard_source'] } }]);
  });

  it.each([
    ['an inspector of the district', inspector],
    ['a district supervisor of the district', supervisor],
    ['the enterprise itself', itself],
  ])('may be done by %s', (_who, by) => {
    enterprise.given([]).when(register(by)).then([registered]);
  });

  it.each([
    ['an inspector of another district', otherInspector],
    ['a supervisor of another district', otherSupervisor],
    ['another enterprise', otherEnterprise],
    ['an auditor', actor('auditor')],
    ['an analyst', actor('analyst')],
    ['the system', actor('system')],
  ])('is forbidden to %s', (_who, by) => {
    enterprise.given([]).when(register(by)).thenRefused('forbidden');
  });

  it('refuses to register twice', () => {
    enterprise.given([registered]).when(register()).thenRefused('enterprise_exists', USCC);
  });

  it('refuses to register a closed enterprise again: nothing follows a closure', () => {
    enterprise.given([registered, closed]).when(register()).thenRefused('enterprise_closed');
  });

  it.each([
    ['a wrong check character', '91500106MA6000001D'],
    ['a letter outside the alphabet', '91500106MA600000IC'],
    ['lower case', '91500106ma6000001c'],
    ['17 characters', '91500106MA6000001'],
  ])('refuses a USCC with %s', (_what, uscc) => {
    // The enterprise role would be judged on its own USCC: register as city_admin.
    enterprise.given([]).when(register(cityAdmin, { uscc })).thenRefused('invalid_uscc', uscc);
  });

  it('refuses an empty name', () => {
    enterprise.given([]).when(register(cityAdmin, { name: '  ' })).thenRefused('name_required');
  });

  it.each(['', 'C26145', 'Z', 'c26', 'C2'])('refuses the industry code %p', (industryCode) => {
    enterprise.given([]).when(register(cityAdmin, { industryCode })).thenRefused('invalid_industry_code');
  });

  it.each(['C', 'C26', 'C261', 'C2614'])('accepts the industry code %p at any level', (industryCode) => {
    enterprise
      .given([])
      .when(register(cityAdmin, { industryCode }))
      .then([{ ...registered, data: { ...registered.data, industryCode } }]);
  });

  it('refuses an unknown district', () => {
    enterprise.given([]).when(register(cityAdmin, { districtCode: '110101' })).thenRefused('unknown_district', '110101');
  });

  it('refuses an unknown sector', () => {
    enterprise.given([]).when(register(cityAdmin, { sector: 'space_mining' })).thenRefused('unknown_sector', 'space_mining');
  });

  it('refuses an unknown risk tag, naming it', () => {
    enterprise
      .given([])
      .when(register(cityAdmin, { riskTags: ['major_hazard_source', 'volcano'] }))
      .thenRefused('unknown_risk_tag', 'volcano');
  });

  it('refuses a registration time without offset', () => {
    enterprise.given([]).when(register(cityAdmin, { registeredAt: '2025-03-01T09:00:00' })).thenRefused('invalid_time');
  });

  it('refuses a registration time more than five minutes after now', () => {
    // now 12:00 CST; 12:05:01 is 5 min 1 s ahead
    enterprise.given([]).when(register(cityAdmin, { registeredAt: '2025-03-10T12:05:01+08:00' })).thenRefused('occurred_in_future');
  });

  it('accepts a registration time within the five minutes of clock skew', () => {
    enterprise
      .given([])
      .when(register(cityAdmin, { registeredAt: '2025-03-10T04:05:00Z' })) // 12:05:00 CST
      .then([{ ...registered, data: { ...registered.data, registeredAt: '2025-03-10T04:05:00Z' } }]);
  });

  it('refuses a command whose metadata.now is not an instant', () => {
    enterprise.given([]).when(register(cityAdmin, {}, 'yesterday')).thenRefused('invalid_time');
  });
});

// ─── GradeStandardization ────────────────────────────────────────────────────────────────────────

describe('GradeStandardization', () => {
  it('grades with validUntil three years after the CST date of grading', () => {
    // 2025-03-08 (CST) + 3 years = 2028-03-08
    enterprise
      .given([registered])
      .when(grade())
      .then([{ type: 'StandardizationGraded', data: { uscc: USCC, level: 2, gradedAt: '2025-03-08T10:00:00+08:00', validUntil: '2028-03-08' } }]);
  });

  it('counts the grading date in CST: 2024-12-31T20:00Z is 2025-01-01, valid until 2028-01-01', () => {
    const event: StandardizationGraded = {
      type: 'StandardizationGraded',
      data: { uscc: USCC, level: 1, gradedAt: '2024-12-31T20:00:00Z', validUntil: '2028-01-01' },
    };
    enterprise
      .given([{ ...registered, data: { ...registered.data, registeredAt: '2024-01-01T00:00:00+08:00' } }])
      .when({ ...grade(cityAdmin, { level: 1, gradedAt: '2024-12-31T20:00:00Z' }), metadata: meta(cityAdmin, '2025-01-02T00:00:00+08:00') })
      .then([event]);
  });

  it('grades on a leap day valid until 28 February three years later', () => {
    enterprise
      .given([registered])
      .when(grade(cityAdmin, { level: 3, gradedAt: '2024-02-29T10:00:00+08:00' }))
      .then([{ type: 'StandardizationGraded', data: { uscc: USCC, level: 3, gradedAt: '2024-02-29T10:00:00+08:00', validUntil: '2027-02-28' } }]);
  });

  it.each([
    ['an inspector of the district', inspector],
    ['a district supervisor of the district', supervisor],
  ])('may be done by %s', (_who, by) => {
    enterprise
      .given([registered])
      .when(grade(by))
      .then([{ type: 'StandardizationGraded', data: { uscc: USCC, level: 2, gradedAt: '2025-03-08T10:00:00+08:00', validUntil: '2028-03-08' } }]);
  });

  it.each([
    ['the enterprise itself (it does not grade itself)', itself],
    ['an inspector of another district', otherInspector],
    ['an auditor', actor('auditor')],
    ['an analyst', actor('analyst')],
  ])('is forbidden to %s', (_who, by) => {
    enterprise.given([registered]).when(grade(by)).thenRefused('forbidden');
  });

  it.each([0, 4, 1.5])('refuses level %p', (level) => {
    enterprise
      .given([registered])
      .when(grade(cityAdmin, { level: level as 1 }))
      .thenRefused('invalid_standardization_level');
  });

  it('refuses an unregistered enterprise', () => {
    enterprise.given([]).when(grade()).thenRefused('enterprise_not_found');
  });

  it('refuses a command naming another enterprise than the stream’s', () => {
    enterprise.given([registered]).when(grade(cityAdmin, { uscc: OTHER_USCC })).thenRefused('enterprise_not_found');
  });

  it('refuses a closed enterprise', () => {
    enterprise.given([registered, closed]).when(grade()).thenRefused('enterprise_closed');
  });

  it('refuses a grading in the future', () => {
    enterprise.given([registered]).when(grade(cityAdmin, { gradedAt: '2025-03-11T10:00:00+08:00' })).thenRefused('occurred_in_future');
  });
});

// ─── EstablishResponsibilitySystem ───────────────────────────────────────────────────────────────

describe('EstablishResponsibilitySystem', () => {
  const established = {
    type: 'ResponsibilitySystemEstablished' as const,
    data: { uscc: USCC, establishedAt: '2025-03-08T10:00:00+08:00', postsCovered: 42 },
  };

  it.each([
    ['the enterprise itself', itself],
    ['an inspector of the district', inspector],
    ['city_admin', cityAdmin],
  ])('is recorded by %s', (_who, by) => {
    enterprise.given([registered]).when(establish(by)).then([established]);
  });

  it.each([
    ['another enterprise', otherEnterprise],
    ['a supervisor of another district', otherSupervisor],
    ['an auditor', actor('auditor')],
  ])('is forbidden to %s', (_who, by) => {
    enterprise.given([registered]).when(establish(by)).thenRefused('forbidden');
  });

  it.each([0, -3, 2.5, Number.NaN])('refuses postsCovered %p', (postsCovered) => {
    enterprise.given([registered]).when(establish(itself, { postsCovered })).thenRefused('invalid_posts_covered');
  });

  it('refuses an unregistered enterprise', () => {
    enterprise.given([]).when(establish()).thenRefused('enterprise_not_found');
  });

  it('refuses a closed enterprise', () => {
    enterprise.given([registered, closed]).when(establish()).thenRefused('enterprise_closed');
  });
});

// ─── CloseEnterprise ─────────────────────────────────────────────────────────────────────────────

describe('CloseEnterprise', () => {
  const closedNow: EnterpriseClosed = {
    type: 'EnterpriseClosed',
    data: { uscc: USCC, closedAt: '2025-03-09T10:00:00+08:00', reason: '停产关闭' },
  };

  it.each([
    ['a district supervisor of the district', supervisor],
    ['an inspector of the district', inspector],
    ['city_admin', cityAdmin],
  ])('is done by %s', (_who, by) => {
    enterprise.given([registered]).when(close(by)).then([closedNow]);
  });

  it.each([
    ['the enterprise itself (closure is a regulator’s act)', itself],
    ['a supervisor of another district', otherSupervisor],
    ['an analyst', actor('analyst')],
  ])('is forbidden to %s', (_who, by) => {
    enterprise.given([registered]).when(close(by)).thenRefused('forbidden');
  });

  it('refuses to close twice', () => {
    enterprise.given([registered, closed]).when(close()).thenRefused('enterprise_closed');
  });

  it('refuses an unregistered enterprise', () => {
    enterprise.given([]).when(close()).thenRefused('enterprise_not_found');
  });

  it('refuses a closure time that is not an instant', () => {
    enterprise.given([registered]).when(close(supervisor, { closedAt: '2025-03-09' })).thenRefused('invalid_time');
  });
});

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

describe('evolve', () => {
  it('folds a whole life into the state', () => {
    expect(
      enterprise
        .given([
          registered,
          { type: 'StandardizationGraded', data: { uscc: USCC, level: 2, gradedAt: '2025-03-02T10:00:00+08:00', validUntil: '2028-03-02' } },
          { type: 'ResponsibilitySystemEstablished', data: { uscc: USCC, establishedAt: '2025-03-03T10:00:00+08:00', postsCovered: 7 } },
          closed,
        ])
        .state(),
    ).toEqual({
      status: 'closed',
      uscc: USCC,
      name: '重庆某化工有限公司',
      districtCode: DISTRICT,
      sector: 'hazardous_chemicals',
      industryCode: 'C2614',
      riskTags: ['major_hazard_source'],
      highRisk: true,
      registeredAt: '2025-03-01T09:00:00+08:00',
      standardization: { level: 2, gradedAt: '2025-03-02T10:00:00+08:00', validUntil: '2028-03-02' },
      responsibilitySystemEstablishedAt: '2025-03-03T10:00:00+08:00',
      closedAt: '2025-03-05T09:00:00+08:00',
    });
  });

  it('starts unregistered', () => {
    expect(enterprise.given([]).state()).toEqual({ status: 'unregistered' });
  });

  it('is the state a registration leads to', () => {
    enterprise.given([]).when(register()).thenState({
      status: 'open',
      uscc: USCC,
      name: '重庆某化工有限公司',
      districtCode: DISTRICT,
      sector: 'hazardous_chemicals',
      industryCode: 'C2614',
      riskTags: ['major_hazard_source'],
      highRisk: true,
      registeredAt: '2025-03-01T09:00:00+08:00',
      standardization: null,
      responsibilitySystemEstablishedAt: null,
      closedAt: null,
    });
  });
});
