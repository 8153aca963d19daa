/**
 * One ledger row → the facts it states (a {@link LedgerEntry}), or every cell that is wrong with it.
 * Judges each cell on its own and the row's dates against each other; what the deciders judge
 * (the enterprise, the lifecycle) is left to the pre-check.
 */
import { usccProblem, type HazardChannel, type HazardGrade } from '#domain';
import { columnOf, type HeaderMap, type LedgerField } from './ledger-columns.js';
import type { ReferenceMatcher } from './match-reference.js';
import { parseChannel, parseFundsFen, parseGrade, parseLedgerDate, type Parsed } from './parse-cells.js';
import { cellText, type CellValue, type LedgerRow } from './read-ledger.js';

/** Why a row is rejected: its spreadsheet line, the column's header text, and the reason. */
export interface Rejection {
  line: number;
  column: string;
  reason: string;
}

/** What a valid row states. Dates are CST dates 'YYYY-MM-DD'; money is integer fen. */
export interface LedgerEntry {
  line: number;
  ledgerId: string;
  enterpriseName: string;
  uscc: string;
  districtCode: string;
  sector: string;
  /** From 国民经济行业代码, else null (the pre-check takes the sector's GB/T 4754 link if it must register the enterprise). */
  industryCode: string | null;
  grade: HazardGrade;
  title: string;
  description: string;
  criterionCode: string | null;
  channel: HazardChannel;
  discoveredOn: string;
  deadline: string | null;
  measures: string | null;
  responsiblePerson: string | null;
  responsiblePhone: string | null;
  fundsFen: number | null;
  emergencyPlan: string | null;
  completedOn: string | null;
  evidence: string | null;
  closedOn: string | null;
}

/** How many characters of the description make the title when 隐患名称 is absent. */
export const TITLE_FROM_DESCRIPTION_CHARS = 40;

/** Longest text each field may hold (the API's limits). */
const MAX_LENGTH: Partial<Record<LedgerField, number>> = {
  ledgerId: 100,
  enterpriseName: 200,
  title: 200,
  description: 4000,
  measures: 2000,
  responsiblePerson: 100,
  responsiblePhone: 40,
  emergencyPlan: 4000,
  evidence: 4000,
};

const INDUSTRY_CODE = /^[A-T](\d{2}(\d{1,2})?)?$/;

/**
 * Reads and checks one row.
 * @param today the CST date of the import: a date after it lies in the future
 * @returns the entry, or every problem found (at least one)
 */
export function parseRow(row: LedgerRow, header: HeaderMap, match: ReferenceMatcher, today: string): { entry: LedgerEntry } | { problems: Rejection[] } {
  const problems: Rejection[] = [];
  const column = (field: LedgerField): string => header.text[field] ?? columnOf(field).header;
  const reject = (field: LedgerField, reason: string): null => {
    problems.push({ line: row.line, column: column(field), reason });
    return null;
  };
  const raw = (field: LedgerField): CellValue => {
    const i = header.index[field];
    return i === undefined ? null : (row.cells[i] ?? null);
  };
  const text = (field: LedgerField): string | null => {
    const value = cellText(raw(field)).replace(/\r\n?/g, '\n');
    if (value === '') return columnOf(field).required ? reject(field, 'required cell is empty') : null;
    const max = MAX_LENGTH[field];
    if (max !== undefined && [...value].length > max) return reject(field, `longer than ${max} characters`);
    return value;
  };
  const parsed = <T>(field: LedgerField, parser: (cell: CellValue) => Parsed<T>): T | null => {
    if (cellText(raw(field)) === '') return columnOf(field).required ? reject(field, 'required cell is empty') : null;
    const result = parser(raw(field));
    return result.ok ? result.value : reject(field, result.reason);
  };

  const ledgerId = text('ledgerId');
  const enterpriseName = text('enterpriseName');
  const usccText = text('uscc');
  const uscc = usccText === null ? null : usccText.replace(/\s/g, '').toUpperCase();
  if (uscc !== null) {
    const wrong = usccProblem(uscc);
    if (wrong !== null) reject('uscc', wrong);
  }
  const districtText = text('district');
  const districtCode = districtText === null ? null : orReject('district', match.district(districtText));
  const sectorText = text('sector');
  const sector = sectorText === null ? null : orReject('sector', match.sector(sectorText));
  const industryCode = text('industryCode');
  if (industryCode !== null && !INDUSTRY_CODE.test(industryCode)) {
    reject('industryCode', `'${industryCode}' is not a GB/T 4754-2017 code such as C, C26, C261 or C2614`);
  }
  const grade = parsed('grade', parseGrade);
  const description = text('description');
  const title = text('title') ?? (description === null ? null : titleFrom(description));
  const criterionText = text('criterion');
  const criterionCode = criterionText === null ? null : orReject('criterion', match.criterion(criterionText, sector));
  if (grade === 'major' && criterionText === null) {
    reject('criterion', 'a major hazard needs the criterion (判定标准条款) it is judged under');
  }
  const channel = parsed('channel', parseChannel) ?? 'self_inspection';

  const dates = {} as Record<'discoveredOn' | 'deadline' | 'completedOn' | 'closedOn', string | null>;
  for (const field of ['discoveredOn', 'deadline', 'completedOn', 'closedOn'] as const) {
    const date = parsed(field, parseLedgerDate);
    // A deadline may lie ahead; a fact (found, completed, closed) may not.
    const fact = field !== 'deadline';
    dates[field] = fact && date !== null && date > today ? reject(field, `${date} lies in the future (today is ${today})`) : date;
  }
  const { discoveredOn, deadline, completedOn, closedOn } = dates;
  if (discoveredOn !== null && deadline !== null && deadline < discoveredOn) {
    reject('deadline', `整改期限 ${deadline} is before 发现日期 ${discoveredOn}`);
  }
  if (discoveredOn !== null && completedOn !== null && completedOn < discoveredOn) {
    reject('completedOn', `整改完成日期 ${completedOn} is before 发现日期 ${discoveredOn}`);
  }
  if (completedOn !== null && closedOn !== null && closedOn < completedOn) {
    reject('closedOn', `销号日期 ${closedOn} is before 整改完成日期 ${completedOn}`);
  }
  if (completedOn !== null && cellText(raw('deadline')) === '') {
    reject('deadline', '整改完成日期 is given but 整改期限 is empty: a rectification is completed against a plan with a deadline');
  }
  if (closedOn !== null && cellText(raw('completedOn')) === '') {
    reject('completedOn', '销号日期 is given but 整改完成日期 is empty: only a completed rectification is verified and closed');
  }

  const measures = text('measures');
  const responsiblePerson = text('responsiblePerson');
  const responsiblePhone = text('responsiblePhone');
  const emergencyPlan = text('emergencyPlan');
  const evidence = text('evidence');
  const fundsFen = header.index.fundsWanYuan !== undefined ? parsed('fundsWanYuan', (c) => parseFundsFen(c, 'wan_yuan')) : parsed('fundsYuan', (c) => parseFundsFen(c, 'yuan'));

  if (grade === 'major' && cellText(raw('deadline')) !== '') {
    // 五落实: the deadline is there; the other four must be too (API.md PlanRectification).
    const fundsField: LedgerField = header.index.fundsWanYuan !== undefined ? 'fundsWanYuan' : 'fundsYuan';
    const five = "a major hazard's rectification plan needs all five in place (五落实: measures, funds, deadline, responsible person, emergency plan)";
    if (cellText(raw('measures')) === '') reject('measures', `${five}; 整改措施 is empty`);
    if (cellText(raw(fundsField)) === '') reject(fundsField, `${five}; the funds are empty`);
    else if (fundsFen === 0) reject(fundsField, `${five}; the funds are 0`);
    if (cellText(raw('responsiblePerson')) === '') reject('responsiblePerson', `${five}; 整改责任人 is empty`);
    if (cellText(raw('emergencyPlan')) === '') reject('emergencyPlan', `${five}; 应急预案 is empty`);
  }

  if (problems.length > 0) return { problems };
  return {
    entry: {
      line: row.line,
      ledgerId: ledgerId!,
      enterpriseName: enterpriseName!,
      uscc: uscc!,
      districtCode: districtCode!,
      sector: sector!,
      industryCode,
      grade: grade!,
      title: title!,
      description: description!,
      criterionCode,
      channel,
      discoveredOn: discoveredOn!,
      deadline,
      measures,
      responsiblePerson,
      responsiblePhone,
      fundsFen,
      emergencyPlan,
      completedOn,
      evidence,
      closedOn,
    },
  };

  function orReject(field: LedgerField, result: Parsed<string>): string | null {
    return result.ok ? result.value : reject(field, result.reason);
  }
}

/** The first {@link TITLE_FROM_DESCRIPTION_CHARS} characters (code points) of a description, on one line. */
export function titleFrom(description: string): string {
  return [...description.replace(/\s+/g, ' ').trim()].slice(0, TITLE_FROM_DESCRIPTION_CHARS).join('');
}
