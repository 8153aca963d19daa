/**
 * Reference data of the plan, loaded from `seeds/` at start-up: the 41 districts, sectors, risk tags,
 * the major-hazard criteria catalogue, the plan's numeric targets and the annex's 22 key tasks.
 */
export { loadReferenceData, defaultSeedsDir, SEED_FILES } from './load-reference-data.js';
export { SeedValidationError, type SeedEntryRef } from './seed-validation.error.js';
export { PLAN_YEARS } from './seed-validators.js';
export { districtRemap, districtsInForce, unitInForce, type DistrictRemapRule, type DistrictUnitsMode } from './district-validity.js';
export type {
  Criterion,
  District,
  DistrictKind,
  DistrictSuccessor,
  KeyTask,
  KeyTaskDeadline,
  KeyTaskItem,
  PlanTarget,
  ReferenceData,
  RiskTag,
  Sector,
  SeedDocument,
  SeedFileName,
  SeedSource,
  TargetComparator,
  TargetGrouping,
  TargetUnit,
  VerificationStatus,
} from './reference-data.types.js';
