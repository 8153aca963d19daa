import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  Criterion,
  District,
  KeyTaskItem,
  PlanTarget,
  ReferenceData,
  Sector,
  SeedFileName,
  SeedSource,
} from './reference-data.types.js';
import { byCode, isRealDate } from './seed-checks.js';
import { SeedValidationError } from './seed-validation.error.js';
import {
  splitSeedFile,
  validateCriteria,
  validateDistricts,
  validateKeyTasks,
  validatePlanTargets,
  validateRiskTags,
  validateSectors,
  validateSource,
  type RawSeedFile,
} from './seed-validators.js';

/** The seed files `loadReferenceData` reads, in the order it validates them. */
export const SEED_FILES: readonly SeedFileName[] = [
  'districts.json',
  'sectors.json',
  'risk-tags.json',
  'criteria.json',
  'key-tasks.json',
  'plan-targets.json',
];

/**
 * The repository's `seeds/` directory: found by walking up from this module's own location to the
 * first directory holding a package.json. Works from `libs/reference-data/src` (ts-jest, tsx) and from
 * `dist/libs/reference-data/src` after `tsc`.
 *
 * @throws Error when no package.json is found above this module.
 */
export function defaultSeedsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'seeds');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}: pass seedsDir explicitly`);
    dir = parent;
  }
}

/**
 * Reads, validates and indexes the reference data in `seedsDir` (default: the repository's `seeds/`,
 * see `defaultSeedsDir`): districts.json, sectors.json, risk-tags.json, criteria.json,
 * key-tasks.json and plan-targets.json. Each file is `{ "source": SeedSource, "entries": [...] }`.
 *
 * Validation is strict: required fields and their types, no unknown fields, code formats, unique
 * codes, booleans are booleans, dates are real 'YYYY-MM-DD', years within 2024–2026 where the plan is
 * meant, criteria sectors and `supersededBy` and target `keyTaskItem` references resolve, annex
 * deadlines are well-formed. The returned object and everything in it is deeply frozen.
 *
 * @param seedsDir directory holding the six seed files; relative paths resolve against the cwd.
 * @throws SeedValidationError on the first problem found (a file missing or unreadable, not JSON, or
 *   breaking a rule), naming the file, the entry (index and code/id) and the problem.
 */
export function loadReferenceData(seedsDir?: string): ReferenceData {
  const dir = resolve(seedsDir ?? defaultSeedsDir());
  const raw = {} as Record<SeedFileName, RawSeedFile>;
  const sources = {} as Record<SeedFileName, SeedSource>;
  for (const file of SEED_FILES) {
    raw[file] = splitSeedFile(file, readJson(dir, file));
    sources[file] = validateSource(file, raw[file].source);
  }

  const districts = validateDistricts(raw['districts.json']).sort((a, b) => byCode(a.code, b.code));
  const sectorList = validateSectors(raw['sectors.json']).sort((a, b) => byCode(a.code, b.code));
  const riskTags = validateRiskTags(raw['risk-tags.json']).sort((a, b) => byCode(a.code, b.code));
  const sectors = new Map(sectorList.map((s) => [s.code, s]));
  const criteria = validateCriteria(raw['criteria.json'], new Set(sectors.keys())).sort((a, b) => byCode(a.code, b.code));
  const keyTasks = validateKeyTasks(raw['key-tasks.json']);
  const items = new Map<string, KeyTaskItem>(keyTasks.flatMap((t) => t.items.map((it) => [it.itemNo, it] as const)));
  const planTargets = validatePlanTargets(raw['plan-targets.json'], new Set(items.keys()))
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.year - b.t.year || a.i - b.i)
    .map(({ t }) => t);

  return buildReferenceData({ dir, districts, sectorList, sectors, riskTags, criteria, keyTasks, items, planTargets, sources });
}

function readJson(dir: string, file: SeedFileName): unknown {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SeedValidationError(file, null, `cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new SeedValidationError(file, null, `not valid JSON: ${(err as Error).message}`);
  }
}

interface Parts {
  dir: string;
  districts: District[];
  sectorList: Sector[];
  sectors: Map<string, Sector>;
  riskTags: ReferenceData['riskTags'];
  criteria: Criterion[];
  keyTasks: ReferenceData['keyTasks'];
  items: Map<string, KeyTaskItem>;
  planTargets: PlanTarget[];
  sources: Record<SeedFileName, SeedSource>;
}

function buildReferenceData(p: Parts): ReferenceData {
  deepFreeze([p.districts, p.sectorList, p.riskTags, p.criteria, p.keyTasks, p.planTargets, p.sources]);
  const districtMap = new Map(p.districts.map((d) => [d.code, d]));
  const criterionMap = new Map(p.criteria.map((c) => [c.code, c]));
  const targetsByYear = new Map<number, readonly PlanTarget[]>();
  for (const t of p.planTargets) targetsByYear.set(t.year, [...(targetsByYear.get(t.year) ?? []), t]);
  for (const [y, list] of targetsByYear) targetsByYear.set(y, Object.freeze(list));

  const data: ReferenceData = {
    seedsDir: p.dir,
    districts: p.districts,
    sectorList: p.sectorList,
    riskTags: p.riskTags,
    criteria: p.criteria,
    planTargets: p.planTargets,
    keyTasks: p.keyTasks,
    sources: p.sources,
    // Set and Map are typed read-only; Object.freeze cannot make their contents immutable.
    districtCodes: new Set(districtMap.keys()),
    sectors: p.sectors,
    riskTagCodes: new Set(p.riskTags.map((t) => t.code)),
    districtByCode: (code) => districtMap.get(code),
    sectorByCode: (code) => p.sectors.get(code),
    criterionByCode: (code) => criterionMap.get(code),
    keyTaskItemByNo: (itemNo) => p.items.get(itemNo),
    districtsValidOn: (date) => {
      if (!isRealDate(date)) throw new RangeError(`districtsValidOn: '${date}' is not a real date 'YYYY-MM-DD'`);
      return p.districts.filter((d) => (d.validFrom === null || d.validFrom <= date) && (d.validTo === null || date <= d.validTo));
    },
    planTargetsForYear: (year) => targetsByYear.get(year) ?? [],
  };
  return Object.freeze(data);
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
