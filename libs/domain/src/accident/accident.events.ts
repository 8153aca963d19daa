/**
 * Events of the `accident-{id}` stream (DOMAIN.md §2): a production-safety accident (生产安全事故),
 * its toll as revised, and the conclusion of its investigation (一案双查). No optional fields:
 * absent is `null`. Times (`*At`) are ISO-8601 instants with offset; money is integer fen.
 */

/**
 * Grades of 《生产安全事故报告和调查处理条例》(国务院令第493号) 第三条, lowest first:
 * 一般 `general`, 较大 `larger`, 重大 `major`, 特别重大 `especially_major`.
 */
export const ACCIDENT_GRADES = ['general', 'larger', 'major', 'especially_major'] as const;
export type AccidentGrade = (typeof ACCIDENT_GRADES)[number];

/** What an accident cost: deaths and serious injuries (people, incl. acute industrial poisoning) and direct economic loss (fen). */
export interface AccidentToll {
  deaths: number;
  seriousInjuries: number;
  directLossFen: number;
}

/** An accident happened and was reported, with its first toll and the grade that toll derives. */
export interface AccidentReported {
  type: 'AccidentReported';
  data: {
    accidentId: string;
    districtCode: string;
    sector: string;
    /** The enterprise where it happened; `null` when none is concerned (e.g. a road accident of private persons). */
    enterpriseUscc: string | null;
    occurredAt: string;
    deaths: number;
    seriousInjuries: number;
    directLossFen: number;
    summary: string;
    /** Derived from the toll (never typed in). */
    grade: AccidentGrade;
  };
}

/** The toll was revised (later deaths, re-assessed loss): the accident is re-graded. */
export interface AccidentTollRevised {
  type: 'AccidentTollRevised';
  /** The toll as it now stands (not a delta), the grade before and the grade it derives. */
  data: {
    accidentId: string;
    deaths: number;
    seriousInjuries: number;
    directLossFen: number;
    revisedAt: string;
    reason: string;
    previousGrade: AccidentGrade;
    grade: AccidentGrade;
  };
}

/** The investigation concluded (一案双查); nothing is recorded on the accident after it. */
export interface InvestigationConcluded {
  type: 'InvestigationConcluded';
  /**
   * 一案双查: the investigation holds both the enterprise and the regulators to account.
   * `hazardsFound` are ids of hazards (streams `hazard-{id}`) the investigation found.
   */
  data: {
    accidentId: string;
    concludedAt: string;
    causes: string;
    hazardsFound: string[];
    enterpriseAccountability: string;
    regulatorAccountability: string;
  };
}

/** Every event of the `accident-{id}` stream. */
export type AccidentEvent = AccidentReported | AccidentTollRevised | InvestigationConcluded;

/** The type names of {@link AccidentEvent}, e.g. for a projection's `eventTypes`. */
export const ACCIDENT_EVENT_TYPES = [
  'AccidentReported',
  'AccidentTollRevised',
  'InvestigationConcluded',
] as const satisfies readonly AccidentEvent['type'][];

/** The stream of one accident. */
export const accidentStreamId = (accidentId: string): string => `accident-${accidentId}`;
