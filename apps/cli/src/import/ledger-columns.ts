/**
 * The columns of a district hazard ledger (隐患台账): each field the import reads, the header texts
 * it is known by, and how a header row is matched to fields.
 */

/** The fields of a ledger row the import understands. */
export type LedgerField =
  | 'ledgerId'
  | 'enterpriseName'
  | 'uscc'
  | 'district'
  | 'sector'
  | 'industryCode'
  | 'grade'
  | 'title'
  | 'description'
  | 'criterion'
  | 'channel'
  | 'discoveredOn'
  | 'deadline'
  | 'measures'
  | 'responsiblePerson'
  | 'responsiblePhone'
  | 'fundsYuan'
  | 'fundsWanYuan'
  | 'emergencyPlan'
  | 'completedOn'
  | 'evidence'
  | 'closedOn';

/** One column the import knows: its canonical header, the other headers it accepts, whether required. */
export interface LedgerColumn {
  field: LedgerField;
  /** The header the documentation and the sample use. */
  header: string;
  /** Other header texts accepted (compared after {@link normalizeHeader}). */
  aliases: readonly string[];
  required: boolean;
}

/** Every column, in the order the documentation lists them. */
export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { field: 'ledgerId', header: '隐患编号', aliases: ['编号', '隐患编码', '台账编号'], required: true },
  { field: 'enterpriseName', header: '单位名称', aliases: ['企业名称', '生产经营单位名称', '单位（企业）名称', '企业（单位）名称'], required: true },
  { field: 'uscc', header: '统一社会信用代码', aliases: ['社会信用代码', '信用代码', '统一信用代码'], required: true },
  { field: 'district', header: '所属区县', aliases: ['区县', '所属区县（自治县）', '区县（自治县）', '所在区县', '属地'], required: true },
  { field: 'sector', header: '行业领域', aliases: ['所属行业', '行业', '所属行业领域', '行业类别'], required: true },
  { field: 'industryCode', header: '国民经济行业代码', aliases: ['行业代码', '国民经济行业分类代码'], required: false },
  { field: 'grade', header: '隐患等级', aliases: ['隐患级别', '等级', '级别'], required: true },
  { field: 'title', header: '隐患名称', aliases: ['隐患标题'], required: false },
  { field: 'description', header: '隐患描述', aliases: ['隐患内容', '隐患情况', '隐患具体情况', '存在问题'], required: true },
  { field: 'criterion', header: '判定标准条款', aliases: ['判定依据', '判定标准', '判定标准依据', '依据条款'], required: false },
  { field: 'channel', header: '发现方式', aliases: ['来源', '隐患来源', '发现途径', '发现渠道'], required: false },
  { field: 'discoveredOn', header: '发现日期', aliases: ['发现时间', '排查日期', '检查日期', '上报日期'], required: true },
  { field: 'deadline', header: '整改期限', aliases: ['整改时限', '整改期限日期', '限期整改日期', '计划完成日期'], required: false },
  { field: 'measures', header: '整改措施', aliases: ['治理措施', '整改方案'], required: false },
  { field: 'responsiblePerson', header: '整改责任人', aliases: ['责任人', '整改负责人'], required: false },
  { field: 'responsiblePhone', header: '联系电话', aliases: ['责任人电话', '整改责任人电话'], required: false },
  { field: 'fundsYuan', header: '整改资金（元）', aliases: ['整改资金', '资金（元）', '治理资金（元）', '整改资金元'], required: false },
  { field: 'fundsWanYuan', header: '整改资金（万元）', aliases: ['资金（万元）', '治理资金（万元）'], required: false },
  { field: 'emergencyPlan', header: '应急预案', aliases: ['应急预案（措施）', '应急措施', '应急处置措施'], required: false },
  { field: 'completedOn', header: '整改完成日期', aliases: ['整改完成时间', '完成日期', '实际完成日期'], required: false },
  { field: 'evidence', header: '整改情况', aliases: ['整改完成情况', '整改结果'], required: false },
  { field: 'closedOn', header: '销号日期', aliases: ['销号时间', '验收销号日期', '验收日期'], required: false },
];

/**
 * A header as compared: no whitespace (ledgers wrap long headers onto two lines), full-width
 * parentheses, no asterisks marking a required column.
 */
export function normalizeHeader(text: string): string {
  return text
    .replace(/[\s\u3000]+/g, '')
    .replace(/\*/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
}

const BY_HEADER = new Map<string, LedgerField>();
for (const column of LEDGER_COLUMNS) {
  for (const text of [column.header, ...column.aliases]) BY_HEADER.set(normalizeHeader(text), column.field);
}

/** The column definition of a field. */
export function columnOf(field: LedgerField): LedgerColumn {
  return LEDGER_COLUMNS.find((c) => c.field === field)!;
}

/** What a header row tells: the cell index of each field, the header text as written, and what is wrong. */
export interface HeaderMap {
  /** Cell index (0-based) of each field found. */
  index: Partial<Record<LedgerField, number>>;
  /** The header text as the file writes it, per field (used to name columns in the report). */
  text: Partial<Record<LedgerField, string>>;
  /** Header texts that name no known column (ignored). */
  ignored: string[];
  /** Problems that make the file unusable: a required column missing, a column given twice. */
  problems: string[];
}

/** Matches a header row's cells to fields. */
export function mapHeader(cells: readonly string[]): HeaderMap {
  const map: HeaderMap = { index: {}, text: {}, ignored: [], problems: [] };
  cells.forEach((cell, i) => {
    const text = cell.trim();
    if (text === '') return;
    const field = BY_HEADER.get(normalizeHeader(text));
    if (field === undefined) {
      map.ignored.push(text);
      return;
    }
    if (map.index[field] !== undefined) {
      map.problems.push(`columns '${map.text[field]}' and '${text}' both give ${columnOf(field).header}`);
      return;
    }
    map.index[field] = i;
    map.text[field] = text;
  });
  if (map.index.fundsYuan !== undefined && map.index.fundsWanYuan !== undefined) {
    map.problems.push(`columns '${map.text.fundsYuan}' and '${map.text.fundsWanYuan}' both give the funds: keep one`);
  }
  for (const column of LEDGER_COLUMNS) {
    if (column.required && map.index[column.field] === undefined) {
      map.problems.push(`required column ${column.header} is missing (accepted headers: ${[column.header, ...column.aliases].join(', ')})`);
    }
  }
  return map;
}

/** True when a row's cells look like a header row (they name the ledger id and at least two more fields). */
export function looksLikeHeader(cells: readonly string[]): boolean {
  const fields = new Set(cells.map((c) => BY_HEADER.get(normalizeHeader(c))).filter((f) => f !== undefined));
  return fields.has('ledgerId') && fields.size >= 3;
}
