import type { Actor, CommandMetadata } from '../core/actor.js';
import { spec } from '../core/decider-spec.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import type { PayReward, ReadReporterIdentity, ReceiveReport, ShredReporterIdentity, VerifyReport } from './report.commands.js';
import { reportDecider } from './report.decider.js';
import { reportStreamId, type ReportReceived, type ReportVerified, type ReporterIdentityEnvelope, type ReporterIdentityShredded, type RewardPaid } from './report.events.js';
import { reportEventOccurredAt } from './report.occurred-at.js';
import { suggestedRewardFen } from './report.reward.js';

// A report on 沙坪坝区 (500106) received 2025-03-01 09:00 CST, verified 2025-03-10, paid 2025-04-01.
// Commands are issued at NOW, 2025-04-15 12:00 CST.
const DISTRICT = '500106';
const OTHER = '500111';
const NOW = '2025-04-15T12:00:00+08:00';
const REPORT_ID = '0195a0c0-0000-7000-8000-0000000000a1';
const HAZARD_ID = '0195a0c0-0000-7000-8000-0000000000b1';
const USCC = '91500106MA6000001C';
const ENVELOPE: ReporterIdentityEnvelope = { keyId: REPORT_ID, iv: 'AAAAAAAAAAAAAAAA', ciphertext: 'c2VjcmV0', authTag: 'AAAAAAAAAAAAAAAAAAAAAA==' };
const enterprise: EnterpriseState = {
  status: 'open', uscc: USCC, name: '某化工厂', districtCode: DISTRICT, sector: 'hazardous_chemicals', industryCode: 'C26', riskTags: [],
  highRisk: true, registeredAt: '2024-01-01T00:00:00+08:00', standardization: null, responsibilitySystemEstablishedAt: null, closedAt: null,
};

const actor = (role: Actor['role'], districtCode: string | null = null): Actor => ({ subject: `user-${role}`, role, districtCode, enterpriseUscc: null, organisation: 'test' });
const cityAdmin = actor('city_admin');
const supervisor = actor('district_supervisor', DISTRICT);
const inspector = actor('inspector', DISTRICT);
const meta = (by: Actor, now = NOW): CommandMetadata => ({ actor: by, now, correlationId: 'corr-1', causationId: null });

const receive = (data: Partial<ReceiveReport['data']> = {}, by: Actor = cityAdmin, ent: EnterpriseState | null = enterprise): ReceiveReport => ({
  type: 'ReceiveReport',
  data: { reportId: REPORT_ID, districtCode: DISTRICT, sector: 'hazardous_chemicals', enterpriseUscc: USCC, channel: 'phone', summary: '仓库违规储存危化品', receivedAt: '2025-03-01T09:00:00+08:00', reporterIdentity: ENVELOPE, ...data },
  context: { districtCodes: new Set([DISTRICT, OTHER]), sectorCodes: new Set(['hazardous_chemicals']), enterprise: ent },
  metadata: meta(by),
});
const verify = (data: Partial<VerifyReport['data']> = {}, hazardExists = true, by: Actor = cityAdmin): VerifyReport => ({
  type: 'VerifyReport',
  data: { substantiated: true, hazardId: HAZARD_ID, fineFen: 20_000_000, verifiedAt: '2025-03-10T09:00:00+08:00', ...data },
  context: { hazardExists },
  metadata: meta(by),
});
const pay = (data: Partial<PayReward['data']> = {}, by: Actor = cityAdmin): PayReward => ({
  type: 'PayReward', data: { amountFen: 3_000_000, overrideReason: null, paidAt: '2025-04-01T09:00:00+08:00', ...data }, metadata: meta(by),
});
const read = (purpose = '核实举报人身份以发放奖励', by: Actor = cityAdmin): ReadReporterIdentity => ({ type: 'ReadReporterIdentity', data: { purpose, readAt: NOW }, metadata: meta(by) });
const shred = (by: Actor = cityAdmin): ShredReporterIdentity => ({ type: 'ShredReporterIdentity', data: { shreddedAt: NOW }, metadata: meta(by) });

const received: ReportReceived = { type: 'ReportReceived', data: { ...receive().data, reporterIdentity: { ...ENVELOPE } } };
const anonymous: ReportReceived = { type: 'ReportReceived', data: { ...received.data, reporterIdentity: null } };
const verified: ReportVerified = { type: 'ReportVerified', data: { reportId: REPORT_ID, substantiated: true, hazardId: HAZARD_ID, fineFen: 20_000_000, verifiedAt: '2025-03-10T09:00:00+08:00' } };
const unsubstantiated: ReportVerified = { type: 'ReportVerified', data: { ...verified.data, substantiated: false, hazardId: null, fineFen: null } };
const paid: RewardPaid = { type: 'RewardPaid', data: { reportId: REPORT_ID, amountFen: 3_000_000, suggestedFen: 3_000_000, overrideReason: null, paidAt: '2025-04-01T09:00:00+08:00' } };
const shredded: ReporterIdentityShredded = { type: 'ReporterIdentityShredded', data: { reportId: REPORT_ID, shreddedAt: NOW } };

const r = spec(reportDecider);

describe('suggestedRewardFen (15% of the fine, ¥3,000 to ¥300,000, half up to the fen)', () => {
  it.each([
    [0, 300_000], // no fine: the floor
    [null, 300_000],
    [2_000_000, 300_000], // 15% is exactly the floor
    [2_000_007, 300_001], // 300001.05 → 300001
    [20_000_000, 3_000_000], // ¥200,000 fine → ¥30,000
    [20_000_003, 3_000_000], // 3000000.45 → down
    [20_000_010, 3_000_002], // 3000001.5 → half up
    [200_000_000, 30_000_000], // exactly the cap
    [300_000_000, 30_000_000], // 45,000,000 capped
    [Number.MAX_SAFE_INTEGER, 30_000_000],
  ])('fine %p fen → %p fen', (fine, expected) => {
    expect(suggestedRewardFen(fine)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN])('refuses a fine of %p', (fine) => {
    expect(() => suggestedRewardFen(fine)).toThrow(RangeError);
  });
});

describe('ReceiveReport', () => {
  it('receives a report with its identity as an envelope', () => {
    r.given([]).when(receive()).then([received]);
  });

  it('receives an anonymous report without sector or enterprise', () => {
    r.given([]).when(receive({ reporterIdentity: null, sector: null, enterpriseUscc: null }, cityAdmin, null)).then([
      { type: 'ReportReceived', data: { ...anonymous.data, sector: null, enterpriseUscc: null } },
    ]);
  });

  it('may be submitted by anyone who writes (an enterprise too), not by the read-only roles or system', () => {
    r.given([]).when(receive({}, { ...actor('enterprise'), enterpriseUscc: USCC })).then([received]);
    for (const by of [actor('auditor'), actor('analyst'), actor('system')]) r.given([]).when(receive({}, by)).thenRefused('forbidden', 'ReceiveReport');
  });

  it('refuses an unknown district, sector or enterprise', () => {
    r.given([]).when(receive({ districtCode: '999999' })).thenRefused('unknown_district', '999999');
    r.given([]).when(receive({ sector: 'mining' })).thenRefused('unknown_sector', 'mining');
    r.given([]).when(receive({}, cityAdmin, null)).thenRefused('unknown_enterprise', USCC);
    r.given([]).when(receive({ enterpriseUscc: '91500106MA6000002A' })).thenRefused('unknown_enterprise');
  });

  it('refuses a channel outside the four, a blank summary, a bad or future time', () => {
    r.given([]).when(receive({ channel: 'fax' as 'phone' })).thenRefused('invalid_channel');
    r.given([]).when(receive({ summary: '  ' })).thenRefused('summary_required');
    r.given([]).when(receive({ receivedAt: '2025-03-01 09:00' })).thenRefused('invalid_time', 'receivedAt');
    r.given([]).when(receive({ receivedAt: '2025-04-15T04:05:01Z' })).thenRefused('occurred_in_future');
  });

  it('refuses an identity that is not an envelope, without echoing it', () => {
    const plain = { name: '张三-PLANTED', contact: '13800000000' } as unknown as ReporterIdentityEnvelope;
    let message = '';
    try {
      reportDecider.decide(receive({ reporterIdentity: plain }), reportDecider.initialState);
    } catch (e) {
      message = (e as Error).message;
      expect((e as { code: string }).code).toBe('invalid_identity_envelope');
    }
    expect(message).not.toContain('PLANTED');
    expect(message).not.toBe('');
    r.given([]).when(receive({ reporterIdentity: { ...ENVELOPE, iv: 'short' } })).thenRefused('invalid_identity_envelope');
    r.given([]).when(receive({ reporterIdentity: { ...ENVELOPE, extra: 'x' } as ReporterIdentityEnvelope })).thenRefused('invalid_identity_envelope');
  });

  it('refuses a second receipt on the stream', () => {
    r.given([received]).when(receive()).thenRefused('report_exists', REPORT_ID);
  });
});

describe('VerifyReport', () => {
  it('verifies a substantiated report with its hazard and fine', () => {
    r.given([received]).when(verify()).then([verified]);
  });

  it('verifies an unsubstantiated report, which links nothing', () => {
    r.given([received]).when(verify({ substantiated: false, hazardId: null, fineFen: null })).then([unsubstantiated]);
    r.given([received]).when(verify({ substantiated: false, fineFen: null })).thenRefused('link_requires_substantiation');
    r.given([received]).when(verify({ substantiated: false, hazardId: null, fineFen: 100 })).thenRefused('link_requires_substantiation');
  });

  it('refuses a hazard that is not reported', () => {
    r.given([received]).when(verify({}, false)).thenRefused('unknown_hazard', HAZARD_ID);
  });

  it('accepts a substantiated report without hazard and fine', () => {
    r.given([received]).when(verify({ hazardId: null, fineFen: null }, false)).then([{ type: 'ReportVerified', data: { ...verified.data, hazardId: null, fineFen: null } }]);
  });

  it.each([-1, 1.5])('refuses a fine of %p fen', (fineFen) => {
    r.given([received]).when(verify({ fineFen })).thenRefused('invalid_amount', 'fineFen');
  });

  it('refuses an unknown report, a second verification and a time before the receipt', () => {
    r.given([]).when(verify()).thenRefused('report_not_found');
    r.given([received, verified]).when(verify()).thenRefused('report_already_verified');
    r.given([received]).when(verify({ verifiedAt: '2025-02-28T09:00:00+08:00' })).thenRefused('chronology');
    r.given([received]).when(verify({ verifiedAt: '2025-05-01T09:00:00+08:00' })).thenRefused('occurred_in_future');
  });

  it('may be done by an inspector or supervisor of the district or city_admin only', () => {
    r.given([received]).when(verify({}, true, inspector)).then([verified]);
    r.given([received]).when(verify({}, true, supervisor)).then([verified]);
    r.given([received]).when(verify({}, true, actor('inspector', OTHER))).thenRefused('forbidden', 'VerifyReport');
    r.given([received]).when(verify({}, true, actor('enterprise'))).thenRefused('forbidden');
  });
});

describe('PayReward', () => {
  it('pays the suggested reward without a reason', () => {
    r.given([received, verified]).when(pay()).then([paid]);
  });

  it('drops a reason given for the suggested amount (nothing is overridden)', () => {
    r.given([received, verified]).when(pay({ overrideReason: '按规定' })).then([paid]);
  });

  it('needs a reason for another amount, and keeps it (trimmed)', () => {
    r.given([received, verified]).when(pay({ amountFen: 5_000_000 })).thenRefused('override_reason_required', '3000000');
    r.given([received, verified]).when(pay({ amountFen: 5_000_000, overrideReason: '  ' })).thenRefused('override_reason_required');
    r.given([received, verified]).when(pay({ amountFen: 5_000_000, overrideReason: ' 重大贡献，市安委会决定提高 ' })).then([
      { type: 'RewardPaid', data: { ...paid.data, amountFen: 5_000_000, overrideReason: '重大贡献，市安委会决定提高' } },
    ]);
  });

  it('suggests the floor for no fine and the cap for a large fine', () => {
    const noFine: ReportVerified = { type: 'ReportVerified', data: { ...verified.data, fineFen: null } };
    r.given([received, noFine]).when(pay({ amountFen: 300_000 })).then([{ type: 'RewardPaid', data: { ...paid.data, amountFen: 300_000, suggestedFen: 300_000 } }]);
    const bigFine: ReportVerified = { type: 'ReportVerified', data: { ...verified.data, fineFen: 300_000_000 } };
    r.given([received, bigFine]).when(pay({ amountFen: 30_000_000 })).then([{ type: 'RewardPaid', data: { ...paid.data, amountFen: 30_000_000, suggestedFen: 30_000_000 } }]);
  });

  it('follows the order: verified, substantiated, once', () => {
    r.given([received]).when(pay()).thenRefused('report_not_verified');
    r.given([received, unsubstantiated]).when(pay()).thenRefused('report_unsubstantiated');
    r.given([received, verified, paid]).when(pay()).thenRefused('reward_already_paid');
    r.given([]).when(pay()).thenRefused('report_not_found');
  });

  it.each([-1, 0.5])('refuses an amount of %p fen', (amountFen) => {
    r.given([received, verified]).when(pay({ amountFen, overrideReason: 'x' })).thenRefused('invalid_amount', 'amountFen');
  });

  it('refuses a payment dated before the verification', () => {
    r.given([received, verified]).when(pay({ paidAt: '2025-03-09T09:00:00+08:00' })).thenRefused('chronology');
  });

  it('may be done by a supervisor of the district or city_admin, not an inspector', () => {
    r.given([received, verified]).when(pay({}, supervisor)).then([paid]);
    r.given([received, verified]).when(pay({}, inspector)).thenRefused('forbidden', 'PayReward');
  });
});

describe('ReadReporterIdentity and ShredReporterIdentity', () => {
  it('records a read with its purpose, in any status', () => {
    for (const given of [[received], [received, verified], [received, verified, paid]]) {
      r.given(given).when(read(' 核实 ')).then([{ type: 'ReporterIdentityRead', data: { reportId: REPORT_ID, readAt: NOW, purpose: '核实' } }]);
    }
  });

  it('refuses a read without purpose, of an anonymous report, after shredding', () => {
    r.given([received]).when(read(' ')).thenRefused('purpose_required');
    r.given([anonymous]).when(read()).thenRefused('no_identity');
    r.given([received, shredded]).when(read()).thenRefused('identity_shredded');
  });

  it('shreds once; an anonymous report has nothing to shred', () => {
    r.given([received, verified]).when(shred()).then([shredded]);
    r.given([received, shredded]).when(shred()).thenRefused('identity_shredded');
    r.given([anonymous]).when(shred()).thenRefused('no_identity');
  });

  it('is for a supervisor of the district or city_admin only', () => {
    r.given([received]).when(read(undefined, supervisor)).then([{ type: 'ReporterIdentityRead', data: { reportId: REPORT_ID, readAt: NOW, purpose: '核实举报人身份以发放奖励' } }]);
    for (const by of [inspector, actor('district_supervisor', OTHER), actor('enterprise'), actor('auditor'), actor('analyst')]) {
      r.given([received]).when(read(undefined, by)).thenRefused('forbidden');
      r.given([received]).when(shred(by)).thenRefused('forbidden');
    }
  });
});

describe('evolve, stream id and occurredAt', () => {
  it('folds the life of a report', () => {
    expect(r.given([received, verified, paid, shredded]).state()).toEqual({
      status: 'rewarded', reportId: REPORT_ID, districtCode: DISTRICT, receivedAt: received.data.receivedAt, identity: 'shredded',
      lastOccurredAt: paid.data.paidAt, substantiated: true, hazardId: HAZARD_ID, fineFen: 20_000_000, verifiedAt: verified.data.verifiedAt,
      amountFen: 3_000_000, paidAt: paid.data.paidAt,
    });
    expect(r.given([anonymous]).state()).toMatchObject({ status: 'received', identity: 'none' });
  });

  it('names the stream and the time of each fact', () => {
    expect(reportStreamId(REPORT_ID)).toBe(`report-${REPORT_ID}`);
    expect([received, verified, paid, shredded].map(reportEventOccurredAt)).toEqual([received.data.receivedAt, verified.data.verifiedAt, paid.data.paidAt, NOW]);
    expect(reportEventOccurredAt({ type: 'ReporterIdentityRead', data: { reportId: REPORT_ID, readAt: NOW, purpose: 'p' } })).toBe(NOW);
  });
});
