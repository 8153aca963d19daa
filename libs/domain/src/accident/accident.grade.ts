import type { AccidentGrade, AccidentToll } from './accident.events.js';

/** 1 元 = 100 fen; 1 万元 = 1,000,000 fen. */
const WAN_YUAN_FEN = 1_000_000;

/**
 * The thresholds of 国务院令第493号 第三条, each grade's lower bound ("以上" includes it; the next
 * grade's bound, "以下", excludes it), highest grade first. Money in fen.
 */
export const ACCIDENT_GRADE_THRESHOLDS: readonly { grade: Exclude<AccidentGrade, 'general'>; deaths: number; seriousInjuries: number; directLossFen: number }[] = [
  { grade: 'especially_major', deaths: 30, seriousInjuries: 100, directLossFen: 10_000 * WAN_YUAN_FEN }, // 1亿元
  { grade: 'major', deaths: 10, seriousInjuries: 50, directLossFen: 5_000 * WAN_YUAN_FEN }, // 5000万元
  { grade: 'larger', deaths: 3, seriousInjuries: 10, directLossFen: 1_000 * WAN_YUAN_FEN }, // 1000万元
];

/**
 * The grade an accident's toll derives (国务院令第493号 第三条): the highest grade any one criterion
 * — deaths, serious injuries, direct loss — reaches; 一般 `general` below every 较大 bound.
 * E.g. 2 deaths and 10 serious injuries is `larger`; 9 deaths and 1亿元 is `especially_major`.
 * @param toll counts of people and direct loss in fen (non-negative integers, checked by the caller)
 */
export function gradeAccident(toll: AccidentToll): AccidentGrade {
  for (const t of ACCIDENT_GRADE_THRESHOLDS) {
    if (toll.deaths >= t.deaths || toll.seriousInjuries >= t.seriousInjuries || toll.directLossFen >= t.directLossFen) return t.grade;
  }
  return 'general';
}
