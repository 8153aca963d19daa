/**
 * Drives real accident commands through `handleCommand` and the real accident decider (as the
 * API would), for tests of the accident register and figures. Every command is issued by a city
 * administrator at the time of its own fact. Not exported from the library's index.
 */
import { randomUUID } from 'node:crypto';
import type { AppendResult, EventStore } from '#event-store';
import { handleCommand } from '#command-handling';
import { accidentDecider, accidentEventOccurredAt, accidentStreamId, type AccidentCommand } from '#domain';
import { TEST_CITY_ADMIN, TEST_REFERENCE } from './hazard-scenario.js';

/** An accident to report; unset counts are 0. */
export interface AccidentInput {
  accidentId?: string;
  districtCode?: string;
  sector?: string;
  occurredAt: string;
  deaths?: number;
  seriousInjuries?: number;
  directLossFen?: number;
}

/** Accident commands over a store. */
export class AccidentScenario {
  constructor(private readonly store: EventStore) {}

  private run(accidentId: string, command: AccidentCommand): Promise<AppendResult> {
    return handleCommand(this.store, {
      streamId: accidentStreamId(accidentId),
      decider: accidentDecider,
      command,
      occurredAt: accidentEventOccurredAt,
    });
  }

  private meta(now: string) {
    return { actor: TEST_CITY_ADMIN, now, correlationId: randomUUID(), causationId: null };
  }

  /** Reports an accident concerning no enterprise (default district 500101, sector construction, toll 0/0/0). */
  async report(input: AccidentInput): Promise<{ accidentId: string; result: AppendResult }> {
    const accidentId = input.accidentId ?? randomUUID();
    const result = await this.run(accidentId, {
      type: 'ReportAccident',
      data: {
        accidentId,
        districtCode: input.districtCode ?? '500101',
        sector: input.sector ?? 'construction',
        enterpriseUscc: null,
        occurredAt: input.occurredAt,
        deaths: input.deaths ?? 0,
        seriousInjuries: input.seriousInjuries ?? 0,
        directLossFen: input.directLossFen ?? 0,
        summary: '测试事故',
      },
      context: { districtCodes: TEST_REFERENCE.districtCodes, sectors: new Set(TEST_REFERENCE.sectors.keys()), enterprise: null },
      metadata: this.meta(input.occurredAt),
    });
    return { accidentId, result };
  }

  /** Revises the toll to the figures given (the others as zero). */
  revise(accidentId: string, toll: { deaths?: number; seriousInjuries?: number; directLossFen?: number; revisedAt: string }): Promise<AppendResult> {
    return this.run(accidentId, {
      type: 'ReviseAccidentToll',
      data: {
        deaths: toll.deaths ?? 0,
        seriousInjuries: toll.seriousInjuries ?? 0,
        directLossFen: toll.directLossFen ?? 0,
        revisedAt: toll.revisedAt,
        reason: '核实更正',
      },
      metadata: this.meta(toll.revisedAt),
    });
  }

  /** Concludes the investigation (no hazards found). */
  conclude(accidentId: string, concludedAt: string): Promise<AppendResult> {
    return this.run(accidentId, {
      type: 'ConcludeInvestigation',
      data: { concludedAt, causes: '违章作业', hazardsFound: [], enterpriseAccountability: '企业负责人罚款', regulatorAccountability: '监管人员诫勉' },
      context: { reportedHazardIds: new Set() },
      metadata: this.meta(concludedAt),
    });
  }
}
