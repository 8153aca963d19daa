/**
 * An independent recount of `GET /api/v1/statistics/training` from the operations sent, by README.md
 * "What the training figures mean" (plan task 6, 三(四)7, 三(五)9–10).
 */
import { cstDateOf } from './cst-time.js';
import { cutOf, groupKey, rate, rowsFor, sentEnterprises, sentTo, type FigureAnswer, type FigureQuery } from './recount-common.js';
import type { WorkloadOperation } from './workload-model.js';

/**
 * Per row (trainings under the district and sector recorded on them; none without a sector in a sector
 * row), over trainings completed in the year by the cut: `principalsInKeySectors` (enterprises of key
 * sectors registered by the cut and not closed by it, under their unit at the cut) and `principalsTrained`
 * (of those, with a passed `principal` training completed in the year by the cut); `specialOperationsTrainees` (distinct persons with a `special_operations`
 * training) and `specialOperationsCertified` (of them, holding a certificate issued by the cut,
 * `validUntil` on or after it — six years on by default — and not revoked on or before it);
 * `highRiskTrainees` / `highRiskPassed` (distinct persons trained in a high-risk sector / passed such a
 * training); `partyGovernmentLeadersTrained`, `enforcementOfficersTrained` (distinct persons passed);
 * every rate null for 0/0, the two coverages always null.
 */
export function recountTraining(operations: readonly WorkloadOperation[], q: FigureQuery): FigureAnswer {
  const cut = cutOf(q.year, q.today);
  const start = `${q.year}-01-01`;
  const key = new Set(q.sectors.filter((s) => s.keySectorForPrincipalTraining).map((s) => s.code));
  const highRisk = new Set(q.sectors.filter((s) => s.highRisk).map((s) => s.code));
  const certificates: { personRef: string; issued: string; validUntil: string; revoked: string | null }[] = [];
  const byCapture = new Map<string, (typeof certificates)[number]>();
  for (const op of sentTo(operations, /^\/api\/v1\/certificates(\/.*\/revocation)?$/)) {
    if (op.path === '/api/v1/certificates') {
      const issued = cstDateOf(String(op.body['issuedAt']));
      const c = { personRef: String(op.body['personRef']), issued, validUntil: String(op.body['validUntil'] ?? `${Number(issued.slice(0, 4)) + 6}${issued.slice(4)}`), revoked: null };
      certificates.push(c);
      if (op.capture) byCapture.set(op.capture.as, c);
    } else {
      byCapture.get(/\{\{([\w-]+)\}\}/.exec(op.path)![1]!)!.revoked = cstDateOf(String(op.body['revokedAt']));
    }
  }
  const certified = new Set(certificates.filter((c) => c.issued <= cut && c.validUntil >= cut && (c.revoked === null || c.revoked > cut)).map((c) => c.personRef));
  type Acc = { so: Set<string>; hr: Set<string>; hrPassed: Set<string>; pg: Set<string>; eo: Set<string> };
  const acc = new Map<string, Acc>();
  const rows = rowsFor(q, () => ({
    principalsInKeySectors: 0, principalsTrained: 0, principalCoverage: null as number | null,
    specialOperationsTrainees: 0, specialOperationsCertified: 0, certificationRate: null as number | null,
    highRiskTrainees: 0, highRiskPassed: 0, highRiskPassRate: null as number | null,
    partyGovernmentLeadersTrained: 0, partyGovernmentLeadersCoverage: null, enforcementOfficersTrained: 0, enforcementOfficersCoverage: null,
  }));
  for (const k of rows.keys()) acc.set(k, { so: new Set(), hr: new Set(), hrPassed: new Set(), pg: new Set(), eo: new Set() });
  // Principals: an enterprise-based figure, so each enterprise counts under its unit at the cut,
  // trained wherever the training was recorded.
  const principalsPassed = new Set<string>();
  for (const op of sentTo(operations, '/api/v1/trainings')) {
    const b = op.body;
    const date = cstDateOf(String(b['completedAt']));
    if (date < start || date > cut) continue;
    if (b['audience'] === 'principal' && b['passed'] === true) principalsPassed.add(String(b['enterpriseUscc']));
    const sector = b['sector'] === undefined ? null : String(b['sector']);
    const a = acc.get(groupKey(q, String(b['districtCode']), sector, date) ?? '');
    if (!a) continue;
    const person = String(b['personRef']);
    const passed = b['passed'] === true;
    if (b['audience'] === 'special_operations') a.so.add(person);
    if (sector !== null && highRisk.has(sector)) {
      a.hr.add(person);
      if (passed) a.hrPassed.add(person);
    }
    if (b['audience'] === 'party_government_leader' && passed) a.pg.add(person);
    if (b['audience'] === 'enforcement_officer' && passed) a.eo.add(person);
  }
  const keyEnterprises = new Map<string, Set<string>>();
  for (const e of sentEnterprises(operations).values()) {
    if (!key.has(e.sector) || e.registered > cut || (e.closed !== null && e.closed <= cut)) continue;
    const k = groupKey(q, e.districtCode, e.sector, cut)!;
    keyEnterprises.set(k, (keyEnterprises.get(k) ?? new Set()).add(e.uscc));
  }
  for (const [k, row] of rows) {
    const a = acc.get(k)!;
    const denominator = keyEnterprises.get(k) ?? new Set<string>();
    row.principalsInKeySectors = denominator.size;
    row.principalsTrained = [...denominator].filter((u) => principalsPassed.has(u)).length;
    row.principalCoverage = rate(row.principalsTrained, row.principalsInKeySectors);
    row.specialOperationsTrainees = a.so.size;
    row.specialOperationsCertified = [...a.so].filter((p) => certified.has(p)).length;
    row.certificationRate = rate(row.specialOperationsCertified, row.specialOperationsTrainees);
    row.highRiskTrainees = a.hr.size;
    row.highRiskPassed = a.hrPassed.size;
    row.highRiskPassRate = rate(row.highRiskPassed, row.highRiskTrainees);
    row.partyGovernmentLeadersTrained = a.pg.size;
    row.enforcementOfficersTrained = a.eo.size;
  }
  return { rows: [...rows.values()] };
}
