/**
 * A ledger entry → the commands it implies, each both as the HTTP request the import sends and as
 * the domain command the pre-check decides locally (built from the same values, so the two agree).
 *
 *   ReportHazard at 发现日期 → PlanRectification at 发现日期 (if 整改期限) → CompleteRectification at
 *   整改完成日期 → VerifyRectification (passed) and CloseHazard at 销号日期.
 *
 * A ledger gives dates, not times: each fact is placed at 00:00 CST of its date, so a fact dated
 * today is never in the future and facts of one day keep their order.
 */
import { v5 as uuidv5 } from 'uuid';
import type { Actor, CriterionRef, EnterpriseState, HazardCommand, RegisterEnterprise } from '#domain';
import type { LedgerEntry } from './parse-row.js';
import type { ImportReference } from './match-reference.js';

/** Namespace of hazard ids: uuidv5(`${districtCode}:${隐患编号}`, this). Fixed forever: re-runs name the same hazards. */
export const LEDGER_HAZARD_NAMESPACE = '0b7e4c52-3f61-4d0e-8a27-6c1f95d2e8b4';
/** Namespace of the Idempotency-Keys the import sends: uuidv5(`${hazardId}:${step}`, this). */
export const LEDGER_KEY_NAMESPACE = '5d2a9f10-8e4b-4c73-b1d6-2f0e7a39c845';

/** The steps of a hazard's life a row can state, in order. */
export const STEPS = ['report', 'plan', 'complete', 'verify', 'close'] as const;
export type Step = (typeof STEPS)[number];

/** One command as sent: POST `path` with `body` and `idempotencyKey`. */
export interface StepRequest {
  step: Step;
  path: string;
  body: Record<string, unknown>;
  idempotencyKey: string;
}

/** The actor the pre-check decides as: the API's built-in city administrator (until tokens carry others). */
export const IMPORT_ACTOR: Actor = {
  subject: 'built-in:city-admin',
  role: 'city_admin',
  districtCode: null,
  enterpriseUscc: null,
  organisation: '重庆市安全生产委员会办公室',
};

/** The deterministic id of a ledger's hazard: the district and the 隐患编号 name it. */
export function ledgerHazardId(districtCode: string, ledgerId: string): string {
  return uuidv5(`${districtCode}:${ledgerId}`, LEDGER_HAZARD_NAMESPACE);
}

/** The deterministic Idempotency-Key of one step of one hazard (or `enterprise:{uscc}` for a registration). */
export function stepKey(subject: string, step: string): string {
  return uuidv5(`${subject}:${step}`, LEDGER_KEY_NAMESPACE);
}

/** 00:00 CST of a CST date, as the API takes instants. */
export function atCstMidnight(date: string): string {
  return `${date}T00:00:00+08:00`;
}

/** The hazard requests a row implies, in order. */
export function hazardRequests(entry: LedgerEntry): StepRequest[] {
  const hazardId = ledgerHazardId(entry.districtCode, entry.ledgerId);
  const base = `/api/v1/hazards/${hazardId}`;
  const request = (step: Step, path: string, body: Record<string, unknown>): StepRequest => ({ step, path, body, idempotencyKey: stepKey(hazardId, step) });
  const out: StepRequest[] = [
    request('report', '/api/v1/hazards', {
      hazardId,
      enterpriseUscc: entry.uscc,
      grade: entry.grade,
      ...(entry.criterionCode !== null ? { criterionCode: entry.criterionCode } : {}),
      channel: entry.channel,
      title: entry.title,
      description: entry.description,
      discoveredAt: atCstMidnight(entry.discoveredOn),
    }),
  ];
  if (entry.deadline === null) return out;
  out.push(
    request('plan', `${base}/rectification-plan`, {
      measures: entry.measures === null ? [] : [{ description: entry.measures, deadline: entry.deadline }],
      // Without 整改责任人 the enterprise itself is named responsible (its principal is, by law).
      responsiblePerson: {
        name: entry.responsiblePerson ?? [...entry.enterpriseName].slice(0, 100).join(''),
        ...(entry.responsiblePhone !== null ? { phone: entry.responsiblePhone } : {}),
      },
      deadline: entry.deadline,
      fundsFen: entry.fundsFen ?? 0,
      ...(entry.emergencyPlan !== null ? { emergencyPlan: entry.emergencyPlan } : {}),
      plannedAt: atCstMidnight(entry.discoveredOn),
    }),
  );
  if (entry.completedOn === null) return out;
  out.push(
    request('complete', `${base}/rectification-completion`, {
      completedAt: atCstMidnight(entry.completedOn),
      evidence: entry.evidence ?? `台账记载整改完成（隐患编号 ${entry.ledgerId}）`,
    }),
  );
  if (entry.closedOn === null) return out;
  out.push(request('verify', `${base}/verification`, { verdict: 'passed', verifiedAt: atCstMidnight(entry.closedOn) }));
  out.push(request('close', `${base}/closure`, { closedAt: atCstMidnight(entry.closedOn) }));
  return out;
}

/** The registration request for a row's enterprise; `registeredAt` is 00:00 CST of `registeredOn`. */
export function registrationRequest(entry: LedgerEntry, industryCode: string, registeredOn: string): StepRequest {
  return {
    step: 'report',
    path: '/api/v1/enterprises',
    body: {
      uscc: entry.uscc,
      name: entry.enterpriseName,
      districtCode: entry.districtCode,
      sector: entry.sector,
      industryCode,
      registeredAt: atCstMidnight(registeredOn),
    },
    idempotencyKey: stepKey(`enterprise:${entry.uscc}`, 'register'),
  };
}

/** The RegisterEnterprise domain command of a registration request, as the API's handler builds it. */
export function registerCommand(request: StepRequest, reference: ImportReference, now: string): RegisterEnterprise {
  const b = request.body as { uscc: string; name: string; districtCode: string; sector: string; industryCode: string; registeredAt: string };
  return {
    type: 'RegisterEnterprise',
    data: { uscc: b.uscc, name: b.name, districtCode: b.districtCode, sector: b.sector, industryCode: b.industryCode, riskTags: [], highRisk: null, registeredAt: b.registeredAt },
    reference: {
      districtCodes: new Set(reference.districts.map((d) => d.code)),
      sectors: new Map(reference.sectors.map((s) => [s.code, { highRisk: s.highRisk }])),
      riskTags: new Set(reference.riskTags.map((t) => t.code)),
    },
    metadata: { actor: IMPORT_ACTOR, now, correlationId: 'ledger-import', causationId: null },
  };
}

/** The hazard domain command of a request, as the API's controller and handler build it. */
export function hazardCommand(request: StepRequest, enterprise: EnterpriseState, reference: ImportReference, now: string): HazardCommand {
  const metadata = { actor: IMPORT_ACTOR, now, correlationId: 'ledger-import', causationId: null };
  const b = request.body as Record<string, any>;
  switch (request.step) {
    case 'report': {
      const found = b['criterionCode'] ? reference.criteria.find((c) => c.code === b['criterionCode']) : undefined;
      const criterion: CriterionRef | null = found ? { code: found.code, sectors: found.appliesToSectors, effectiveFrom: found.effectiveFrom } : null;
      return {
        type: 'ReportHazard',
        data: {
          hazardId: b['hazardId'],
          enterpriseUscc: b['enterpriseUscc'],
          grade: b['grade'],
          criterionCode: b['criterionCode'] ?? null,
          channel: b['channel'],
          title: b['title'],
          description: b['description'],
          discoveredAt: b['discoveredAt'],
        },
        context: { enterprise, criterion },
        metadata,
      };
    }
    case 'plan':
      return {
        type: 'PlanRectification',
        data: {
          measures: b['measures'],
          responsiblePerson: { name: b['responsiblePerson'].name, phone: b['responsiblePerson'].phone ?? null },
          deadline: b['deadline'],
          fundsFen: b['fundsFen'],
          emergencyPlan: b['emergencyPlan'] ?? null,
          plannedAt: b['plannedAt'],
        },
        metadata,
      };
    case 'complete':
      return { type: 'CompleteRectification', data: { completedAt: b['completedAt'], evidence: b['evidence'] }, metadata };
    case 'verify':
      return { type: 'VerifyRectification', data: { verifiedAt: b['verifiedAt'], reason: null }, metadata };
    case 'close':
      return { type: 'CloseHazard', data: { closedAt: b['closedAt'] }, metadata };
    default: {
      const unhandled: never = request.step;
      throw new Error(`unhandled step ${String(unhandled)}`);
    }
  }
}
