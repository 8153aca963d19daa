import type {
  Criterion,
  District,
  DistrictKind,
  DistrictSuccessor,
  KeyTask,
  KeyTaskDeadline,
  KeyTaskItem,
  PlanTarget,
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
import { isJsonObject, SeedChecker, type JsonObject } from './seed-checks.js';

// The rules every seed file obeys. Each validator checks one file's entries (and, where an entry points
// into another file, that the target exists) and returns typed copies; the first problem throws a
// SeedValidationError naming file, entry and field.

/** The years of the plan; targets and annex deadlines must fall in them. */
export const PLAN_YEARS: readonly number[] = [2024, 2025, 2026];
const FIRST_YEAR = 2024;
const LAST_YEAR = 2026;

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const KEBAB_WITH_YEAR = /^[a-z0-9]+(-[a-z0-9]+)*-(\d{4})$/;
const CRITERION_CODE = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;
const URL = /^https?:\/\/\S+$/;
const PLAN_CLAUSE = /^[一二三四五六七八九十]+(\([一二三四五六七八九十]+\)(\d+)?)?$/;

/** GB/T 4754-2017: the range of 大类 (two-digit divisions) under each 门类 letter. */
const GBT4754_DIVISIONS: Readonly<Record<string, readonly [number, number]>> = {
  A: [1, 5], B: [6, 12], C: [13, 43], D: [44, 46], E: [47, 50], F: [51, 52], G: [53, 60],
  H: [61, 62], I: [63, 65], J: [66, 69], K: [70, 70], L: [71, 72], M: [73, 75], N: [76, 79],
  O: [80, 82], P: [83, 83], Q: [84, 85], R: [86, 90], S: [91, 96], T: [97, 97],
};
const GBT4754_CODE = /^[A-T](\d{2}(\d{1,2})?)?$/;

/** One seed file as read from disk: its provenance block and raw entries. */
export interface RawSeedFile {
  readonly file: SeedFileName;
  readonly source: unknown;
  readonly entries: readonly unknown[];
}

/**
 * Splits a parsed seed file into `source` and `entries`; throws on any other top-level shape.
 * @throws SeedValidationError on the first problem, naming file, entry and field.
 */
export function splitSeedFile(file: SeedFileName, parsed: unknown): RawSeedFile {
  const c: SeedChecker = new SeedChecker(file, null);
  const top = c.object(parsed, '', ['source', 'entries']);
  const entries = c.array(top, 'entries');
  if (entries.length === 0) c.fail('entries: must not be empty');
  return { file, source: top['source'], entries };
}

/**
 * Validates a file's `source` block (SeedSource).
 * @throws SeedValidationError on the first problem, naming file, entry and field.
 */
export function validateSource(file: SeedFileName, source: unknown): SeedSource {
  const c: SeedChecker = new SeedChecker(file, null);
  const s = c.object(source, 'source', ['summary', 'documents', 'verified', 'unverified', 'notes']);
  const summary = c.string(s, 'summary', 'source');
  const docs = c.array(s, 'documents', 'source');
  if (docs.length === 0) c.fail('source.documents: must name at least one document');
  const documents: SeedDocument[] = docs.map((d, i) => {
    const p = `source.documents[${i}]`;
    const o = c.object(d, p, ['title', 'url', 'usedFor']);
    const url = c.stringOrNull(o, 'url', p);
    if (url !== null && !URL.test(url)) c.fail(`${p}.url: '${url}' is not an http(s) URL`);
    return { title: c.string(o, 'title', p), url, usedFor: c.string(o, 'usedFor', p) };
  });
  const list = (key: string): string[] =>
    c.array(s, key, 'source').map((v, i) => {
      if (typeof v !== 'string' || v.trim() === '') c.fail(`source.${key}[${i}]: must be a non-empty string`);
      return v;
    });
  return { summary, documents, verified: list('verified'), unverified: list('unverified'), notes: list('notes') };
}

/** A checker for entry `index` of `file`, named by its id field when that is a string or number. */
function entryChecker(file: SeedFileName, index: number, raw: unknown, idKey: string, idPrefix = ''): SeedChecker {
  const v = isJsonObject(raw) ? raw[idKey] : undefined;
  const id = typeof v === 'string' || typeof v === 'number' ? `${idPrefix}${v}` : null;
  return new SeedChecker(file, { index, id });
}

/** Throws when `key` was already seen, naming the earlier entry. */
function unique(c: SeedChecker, seen: Map<string, number>, key: string, field: string): void {
  const earlier = seen.get(key);
  if (earlier !== undefined) c.fail(`${field}: '${key}' duplicates entry #${earlier}`);
  seen.set(key, c.entry?.index ?? -1);
}

// ---------------------------------------------------------------------------------------- districts

/**
 * districts.json: GB/T 2260 units have `code === gbCode`, a six-digit Chongqing code (50xxxx) whose
 * third and fourth digits match the kind (01 区, 02 县/自治县) and a name ending accordingly;
 * functional zones have a 'CQ-' code and no GB code; validFrom ≤ validTo; a unit with validTo names a
 * successor (a code or `{ main, also }`) and a valid one names none; every successor is another unit
 * of the file, in force the day after the retirement; townships/villages are null or non-negative
 * integers, with `countsSource` given exactly when one of them is.
 * @throws SeedValidationError on the first problem, naming file, entry and field.
 */
export function validateDistricts(raw: RawSeedFile): District[] {
  const codes = new Map<string, number>();
  const gbCodes = new Map<string, number>();
  const districts = raw.entries.map((e, i): District => {
    const c: SeedChecker = entryChecker(raw.file, i, e, 'code');
    const o = c.object(e, '', ['code', 'name', 'kind', 'gbCode', 'validFrom', 'validTo', 'successor', 'townships', 'villages', 'countsSource']);
    const code = c.string(o, 'code');
    const name = c.string(o, 'name');
    const kind = c.oneOf<DistrictKind>(o, 'kind', ['district', 'county', 'autonomous_county', 'functional_zone']);
    const gbCode = o['gbCode'] === null ? null : c.matching(o, 'gbCode', /^50\d{4}$/, 'a six-digit Chongqing GB/T 2260 code (50xxxx)');
    if (kind === 'functional_zone') {
      if (gbCode !== null) c.fail(`gbCode: a functional zone has no GB/T 2260 code, got '${gbCode}'`);
      if (!/^CQ-[A-Z]+$/.test(code)) c.fail(`code: '${code}' is not a functional-zone code (CQ-XXX)`);
    } else {
      if (gbCode === null) c.fail(`gbCode: a ${kind} must carry its GB/T 2260 code`);
      if (code !== gbCode) c.fail(`code: '${code}' must equal gbCode '${gbCode}'`);
      const level = gbCode.slice(2, 4);
      if (kind === 'district' && (level !== '01' || !name.endsWith('区'))) c.fail(`kind: a district (区) has a 5001xx code and a name ending in 区 (got ${gbCode} ${name})`);
      if (kind === 'county' && (level !== '02' || !name.endsWith('县') || name.endsWith('自治县'))) c.fail(`kind: a county (县) has a 5002xx code and a name ending in 县 (got ${gbCode} ${name})`);
      if (kind === 'autonomous_county' && (level !== '02' || !name.endsWith('自治县'))) c.fail(`kind: an autonomous county has a 5002xx code and a name ending in 自治县 (got ${gbCode} ${name})`);
      unique(c, gbCodes, gbCode, 'gbCode');
    }
    const validFrom = c.dateOrNull(o, 'validFrom');
    const validTo = c.dateOrNull(o, 'validTo');
    if (validFrom !== null && validTo !== null && validFrom > validTo) c.fail(`validTo: ${validTo} is before validFrom ${validFrom}`);
    const successor = districtSuccessor(c, o);
    if (validTo !== null && successor === null) c.fail(`successor: a unit retired on ${validTo} must name its successor`);
    if (validTo === null && successor !== null) c.fail('successor: a unit still valid (validTo null) has no successor');
    if (successor !== null && [successor.main, ...successor.also].includes(code)) c.fail(`successor: '${code}' cannot succeed itself`);
    const townships = o['townships'] === null ? null : c.integer(o, 'townships', 0, 100_000);
    const villages = o['villages'] === null ? null : c.integer(o, 'villages', 0, 1_000_000);
    const countsSource = c.stringOrNull(o, 'countsSource');
    if ((townships !== null || villages !== null) !== (countsSource !== null)) {
      c.fail('countsSource: must be given exactly when townships or villages is (name where the counts come from)');
    }
    unique(c, codes, code, 'code');
    return { code, name, kind, gbCode, validFrom, validTo, successor, townships, villages, countsSource };
  });
  checkSuccessors(raw.file, districts);
  return districts;
}

/** `successor`: null, a code, or `{ main, also: [codes] }` — normalized to `{ main, also }`. */
function districtSuccessor(c: SeedChecker, o: JsonObject): DistrictSuccessor | null {
  const v = o['successor'];
  if (v === null) return null;
  if (typeof v === 'string') return { main: c.string(o, 'successor'), also: [] };
  const s = c.object(v, 'successor', ['main', 'also']);
  const main = c.string(s, 'main', 'successor');
  const also = c.stringArray(s, 'also', /^\S+$/, 'a district code', 'successor');
  if (also.includes(main)) c.fail(`successor.also: '${main}' is already the main successor`);
  return { main, also };
}

/** Every successor exists and is in force on the day after its predecessor's validTo. */
function checkSuccessors(file: SeedFileName, districts: readonly District[]): void {
  const byCode = new Map(districts.map((d) => [d.code, d]));
  districts.forEach((d, index) => {
    if (d.successor === null || d.validTo === null) return;
    const c: SeedChecker = new SeedChecker(file, { index, id: d.code });
    const next = nextDay(d.validTo);
    for (const code of [d.successor.main, ...d.successor.also]) {
      const s = byCode.get(code);
      if (s === undefined) c.fail(`successor: '${code}' is not a unit of this file`);
      const inForce = (s.validFrom === null || s.validFrom <= next) && (s.validTo === null || next <= s.validTo);
      if (!inForce) c.fail(`successor: '${code}' is not in force on ${next}, the day after ${d.code} retires`);
    }
  });
}

/** The calendar day after a real 'YYYY-MM-DD' date. */
function nextDay(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------- sectors

/**
 * sectors.json: snake_case codes, booleans, GB/T 4754-2017 codes whose 大类 lies under its 门类 letter.
 * @throws SeedValidationError on the first problem, naming file, entry and field.
 */
export function validateSectors(raw: RawSeedFile): Sector[] {
  const codes = new Map<string, number>();
  return raw.entries.map((e, i) => {
    const c: SeedChecker = entryChecker(raw.file, i, e, 'code');
    const o = c.object(e, '', ['code', 'name', 'highRisk', 'gbt4754', 'industryAndTrade', 'keySectorForPrincipalTraining']);
    const code = c.matching(o, 'code', SNAKE, 'a snake_case code');
    const gbt4754 = c.stringArray(o, 'gbt4754', GBT4754_CODE, 'a GB/T 4754-2017 code with its 门类 letter (C, C26, C261, C2614)');
    gbt4754.forEach((g, j) => {
      if (g.length === 1) return;
      const [lo, hi] = GBT4754_DIVISIONS[g[0]!]!;
      const division = Number(g.slice(1, 3));
      if (division < lo || division > hi) c.fail(`gbt4754[${j}]: 大类 ${g.slice(1, 3)} is not under 门类 ${g[0]} (${lo}–${hi})`);
    });
    const sector: Sector = {
      code,
      name: c.string(o, 'name'),
      highRisk: c.boolean(o, 'highRisk'),
      gbt4754,
      industryAndTrade: c.boolean(o, 'industryAndTrade'),
      keySectorForPrincipalTraining: c.boolean(o, 'keySectorForPrincipalTraining'),
    };
    unique(c, codes, code, 'code');
    return sector;
  });
}

// ---------------------------------------------------------------------------------------- risk tags

/**
 * risk-tags.json: snake_case codes, names.
 * @throws SeedValidationError on the first problem, naming file, entry and field.
 */
export function validateRiskTags(raw: RawSeedFile): RiskTag[] {
  const codes = new Map<string, number>();
  return raw.entries.map((e, i) => {
    const c: SeedChecker = entryChecker(raw.file, i, e, 'code');
    const o = c.object(e, '', ['code', 'name']);
    const code = c.matching(o, 'code', SNAKE, 'a snake_case code');
    unique(c, codes, code, 'code');
    return { code, name: c.string(o, 'name') };
  });
}

// ---------------------------------------------------------------------------------------- criteria

/**
 * criteria.json: code format; standard-level entries (clauseNo and text null, code === standardId) and
 * clause-level entries (both set, standardId naming a standard-level entry, code `${standardId}-…`, a
 * source URL); sectors exist; `sector` set ⇒ appliesToSectors is [sector]; issuedOn ≤ effectiveFrom;
 * supersededBy names another entry in force later, with no cycle.
 * @throws SeedValidationError on the first problem, naming file, entry and field.
 */
export function validateCriteria(raw: RawSeedFile, sectorCodes: ReadonlySet<string>): Criterion[] {
  const codes = new Map<string, number>();
  const checkers: SeedChecker[] = [];
  const list = raw.entries.map((e, i) => {
    const c: SeedChecker = entryChecker(raw.file, i, e, 'code');
    checkers.push(c);
    const o = c.object(e, '', [
      'code', 'standardId', 'title', 'documentNumber', 'issuer', 'clauseNo', 'text', 'sector', 'appliesToSectors',
      'issuedOn', 'effectiveFrom', 'supersededBy', 'verification', 'verificationNote', 'sourceUrls',
    ]);
    const code = c.matching(o, 'code', CRITERION_CODE, 'a criterion code (ISSUER-NUMBER-YEAR, GB-NNNNN-YYYY, …)');
    const standardId = c.matching(o, 'standardId', CRITERION_CODE, 'a standard code');
    const clauseNo = c.stringOrNull(o, 'clauseNo');
    const text = c.stringOrNull(o, 'text');
    if ((clauseNo === null) !== (text === null)) c.fail('text: clauseNo and text are both null (standard level) or both set (clause level)');
    if (clauseNo === null && code !== standardId) c.fail(`standardId: a standard-level entry has standardId equal to its code '${code}', got '${standardId}'`);
    if (clauseNo !== null && !code.startsWith(`${standardId}-`)) c.fail(`code: a clause-level code starts with its standardId '${standardId}-'`);
    const sector = c.stringOrNull(o, 'sector');
    if (sector !== null && !sectorCodes.has(sector)) c.fail(`sector: '${sector}' is not a sector of sectors.json`);
    const appliesToSectors = c.stringArray(o, 'appliesToSectors', SNAKE, 'a sector code');
    appliesToSectors.forEach((s, j) => {
      if (!sectorCodes.has(s)) c.fail(`appliesToSectors[${j}]: '${s}' is not a sector of sectors.json`);
    });
    if (sector !== null && (appliesToSectors.length !== 1 || appliesToSectors[0] !== sector)) {
      c.fail(`appliesToSectors: a criterion limited to sector '${sector}' lists exactly ["${sector}"]`);
    }
    const issuedOn = c.dateOrNull(o, 'issuedOn');
    const effectiveFrom = c.date(o, 'effectiveFrom');
    if (issuedOn !== null && issuedOn > effectiveFrom) c.fail(`effectiveFrom: ${effectiveFrom} is before issuedOn ${issuedOn}`);
    const supersededBy = o['supersededBy'] === null ? null : c.matching(o, 'supersededBy', CRITERION_CODE, 'a criterion code');
    if (supersededBy === code) c.fail('supersededBy: a criterion cannot supersede itself');
    const sourceUrls = c.stringArray(o, 'sourceUrls', URL, 'an http(s) URL');
    if (clauseNo !== null && sourceUrls.length === 0) c.fail('sourceUrls: a clause-level entry names the source its text was read in');
    unique(c, codes, code, 'code');
    const criterion: Criterion = {
      code, standardId,
      title: c.string(o, 'title'),
      documentNumber: c.stringOrNull(o, 'documentNumber'),
      issuer: c.string(o, 'issuer'),
      clauseNo, text, sector, appliesToSectors, issuedOn, effectiveFrom, supersededBy,
      verification: c.oneOf<VerificationStatus>(o, 'verification', ['verified', 'partly_verified', 'unverified']),
      verificationNote: c.string(o, 'verificationNote'),
      sourceUrls,
    };
    return criterion;
  });

  const byCode = new Map(list.map((x) => [x.code, x]));
  list.forEach((x, i) => {
    const c: SeedChecker = checkers[i]!;
    if (x.clauseNo !== null) {
      const std = byCode.get(x.standardId);
      if (std === undefined || std.clauseNo !== null) c.fail(`standardId: '${x.standardId}' is not a standard-level entry of criteria.json`);
    }
    if (x.supersededBy === null) return;
    const next = byCode.get(x.supersededBy);
    if (next === undefined) c.fail(`supersededBy: '${x.supersededBy}' is not an entry of criteria.json`);
    if (next.effectiveFrom <= x.effectiveFrom) {
      c.fail(`supersededBy: '${next.code}' takes effect ${next.effectiveFrom}, not after this entry's ${x.effectiveFrom}`);
    }
    const seen = new Set<string>([x.code]);
    for (let cur: Criterion | undefined = next; cur?.supersededBy != null; cur = byCode.get(cur.supersededBy)) {
      if (seen.has(cur.code)) c.fail(`supersededBy: the chain from '${x.code}' loops back to '${cur.code}'`);
      seen.add(cur.code);
    }
  });
  return list;
}

// ---------------------------------------------------------------------------------------- key tasks

function sameDeadline(a: KeyTaskDeadline, b: KeyTaskDeadline): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function validateDeadline(c: SeedChecker, value: unknown, path: string): KeyTaskDeadline {
  if (!isJsonObject(value)) c.fail(`${path}: must be an object`);
  const kind = c.oneOf(value, 'kind', ['year', 'date', 'yearly', 'ongoing'] as const, path);
  switch (kind) {
    case 'year': {
      const o = c.object(value, path, ['kind', 'year', 'years']);
      const year = c.integer(o, 'year', FIRST_YEAR, LAST_YEAR, path);
      const arr = c.array(o, 'years', path);
      if (arr.length === 0) c.fail(`${path}.years: must list at least one year`);
      const years = arr.map((y, i) => {
        if (typeof y !== 'number' || !Number.isInteger(y) || y < FIRST_YEAR || y > LAST_YEAR) {
          c.fail(`${path}.years[${i}]: must be a plan year ${FIRST_YEAR}–${LAST_YEAR}, got ${JSON.stringify(y)}`);
        }
        if (i > 0 && y <= (arr[i - 1] as number)) c.fail(`${path}.years[${i}]: years must be strictly ascending`);
        return y;
      });
      if (years[years.length - 1] !== year) c.fail(`${path}.year: must be the last of years (${years[years.length - 1]}), got ${year}`);
      return { kind, year, years };
    }
    case 'date': {
      const o = c.object(value, path, ['kind', 'date']);
      const date = c.date(o, 'date', path);
      const y = Number(date.slice(0, 4));
      if (y < FIRST_YEAR || y > LAST_YEAR) c.fail(`${path}.date: ${date} is outside the plan years`);
      return { kind, date };
    }
    case 'yearly':
    case 'ongoing':
      c.object(value, path, ['kind']);
      return { kind };
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/**
 * key-tasks.json: taskNo runs 1, 2, 3 … in file order; actionNo 1–8, never decreasing, one heading per
 * actionNo; items numbered `${taskNo}.1`, `${taskNo}.2` …; deadlines well-formed (years in 2024–2026);
 * a value marked inherited equals the previous row's, and a task's first row inherits nothing.
 * @throws SeedValidationError on the first problem, naming file, entry and field.
 */
export function validateKeyTasks(raw: RawSeedFile): KeyTask[] {
  const actions = new Map<number, string>();
  let lastAction = 0;
  return raw.entries.map((e, i) => {
    const c: SeedChecker = entryChecker(raw.file, i, e, 'taskNo', 'task ');
    const o = c.object(e, '', ['taskNo', 'actionNo', 'action', 'title', 'items']);
    const taskNo = c.integer(o, 'taskNo', 1, 1000);
    if (taskNo !== i + 1) c.fail(`taskNo: tasks run 1, 2, 3 … in file order; expected ${i + 1}, got ${taskNo}`);
    const actionNo = c.integer(o, 'actionNo', 1, 8);
    if (actionNo < lastAction) c.fail(`actionNo: ${actionNo} comes after action ${lastAction}`);
    lastAction = actionNo;
    const action = c.string(o, 'action');
    const known = actions.get(actionNo);
    if (known !== undefined && known !== action) c.fail(`action: action ${actionNo} is '${known}' elsewhere, got '${action}'`);
    actions.set(actionNo, action);
    const title = c.string(o, 'title');
    if (title.endsWith('。')) c.fail('title: the heading is stored without its final 「。」');
    const rawItems = c.array(o, 'items');
    if (rawItems.length === 0) c.fail('items: a task has at least one item');
    const items: KeyTaskItem[] = [];
    rawItems.forEach((ri, j) => {
      const p = `items[${j}]`;
      const io = c.object(ri, p, ['itemNo', 'text', 'deadline', 'deadlineInherited', 'leadUnits', 'leadUnitsInherited']);
      const itemNo = c.string(io, 'itemNo', p);
      if (itemNo !== `${taskNo}.${j + 1}`) c.fail(`${p}.itemNo: expected '${taskNo}.${j + 1}', got '${itemNo}'`);
      const item: KeyTaskItem = {
        itemNo,
        text: c.string(io, 'text', p),
        deadline: validateDeadline(c, io['deadline'], `${p}.deadline`),
        deadlineInherited: c.boolean(io, 'deadlineInherited', p),
        leadUnits: c.string(io, 'leadUnits', p),
        leadUnitsInherited: c.boolean(io, 'leadUnitsInherited', p),
      };
      const prev = items[j - 1];
      if (prev === undefined && (item.deadlineInherited || item.leadUnitsInherited)) c.fail(`${p}: a task's first row has nothing to inherit from`);
      if (prev !== undefined && item.deadlineInherited && !sameDeadline(prev.deadline, item.deadline)) c.fail(`${p}.deadline: marked inherited but differs from row ${prev.itemNo}`);
      if (prev !== undefined && item.leadUnitsInherited && prev.leadUnits !== item.leadUnits) c.fail(`${p}.leadUnits: marked inherited but differs from row ${prev.itemNo}`);
      items.push(item);
    });
    return { taskNo, actionNo, action, title, items };
  });
}

// ---------------------------------------------------------------------------------------- targets

/**
 * plan-targets.json: targetId kebab-case ending in its year; year 2024–2026; dueDate within the year;
 * enums; ratio thresholds in [0, 1], counts whole; quantities (sets, km, m2) ≥ 0; one entry per
 * indicator and year; keyTaskItem names an existing annex item.
 * @throws SeedValidationError on the first problem, naming file, entry and field.
 */
export function validatePlanTargets(raw: RawSeedFile, itemNos: ReadonlySet<string>): PlanTarget[] {
  const ids = new Map<string, number>();
  const indicatorYears = new Map<string, number>();
  return raw.entries.map((e, i) => {
    const c: SeedChecker = entryChecker(raw.file, i, e, 'targetId');
    const o = c.object(e, '', ['targetId', 'title', 'clause', 'year', 'dueDate', 'grouping', 'unit', 'comparator', 'threshold', 'indicator', 'keyTaskItem', 'note']);
    const targetId = c.matching(o, 'targetId', KEBAB_WITH_YEAR, 'a kebab-case id ending in its year');
    const year = c.integer(o, 'year', FIRST_YEAR, LAST_YEAR);
    if (!targetId.endsWith(`-${year}`)) c.fail(`targetId: '${targetId}' must end with its year -${year}`);
    const dueDate = c.dateOrNull(o, 'dueDate');
    if (dueDate !== null && !dueDate.startsWith(`${year}-`)) c.fail(`dueDate: ${dueDate} is not in the target's year ${year}`);
    const unit = c.oneOf<TargetUnit>(o, 'unit', ['ratio', 'count', 'sets', 'km', 'm2']);
    const threshold = c.finiteNumber(o, 'threshold');
    if (unit === 'ratio' && (threshold < 0 || threshold > 1)) c.fail(`threshold: a ratio threshold lies in [0, 1], got ${threshold}`);
    if (unit === 'count' && !Number.isInteger(threshold)) c.fail(`threshold: a count threshold is a whole number, got ${threshold}`);
    if ((unit === 'sets' || unit === 'km' || unit === 'm2') && threshold < 0) c.fail(`threshold: a quantity in ${unit} is not negative, got ${threshold}`);
    const indicator = c.matching(o, 'indicator', SNAKE, 'a snake_case indicator name');
    const keyTaskItem = c.stringOrNull(o, 'keyTaskItem');
    if (keyTaskItem !== null && !itemNos.has(keyTaskItem)) c.fail(`keyTaskItem: '${keyTaskItem}' is not an item of key-tasks.json`);
    unique(c, ids, targetId, 'targetId');
    unique(c, indicatorYears, `${indicator}@${year}`, 'indicator');
    return {
      targetId,
      title: c.string(o, 'title'),
      clause: c.matching(o, 'clause', PLAN_CLAUSE, "a plan clause such as '三(二)3' or '一'"),
      year, dueDate,
      grouping: c.oneOf<TargetGrouping>(o, 'grouping', ['city', 'district', 'sector']),
      unit,
      comparator: c.oneOf<TargetComparator>(o, 'comparator', ['>=', '<=', '=']),
      threshold, indicator, keyTaskItem,
      note: c.string(o, 'note'),
    };
  });
}
