/**
 * Shapes of the reference data shipped in `seeds/` (see ../../../seeds/*.json and
 * /work/shared/design/DOMAIN.md §1a). Every object handed out by `loadReferenceData` is deeply
 * frozen: treat all of these as read-only values.
 *
 * Dates are China Standard Time calendar dates written 'YYYY-MM-DD'. Years are Gregorian years.
 */

/** The kind of a county-level unit: 区 / 县 / 自治县, or one of the plan's three functional zones. */
export type DistrictKind = 'district' | 'county' | 'autonomous_county' | 'functional_zone';

/**
 * One of the 41 county-level units (区县) the plan reports on.
 *
 * - `code`: the key used everywhere else: the six-digit GB/T 2260 code for the 38 statutory units
 *   (e.g. '500103'), or a fixed internal code for the functional zones ('CQ-LJXQ', 'CQ-GXQ', 'CQ-WSJKQ').
 * - `gbCode`: the GB/T 2260 code, or null for units that have none (then `kind` is 'functional_zone').
 * - `validFrom` / `validTo`: the CST dates between which the unit exists as coded, both inclusive;
 *   null `validFrom` means "since before the plan (2024-01-01)", null `validTo` means "still valid".
 * - `successor`: for a retired unit (validTo set), the unit(s) its area went to: `main` is the one its
 *   later facts count under, `also` the others (informative). Null while the unit is valid.
 * - `townships`: its 乡级 units (街道 + 镇 + 乡); `villages`: its 村级 units (村委会 + 居委会); null when
 *   unknown. `countsSource` says where the pair comes from (null when both are null).
 */
export interface District {
  readonly code: string;
  readonly name: string;
  readonly kind: DistrictKind;
  readonly gbCode: string | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly successor: DistrictSuccessor | null;
  readonly townships: number | null;
  readonly villages: number | null;
  readonly countsSource: string | null;
}

/** Where a retired unit's area went: `main` takes its later facts; `also` lists other receivers. */
export interface DistrictSuccessor {
  readonly main: string;
  readonly also: readonly string[];
}

/**
 * A regulatory sector (行业领域), as the plan groups enterprises (DOMAIN.md §1a).
 *
 * - `code`: snake_case key, e.g. 'hazardous_chemicals'.
 * - `highRisk`: 高危行业领域 — stricter frequencies (monthly principal-led inspections, half-yearly drills).
 * - `gbt4754`: GB/T 4754-2017 codes the sector links to, with the 门类 letter (e.g. 'C26', 'E47');
 *   empty when the sector has no clean link.
 * - `industryAndTrade`: one of the eight 工贸 industries (冶金 … 商贸).
 * - `keySectorForPrincipalTraining`: named in plan task 6 (道路交通, 建设施工, 消防, 燃气, 危化, 工贸, 矿山).
 */
export interface Sector {
  readonly code: string;
  readonly name: string;
  readonly highRisk: boolean;
  readonly gbt4754: readonly string[];
  readonly industryAndTrade: boolean;
  readonly keySectorForPrincipalTraining: boolean;
}

/** A risk tag an enterprise may carry on top of its sector (e.g. 'dust_explosion' 粉尘涉爆). */
export interface RiskTag {
  readonly code: string;
  readonly name: string;
}

/** How far a criterion's metadata was checked against a source actually read. */
export type VerificationStatus = 'verified' | 'partly_verified' | 'unverified';

/**
 * An entry of the major-hazard determination catalogue (重大事故隐患判定标准).
 *
 * A standard-level entry has `clauseNo === null`, `text === null` and `code === standardId`; a
 * clause-level entry (none are shipped yet) has `standardId` pointing at its standard-level entry, a
 * `clauseNo` and the verbatim `text` from the source named in `sourceUrls`.
 *
 * - `code`: `ISSUER-NUMBER-YEAR` for numbered instruments (e.g. 'MEM-10-2023' = 应急管理部令第10号 of
 *   2023), with a subject suffix when one notice carries several standards ('SAWS-121-2017-CHEM');
 *   `ISSUER-SUBJECT-YEAR` when the document number is not confirmed ('MOT-ROAD-2023');
 *   `GB-NNNNN-YYYY` for national standards ('GB-35181-2025'). The year is the year of issue.
 * - `documentNumber`: the official number (发文字号 / 令号 / standard number), null when not confirmed.
 * - `sector`: the one sector the standard is limited to, or null when it spans several sectors or
 *   applies to units of any sector (fire and special-equipment rules).
 * - `appliesToSectors`: the sectors whose enterprises it is applied to; empty means any sector. When
 *   `sector` is set this is `[sector]`.
 * - `issuedOn`: date of issue or publication, null when not confirmed.
 * - `effectiveFrom`: first CST date in force (see `verificationNote` for how sure that date is).
 * - `supersededBy`: code of the entry that replaces it (in force from that entry's `effectiveFrom`).
 */
export interface Criterion {
  readonly code: string;
  readonly standardId: string;
  readonly title: string;
  readonly documentNumber: string | null;
  readonly issuer: string;
  readonly clauseNo: string | null;
  readonly text: string | null;
  readonly sector: string | null;
  readonly appliesToSectors: readonly string[];
  readonly issuedOn: string | null;
  readonly effectiveFrom: string;
  readonly supersededBy: string | null;
  readonly verification: VerificationStatus;
  readonly verificationNote: string;
  readonly sourceUrls: readonly string[];
}

/** The level a target is judged at: once for the city, per district, or per sector. */
export type TargetGrouping = 'city' | 'district' | 'sector';

/** How `actual` is compared with `threshold`. */
export type TargetComparator = '>=' | '<=' | '=';

/**
 * Units of a target's threshold: 'ratio' is a share in [0, 1] (1 = 100%); 'count' a number of things
 * (may be negative for a change on the year); 'sets' 台(套); 'km' kilometres; 'm2' square metres.
 */
export type TargetUnit = 'ratio' | 'count' | 'sets' | 'km' | 'm2';

/**
 * A numeric target of the plan, for one year.
 *
 * - `targetId`: kebab-case, unique, ends with the year ('major-stock-cleared-2024').
 * - `clause`: the plan's section and item, e.g. '三(二)3'; '一' for the general objectives.
 * - `year`: the year the target is judged for; yearly targets appear once per year 2024–2026.
 * - `dueDate`: a CST date earlier than year end when the plan sets one (e.g. '2024-06-30'), else null.
 * - `indicator`: stable machine name of the figure compared (e.g. 'major_stock_open').
 * - `keyTaskItem`: the annex item ('3.3') the target comes from, or null.
 */
export interface PlanTarget {
  readonly targetId: string;
  readonly title: string;
  readonly clause: string;
  readonly year: number;
  readonly dueDate: string | null;
  readonly grouping: TargetGrouping;
  readonly unit: TargetUnit;
  readonly comparator: TargetComparator;
  readonly threshold: number;
  readonly indicator: string;
  readonly keyTaskItem: string | null;
  readonly note: string;
}

/**
 * When an annex item is due (完成时间).
 *
 * - `year`: due within the listed year(s). `years` is ascending and non-empty; `year` is its last
 *   element (the end of that year is the final deadline). An item listed for 2025 and 2026 is
 *   `{ kind: 'year', year: 2026, years: [2025, 2026] }`.
 * - `date`: due by a CST date, e.g. 「2024年6月底前」 → `{ kind: 'date', date: '2024-06-30' }`.
 * - `yearly`: 「每年」, due in each year of the plan.
 * - `ongoing`: 「长期坚持」, a standing obligation with no deadline.
 */
export type KeyTaskDeadline =
  | { readonly kind: 'year'; readonly year: number; readonly years: readonly number[] }
  | { readonly kind: 'date'; readonly date: string }
  | { readonly kind: 'yearly' }
  | { readonly kind: 'ongoing' };

/**
 * One row of the annex's task list.
 *
 * - `itemNo`: `${taskNo}.${n}`, n counting rows within the task from 1.
 * - `text`, `leadUnits`: verbatim from the plan text (责任单位 as one string, e.g.
 *   '市安委会有关成员单位,各区县政府').
 * - `deadlineInherited` / `leadUnitsInherited`: true when the annex left the cell empty and the value
 *   was carried down from the previous row of the same task (merged table cells).
 */
export interface KeyTaskItem {
  readonly itemNo: string;
  readonly text: string;
  readonly deadline: KeyTaskDeadline;
  readonly deadlineInherited: boolean;
  readonly leadUnits: string;
  readonly leadUnitsInherited: boolean;
}

/**
 * One of the annex's 22 key tasks (重点任务).
 *
 * - `actionNo` / `action`: which of the 八大行动 it belongs to (1–8, heading without its numeral).
 * - `title`: the task heading without its number and final 「。」.
 */
export interface KeyTask {
  readonly taskNo: number;
  readonly actionNo: number;
  readonly action: string;
  readonly title: string;
  readonly items: readonly KeyTaskItem[];
}

/** A document a seed file was built from. */
export interface SeedDocument {
  readonly title: string;
  readonly url: string | null;
  readonly usedFor: string;
}

/** The provenance block every seed file carries as its top-level `source`. */
export interface SeedSource {
  readonly summary: string;
  readonly documents: readonly SeedDocument[];
  readonly verified: readonly string[];
  readonly unverified: readonly string[];
  readonly notes: readonly string[];
}

/** The seed files the loader reads, by file name. */
export type SeedFileName =
  | 'districts.json'
  | 'sectors.json'
  | 'risk-tags.json'
  | 'criteria.json'
  | 'plan-targets.json'
  | 'key-tasks.json';

/**
 * Everything loaded from `seeds/`, validated and frozen, with lookups for deciders and read models.
 *
 * Lists are ordered by code (plain code-unit order: GB codes before 'CQ-' codes), plan targets by
 * year then file order, key tasks by `taskNo`.
 */
export interface ReferenceData {
  /** Absolute path of the directory the seeds were read from. */
  readonly seedsDir: string;
  readonly districts: readonly District[];
  readonly sectorList: readonly Sector[];
  readonly riskTags: readonly RiskTag[];
  readonly criteria: readonly Criterion[];
  readonly planTargets: readonly PlanTarget[];
  readonly keyTasks: readonly KeyTask[];
  /** Each file's provenance block. */
  readonly sources: Readonly<Record<SeedFileName, SeedSource>>;

  /** Codes of all districts, whatever their validity. */
  readonly districtCodes: ReadonlySet<string>;
  /** Sectors by code. */
  readonly sectors: ReadonlyMap<string, Sector>;
  readonly riskTagCodes: ReadonlySet<string>;

  /** The district with that code, or undefined. */
  districtByCode(code: string): District | undefined;
  /** The sector with that code, or undefined. */
  sectorByCode(code: string): Sector | undefined;
  /** The criterion (standard- or clause-level) with that code, or undefined. */
  criterionByCode(code: string): Criterion | undefined;
  /** The annex item with that number ('3.3'), or undefined. */
  keyTaskItemByNo(itemNo: string): KeyTaskItem | undefined;
  /**
   * Districts valid on a CST date 'YYYY-MM-DD' (validFrom ≤ date ≤ validTo, nulls open-ended).
   * @throws RangeError when `date` is not a real 'YYYY-MM-DD' date.
   */
  districtsValidOn(date: string): readonly District[];
  /** Plan targets judged for that year (empty for years outside 2024–2026). */
  planTargetsForYear(year: number): readonly PlanTarget[];
}
