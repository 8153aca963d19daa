/** The plan's target scoreboard: indicator catalogue, status rules, evaluation and district ranking. */
export { judgeTarget, targetPeriod, type Figure, type IndicatorBehaviour, type JudgedStatus, type TargetJudgement, type TargetPeriod, type TargetStatus } from './target-status.js';
export { TASK_MEASUREMENTS_PROJECTION, type TaskMeasurement } from './task-measurements.port.js';
export { INDICATOR_CATALOGUE, type IndicatorDefinition } from './indicator-catalogue.js';
export { type TargetGroups } from './figure-sources.js';
export { evaluateTargets, type TargetGroupResult, type TargetResult, type TargetsQuery } from './target-evaluation.js';
export { rankDistricts, type ScoreboardReason, type ScoreboardRow } from './scoreboard.js';
