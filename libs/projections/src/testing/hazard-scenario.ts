/**
 * Drives real commands through `handleCommand` and the real deciders, so that tests of projectors,
 * queries and the deadline watcher read events exactly as the API would have appended them.
 * Every command is issued by a city administrator (who may do everything, DOMAIN.md §4) at the
 * time of its own fact (`metadata.now` = the fact's time), so any chronological scenario is accepted.
 */
import { randomUUID } from 'node:crypto';
import type { AppendResult, EventStore } from '#event-store';
import { handleCommand, toDomainEvent } from '#command-handling';
import {
  enterpriseDecider,
  enterpriseEventOccurredAt,
  enterpriseStreamId,
  fold,
  hazardDecider,
  hazardEventOccurredAt,
  hazardStreamId,
  usccCheckCharacter,
  type Actor,
  type EnterpriseCommand,
  type EnterpriseEvent,
  type EscalationMeasure,
  type HazardChannel,
  type HazardCommand,
  type HazardGrade,
  type ProblemList,
  type SupervisionLevel,
} from '#domain';

/** Who issues the scenario's commands. */
export const TEST_CITY_ADMIN: Actor = {
  subject: 'test:city-admin',
  role: 'city_admin',
  districtCode: null,
  enterpriseUscc: null,
  organisation: '重庆市应急管理局 (test)',
};

/** The deadline watcher's role, for recording a missed deadline by hand. */
export const TEST_SYSTEM: Actor = {
  subject: 'system:test',
  role: 'system',
  districtCode: null,
  enterpriseUscc: null,
  organisation: 'test system',
};

/** The criterion every major hazard of a scenario is judged under (sector-less: applies to all). */
export const TEST_CRITERION = { code: 'TEST-MAJOR-1', sectors: [] as string[], effectiveFrom: '2000-01-01' };

/** A small slice of the reference data, enough for registering test enterprises. */
export const TEST_REFERENCE = {
  districtCodes: new Set(['500101', '500102', '500103', '500104']),
  sectors: new Map<string, { highRisk: boolean }>([
    ['hazardous_chemicals', { highRisk: true }],
    ['commerce_trade', { highRisk: false }],
    ['construction', { highRisk: true }],
  ]),
  riskTags: new Set(['major_hazard_source', 'confined_space', 'dust_explosion']),
};

/** A valid USCC (GB 32100-2015) registered in `districtCode`, distinct for each `n` (0…9999). */
export function testUscc(districtCode: string, n: number): string {
  const body = `91${districtCode}MA60A${String(n).padStart(4, '0')}`;
  return body + usccCheckCharacter(body);
}

export interface EnterpriseInput {
  uscc: string;
  districtCode: string;
  sector: string;
  name?: string;
  industryCode?: string;
  riskTags?: string[];
  highRisk?: boolean | null;
  registeredAt?: string;
}

export interface HazardInput {
  uscc: string;
  grade?: HazardGrade;
  channel?: HazardChannel;
  discoveredAt: string;
  hazardId?: string;
  title?: string;
  description?: string;
}

export interface PlanInput {
  deadline: string;
  plannedAt: string;
  fundsFen?: number;
  measures?: { description: string; deadline: string }[];
  responsiblePerson?: { name: string; phone: string | null };
  emergencyPlan?: string | null;
}

/** Commands over a store, each through `handleCommand` with the real decider. */
export class HazardScenario {
  constructor(private readonly store: EventStore) {}

  private meta(now: string, actor: Actor = TEST_CITY_ADMIN, causationId: string | null = null) {
    return { actor, now, correlationId: randomUUID(), causationId };
  }

  /** Runs an enterprise command against `enterprise-{uscc}`. */
  enterprise(uscc: string, command: EnterpriseCommand): Promise<AppendResult> {
    return handleCommand(this.store, {
      streamId: enterpriseStreamId(uscc),
      decider: enterpriseDecider,
      command,
      occurredAt: enterpriseEventOccurredAt,
    });
  }

  /** Runs a hazard command against `hazard-{id}`. */
  hazard(hazardId: string, command: HazardCommand): Promise<AppendResult> {
    return handleCommand(this.store, {
      streamId: hazardStreamId(hazardId),
      decider: hazardDecider,
      command,
      occurredAt: hazardEventOccurredAt,
    });
  }

  registerEnterprise(input: EnterpriseInput): Promise<AppendResult> {
    const registeredAt = input.registeredAt ?? '2020-01-01T09:00:00+08:00';
    return this.enterprise(input.uscc, {
      type: 'RegisterEnterprise',
      data: {
        uscc: input.uscc,
        name: input.name ?? `测试企业 ${input.uscc}`,
        districtCode: input.districtCode,
        sector: input.sector,
        industryCode: input.industryCode ?? 'C2614',
        riskTags: input.riskTags ?? [],
        highRisk: input.highRisk ?? null,
        registeredAt,
      },
      reference: TEST_REFERENCE,
      metadata: this.meta(registeredAt),
    });
  }

  gradeStandardization(uscc: string, level: 1 | 2 | 3, gradedAt: string): Promise<AppendResult> {
    return this.enterprise(uscc, { type: 'GradeStandardization', data: { uscc, level, gradedAt }, metadata: this.meta(gradedAt) });
  }

  establishResponsibilitySystem(uscc: string, establishedAt: string, postsCovered: number): Promise<AppendResult> {
    return this.enterprise(uscc, {
      type: 'EstablishResponsibilitySystem',
      data: { uscc, establishedAt, postsCovered },
      metadata: this.meta(establishedAt),
    });
  }

  closeEnterprise(uscc: string, closedAt: string, reason: string): Promise<AppendResult> {
    return this.enterprise(uscc, { type: 'CloseEnterprise', data: { uscc, closedAt, reason }, metadata: this.meta(closedAt) });
  }

  /** Reports a hazard of a registered enterprise; a major one is judged under {@link TEST_CRITERION}. */
  async reportHazard(input: HazardInput): Promise<{ hazardId: string; result: AppendResult }> {
    const hazardId = input.hazardId ?? randomUUID();
    const grade = input.grade ?? 'general';
    const history = await this.store.readStream(enterpriseStreamId(input.uscc));
    const enterprise = fold(enterpriseDecider, history.map((e) => toDomainEvent<EnterpriseEvent>(e)));
    const criterionCode = grade === 'major' ? TEST_CRITERION.code : null;
    const result = await this.hazard(hazardId, {
      type: 'ReportHazard',
      data: {
        hazardId,
        enterpriseUscc: input.uscc,
        grade,
        criterionCode,
        channel: input.channel ?? 'self_inspection',
        title: input.title ?? '储罐区可燃气体报警器失效',
        description: input.description ?? '现场检查发现报警器未联动',
        discoveredAt: input.discoveredAt,
      },
      context: { enterprise, criterion: criterionCode === null ? null : TEST_CRITERION },
      metadata: this.meta(input.discoveredAt),
    });
    return { hazardId, result };
  }

  /** A plan with all five in place (so a major hazard's plan is accepted too). */
  plan(hazardId: string, input: PlanInput): Promise<AppendResult> {
    return this.hazard(hazardId, {
      type: 'PlanRectification',
      data: {
        measures: input.measures ?? [{ description: '更换报警器并联动切断阀', deadline: input.deadline }],
        responsiblePerson: input.responsiblePerson ?? { name: '张三', phone: '13800000000' },
        deadline: input.deadline,
        fundsFen: input.fundsFen ?? 1_200_000,
        emergencyPlan: input.emergencyPlan === undefined ? '储罐区泄漏应急预案' : input.emergencyPlan,
        plannedAt: input.plannedAt,
      },
      metadata: this.meta(input.plannedAt),
    });
  }

  extend(hazardId: string, deadline: string, extendedAt: string, reason = '设备到货延迟'): Promise<AppendResult> {
    return this.hazard(hazardId, { type: 'ExtendDeadline', data: { deadline, reason, extendedAt }, metadata: this.meta(extendedAt) });
  }

  complete(hazardId: string, completedAt: string, evidence = '整改照片与检测报告'): Promise<AppendResult> {
    return this.hazard(hazardId, { type: 'CompleteRectification', data: { completedAt, evidence }, metadata: this.meta(completedAt) });
  }

  verify(hazardId: string, verifiedAt: string, reason: string | null = null): Promise<AppendResult> {
    return this.hazard(hazardId, { type: 'VerifyRectification', data: { verifiedAt, reason }, metadata: this.meta(verifiedAt) });
  }

  reject(hazardId: string, rejectedAt: string, reason = '切断阀未联动'): Promise<AppendResult> {
    return this.hazard(hazardId, { type: 'RejectRectification', data: { rejectedAt, reason }, metadata: this.meta(rejectedAt) });
  }

  close(hazardId: string, closedAt: string): Promise<AppendResult> {
    return this.hazard(hazardId, { type: 'CloseHazard', data: { closedAt }, metadata: this.meta(closedAt) });
  }

  /** Completes, verifies and closes a planned hazard, all three at `closedAt`. */
  async completeVerifyClose(hazardId: string, closedAt: string): Promise<AppendResult> {
    await this.complete(hazardId, closedAt);
    await this.verify(hazardId, closedAt);
    return this.close(hazardId, closedAt);
  }

  reopen(hazardId: string, reopenedAt: string, deadline: string, reason = '复查发现隐患反弹'): Promise<AppendResult> {
    return this.hazard(hazardId, { type: 'ReopenHazard', data: { reopenedAt, reason, deadline }, metadata: this.meta(reopenedAt) });
  }

  escalate(hazardId: string, measure: EscalationMeasure, decidedAt: string, note: string | null = null): Promise<AppendResult> {
    return this.hazard(hazardId, { type: 'EscalateHazard', data: { measure, decidedAt, note }, metadata: this.meta(decidedAt) });
  }

  orderListedSupervision(hazardId: string, level: SupervisionLevel, documentNumber: string, orderedAt: string): Promise<AppendResult> {
    return this.hazard(hazardId, {
      type: 'OrderListedSupervision',
      data: { level, documentNumber, orderedAt },
      metadata: this.meta(orderedAt),
    });
  }

  list(hazardId: string, list: ProblemList, listedAt: string): Promise<AppendResult> {
    return this.hazard(hazardId, { type: 'ListOnProblemList', data: { list, listedAt }, metadata: this.meta(listedAt) });
  }

  /** What the deadline watcher records, issued by hand as `system` at `now`. */
  recordDeadlineMissed(hazardId: string, now: string, causationId: string | null = null): Promise<AppendResult> {
    return this.hazard(hazardId, { type: 'RecordDeadlineMissed', data: {}, metadata: this.meta(now, TEST_SYSTEM, causationId) });
  }
}
