import type { Actor, CommandMetadata } from '../core/actor.js';
import { spec } from '../core/decider-spec.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import type { IssueCertificate, RecordTraining, RevokeCertificate } from './training.commands.js';
import { trainingDecider } from './training.decider.js';
import {
  certificateIdOf,
  certificateStreamId,
  trainingStreamId,
  type CertificateIssued,
  type CertificateRevoked,
  type TrainingRecorded,
} from './training.events.js';
import { trainingEventOccurredAt } from './training.occurred-at.js';

// ─── fixtures ────────────────────────────────────────────────────────────────────────────────────
//
// A chemicals enterprise of 沙坪坝区 (500106): its principal trained 2025-03-01, one of its special
// operators certified 2025-03-10 (valid six years: to 2031-03-10). Commands are issued at NOW.

const USCC = '91500106MA6000001C';
const OTHER_USCC = '91500111MA6000002N';
const DISTRICT = '500106';
const OTHER_DISTRICT = '500111';
const NOW = '2025-04-15T12:00:00+08:00';
const TRAINING_ID = '0195a0c0-0000-7000-8000-0000000000a1';
const CERT_ID = certificateIdOf(USCC, 2025, '0195a0c0-0000-7000-8000-0000000000c1');

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
const itself = actor('enterprise', { enterpriseUscc: USCC });
const otherEnterprise = actor('enterprise', { enterpriseUscc: OTHER_USCC });

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
const closedEnterprise: EnterpriseState = { ...openEnterprise, status: 'closed', closedAt: '2025-02-01T09:00:00+08:00' };
const reference = { districtCodes: new Set([DISTRICT, OTHER_DISTRICT]), sectorCodes: new Set(['hazardous_chemicals', 'gas']) };

const record = (
  by: Actor = itself,
  data: Partial<RecordTraining['data']> = {},
  enterprise: EnterpriseState | null = openEnterprise,
  now = NOW,
): RecordTraining => ({
  type: 'RecordTraining',
  data: {
    trainingId: TRAINING_ID,
    audience: 'principal',
    personRef: 'p-0001-abcd',
    districtCode: DISTRICT,
    sector: null,
    enterpriseUscc: USCC,
    topic: '主要负责人安全生产知识和管理能力培训',
    completedAt: '2025-03-01T17:00:00+08:00',
    passed: true,
    ...data,
  },
  context: { enterprise },
  reference,
  metadata: meta(by, now),
});

const recorded: TrainingRecorded = {
  type: 'TrainingRecorded',
  data: {
    trainingId: TRAINING_ID,
    audience: 'principal',
    personRef: 'p-0001-abcd',
    districtCode: DISTRICT,
    sector: 'hazardous_chemicals',
    enterpriseUscc: USCC,
    topic: '主要负责人安全生产知识和管理能力培训',
    completedAt: '2025-03-01T17:00:00+08:00',
    passed: true,
  },
};

const issue = (by: Actor = itself, data: Partial<IssueCertificate['data']> = {}, enterprise: EnterpriseState = openEnterprise): IssueCertificate => ({
  type: 'IssueCertificate',
  data: {
    certificateId: CERT_ID,
    personRef: 'so-0002-wxyz',
    enterpriseUscc: USCC,
    operationType: '危险化学品安全作业/氯化工艺作业',
    issuedAt: '2025-03-10T10:00:00+08:00',
    validUntil: null,
    ...data,
  },
  context: { enterprise },
  metadata: meta(by),
});

const issued: CertificateIssued = {
  type: 'CertificateIssued',
  data: {
    certificateId: CERT_ID,
    personRef: 'so-0002-wxyz',
    enterpriseUscc: USCC,
    districtCode: DISTRICT,
    sector: 'hazardous_chemicals',
    operationType: '危险化学品安全作业/氯化工艺作业',
    issuedAt: '2025-03-10T10:00:00+08:00',
    validUntil: '2031-03-10',
  },
};

const revoke = (by: Actor = inspector, data: Partial<RevokeCertificate['data']> = {}): RevokeCertificate => ({
  type: 'RevokeCertificate',
  data: { certificateId: CERT_ID, revokedAt: '2025-04-01T09:00:00+08:00', reason: '违章作业', ...data },
  metadata: meta(by),
});
const revoked: CertificateRevoked = {
  type: 'CertificateRevoked',
  data: { certificateId: CERT_ID, revokedAt: '2025-04-01T09:00:00+08:00', reason: '违章作业' },
};

const s = spec(trainingDecider);

// ─── RecordTraining ──────────────────────────────────────────────────────────────────────────────

describe('RecordTraining', () => {
  it('records a principal training under the enterprise district and sector', () => {
    s.given([]).when(record()).then([recorded]);
  });

  it('takes the sector from the enterprise even when the body names it', () => {
    s.given([]).when(record(itself, { sector: 'hazardous_chemicals' })).then([recorded]);
  });

  it('records a party/government leader training without an enterprise (sector null)', () => {
    const cmd = record(inspector, { audience: 'party_government_leader', enterpriseUscc: null, personRef: 'leader_0001' }, null);
    s.given([]).when(cmd).then([
      { type: 'TrainingRecorded', data: { ...recorded.data, audience: 'party_government_leader', enterpriseUscc: null, sector: null, personRef: 'leader_0001' } },
    ]);
  });

  it('records an enforcement officer training with a sector and no enterprise', () => {
    const cmd = record(cityAdmin, { audience: 'enforcement_officer', enterpriseUscc: null, sector: 'gas' }, null);
    s.given([]).when(cmd).then([{ type: 'TrainingRecorded', data: { ...recorded.data, audience: 'enforcement_officer', enterpriseUscc: null, sector: 'gas' } }]);
  });

  it('records a failed training as not passed', () => {
    s.given([]).when(record(itself, { passed: false })).then([{ ...recorded, data: { ...recorded.data, passed: false } }]);
  });

  it.each(['principal', 'other_leader', 'worker', 'special_operations'] as const)('refuses a %s training without an enterprise', (audience) => {
    s.given([]).when(record(cityAdmin, { audience, enterpriseUscc: null }, null)).thenRefused('enterprise_required', audience);
  });

  it.each(['张三', 'zhang san x', 'short', 'a'.repeat(65), 'p-0001/abcd'])('refuses personRef %j (not a pseudonymous id)', (personRef) => {
    s.given([]).when(record(itself, { personRef })).thenRefused('invalid_person_ref');
  });

  it('refuses an unknown audience', () => {
    s.given([]).when(record(itself, { audience: 'visitor' as never })).thenRefused('unknown_audience');
  });

  it('refuses an unknown district', () => {
    s.given([]).when(record(cityAdmin, { districtCode: '999999', enterpriseUscc: null, audience: 'enforcement_officer' }, null)).thenRefused('unknown_district');
  });

  it('refuses an unknown sector', () => {
    s.given([]).when(record(itself, { sector: 'spaceflight' })).thenRefused('unknown_sector');
  });

  it('refuses an unregistered enterprise, or a state of another enterprise', () => {
    s.given([]).when(record(itself, {}, { status: 'unregistered' })).thenRefused('enterprise_not_found', USCC);
    s.given([]).when(record(itself, {}, null)).thenRefused('enterprise_not_found');
    s.given([]).when(record(cityAdmin, { enterpriseUscc: OTHER_USCC })).thenRefused('enterprise_not_found', OTHER_USCC);
  });

  it('refuses a closed enterprise', () => {
    s.given([]).when(record(itself, {}, closedEnterprise)).thenRefused('enterprise_closed');
  });

  it('refuses a district or sector other than the enterprise’s', () => {
    s.given([]).when(record(itself, { districtCode: OTHER_DISTRICT })).thenRefused('enterprise_district_mismatch');
    s.given([]).when(record(itself, { sector: 'gas' })).thenRefused('enterprise_sector_mismatch');
  });

  it('refuses a training recorded twice', () => {
    s.given([recorded]).when(record()).thenRefused('training_exists');
  });

  it('refuses bad and future times, and an empty topic', () => {
    s.given([]).when(record(itself, { completedAt: '2025-03-01 17:00' })).thenRefused('invalid_time');
    s.given([]).when(record(itself, { completedAt: '2025-04-15T12:06:00+08:00' })).thenRefused('occurred_in_future');
    s.given([]).when(record(itself, {}, openEnterprise, 'yesterday')).thenRefused('invalid_time');
    s.given([]).when(record(itself, { topic: '  ' })).thenRefused('topic_required');
  });

  it('lets the enterprise itself, inspectors and supervisors of its district and city_admin record', () => {
    for (const by of [itself, inspector, supervisor, cityAdmin]) s.given([]).when(record(by)).then([recorded]);
  });

  it('refuses another enterprise, another district, read-only roles and the system', () => {
    s.given([]).when(record(otherEnterprise)).thenRefused('forbidden', USCC);
    s.given([]).when(record(otherInspector)).thenRefused('forbidden', DISTRICT);
    s.given([]).when(record(actor('auditor'))).thenRefused('forbidden', 'writes nothing');
    s.given([]).when(record(actor('analyst'))).thenRefused('forbidden', 'writes nothing');
    s.given([]).when(record(actor('system'))).thenRefused('forbidden');
  });

  it('refuses an enterprise recording a training that names no enterprise', () => {
    s.given([]).when(record(itself, { audience: 'party_government_leader', enterpriseUscc: null }, null)).thenRefused('forbidden');
  });
});

// ─── IssueCertificate ────────────────────────────────────────────────────────────────────────────

describe('IssueCertificate', () => {
  it('issues a certificate valid six years from the CST issue date by default', () => {
    s.given([]).when(issue()).then([issued]);
  });

  it('counts the six years from the CST date (2024-12-31T20:00Z is 2025-01-01)', () => {
    s.given([]).when(issue(itself, { issuedAt: '2024-12-31T20:00:00Z' })).then([
      { ...issued, data: { ...issued.data, issuedAt: '2024-12-31T20:00:00Z', validUntil: '2031-01-01' } },
    ]);
  });

  it('keeps a validity that is given', () => {
    s.given([]).when(issue(itself, { validUntil: '2028-03-09' })).then([{ ...issued, data: { ...issued.data, validUntil: '2028-03-09' } }]);
  });

  it('refuses a validity that is not a date or ends before the issue', () => {
    s.given([]).when(issue(itself, { validUntil: '2028-02-30' })).thenRefused('invalid_date');
    s.given([]).when(issue(itself, { validUntil: '2025-03-09' })).thenRefused('validity_before_issue');
  });

  it('refuses a name as personRef, an empty operation type, bad and future times', () => {
    s.given([]).when(issue(itself, { personRef: '李四' })).thenRefused('invalid_person_ref');
    s.given([]).when(issue(itself, { operationType: '' })).thenRefused('operation_type_required');
    s.given([]).when(issue(itself, { issuedAt: '2025-03-10' })).thenRefused('invalid_time');
    s.given([]).when(issue(itself, { issuedAt: '2026-01-01T00:00:00+08:00' })).thenRefused('occurred_in_future');
  });

  it('refuses an unregistered or closed enterprise', () => {
    s.given([]).when(issue(itself, {}, { status: 'unregistered' })).thenRefused('enterprise_not_found');
    s.given([]).when(issue(itself, {}, closedEnterprise)).thenRefused('enterprise_closed');
  });

  it('refuses a certificate issued twice', () => {
    s.given([issued]).when(issue()).thenRefused('certificate_exists');
  });

  it('refuses who may not', () => {
    s.given([]).when(issue(otherEnterprise)).thenRefused('forbidden');
    s.given([]).when(issue(otherInspector)).thenRefused('forbidden');
    s.given([]).when(issue(actor('auditor'))).thenRefused('forbidden');
  });
});

// ─── RevokeCertificate ───────────────────────────────────────────────────────────────────────────

describe('RevokeCertificate', () => {
  it('revokes an issued certificate', () => {
    s.given([issued]).when(revoke()).then([revoked]);
    s.given([recorded, issued]).when(revoke(cityAdmin)).then([revoked]);
  });

  it('refuses a certificate revoked again', () => {
    s.given([issued, revoked]).when(revoke()).thenRefused('certificate_revoked', CERT_ID);
  });

  it('refuses an unknown certificate', () => {
    s.given([]).when(revoke()).thenRefused('certificate_not_found');
  });

  it('refuses a revocation before the issue, in the future, with a bad time or without a reason', () => {
    s.given([issued]).when(revoke(inspector, { revokedAt: '2025-03-01T09:00:00+08:00' })).thenRefused('chronology');
    s.given([issued]).when(revoke(inspector, { revokedAt: '2025-05-01T09:00:00+08:00' })).thenRefused('occurred_in_future');
    s.given([issued]).when(revoke(inspector, { revokedAt: 'soon' })).thenRefused('invalid_time');
    s.given([issued]).when(revoke(inspector, { reason: ' ' })).thenRefused('reason_required');
  });

  it('refuses who may not', () => {
    s.given([issued]).when(revoke(otherInspector)).thenRefused('forbidden', DISTRICT);
    s.given([issued]).when(revoke(otherEnterprise)).thenRefused('forbidden');
    s.given([issued]).when(revoke(actor('analyst'))).thenRefused('forbidden');
  });
});

// ─── evolve, ids, occurredAt ─────────────────────────────────────────────────────────────────────

describe('training stream state and ids', () => {
  it('folds trainings and certificates, a revocation marking the certificate', () => {
    const state = s.given([recorded, issued, revoked]).state();
    expect(state).toEqual({
      trainingIds: [TRAINING_ID],
      certificates: [
        {
          certificateId: CERT_ID,
          personRef: 'so-0002-wxyz',
          enterpriseUscc: USCC,
          districtCode: DISTRICT,
          issuedAt: '2025-03-10T10:00:00+08:00',
          status: 'revoked',
          revokedAt: '2025-04-01T09:00:00+08:00',
        },
      ],
    });
  });

  it('ignores a replayed event', () => {
    expect(s.given([recorded, recorded, issued, issued]).state()).toEqual(s.given([recorded, issued]).state());
  });

  it('names streams and routes certificate ids to their stream', () => {
    expect(trainingStreamId(USCC, 2025)).toBe(`training-${USCC}-2025`);
    expect(trainingStreamId('CQ-LJXQ', 2024)).toBe('training-CQ-LJXQ-2024');
    expect(certificateStreamId(CERT_ID)).toBe(`training-${USCC}-2025`);
    expect(certificateStreamId('not-a-certificate')).toBeNull();
    expect(certificateStreamId(`${USCC}-2025-0195a0c0`)).toBeNull();
  });

  it('dates each event by the fact it records', () => {
    expect(trainingEventOccurredAt(recorded)).toBe(recorded.data.completedAt);
    expect(trainingEventOccurredAt(issued)).toBe(issued.data.issuedAt);
    expect(trainingEventOccurredAt(revoked)).toBe(revoked.data.revokedAt);
  });
});
