import type { AccidentGrade } from './accident.events.js';

/** What every reported accident knows. */
export interface AccidentCore {
  accidentId: string;
  districtCode: string;
  sector: string;
  enterpriseUscc: string | null;
  occurredAt: string;
  deaths: number;
  seriousInjuries: number;
  directLossFen: number;
  grade: AccidentGrade;
  /** The time of the latest fact: a later fact may not claim an earlier time. */
  lastOccurredAt: string;
}

/** An accident: `none` before it is reported; `reported` (toll may be revised); `concluded` (final). */
export type AccidentState =
  | { status: 'none' }
  | ({ status: 'reported' } & AccidentCore)
  | ({ status: 'concluded'; concludedAt: string } & AccidentCore);
