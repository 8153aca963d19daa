/**
 * The ledger import (`zhiben import hazards <file>`) against the real app over HTTP: the shipped
 * sample ledger (seeds/samples/, GB18030 CSV and XLSX with the same 23 rows, 9 of them faulty) is
 * imported; the report must name exactly the documented faults, the imported hazards must have the
 * states and dates of their rows (expected values written by hand from the sample), rejected rows
 * must have left nothing, and a second import of either file must append nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import { runImport } from '../../apps/cli/src/import/run-import.js';
import { ADMIN_TOKEN, http, type RunningApp } from '../support/app-harness.js';
import { appBackends } from '../support/backends.js';

const CSV = join(process.cwd(), 'seeds/samples/hazard-ledger-sample.csv');
const XLSX = join(process.cwd(), 'seeds/samples/hazard-ledger-sample.xlsx');
/** The import's documented hazard-id namespace: uuidv5(`${districtCode}:${隐患编号}`, this). */
const HAZARD_NAMESPACE = '0b7e4c52-3f61-4d0e-8a27-6c1f95d2e8b4';
const hazardId = (district: string, ledgerId: string) => uuidv5(`${district}:${ledgerId}`, HAZARD_NAMESPACE);

const USCC = {
  A: '91500115MA60CF1H21',
  B: '91500112MA5YJ3K104',
  C: '91500113MA61GL7P35',
  D: '91500240MA5UJ8LK4U',
  E: '91500000MA60RQ2M5W',
  F: '91500101MA5XP6N17N',
  G: '91500102MA5Y9TB28H',
  badCheck: '91500106MA60WD4E9A',
  chengdu: '91510107MA6C8DTU19',
  restaurant: '91500105MA5UCY6Q0T',
};

/** The CST date today, computed here from the clock (the future-date fault names it). */
const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const REJECTIONS = () => [
  { line: 16, column: '统一社会信用代码', reason: "the check character of '91500106MA60WD4E9A' should be '1' (GB 32100-2015), not 'A'" },
  { line: 17, column: '所属区县', reason: "'成都市武侯区' is not one of the 41 districts of the reference data (give its name or code, e.g. 万州区 or 500101)" },
  { line: 18, column: '销号日期', reason: '销号日期 2025-03-25 is before 整改完成日期 2025-03-28' },
  { line: 19, column: '整改期限', reason: '整改期限 2025-04-01 is before 发现日期 2025-04-10' },
  { line: 20, column: '发现日期', reason: `2099-01-05 lies in the future (today is ${todayCst()})` },
  { line: 21, column: '隐患编号', reason: '隐患编号 HZ-2024-001 of this district is already on line 2' },
  {
    line: 22,
    column: '应急预案',
    reason: "a major hazard's rectification plan needs all five in place (五落实: measures, funds, deadline, responsible person, emergency plan); 应急预案 is empty",
  },
  { line: 23, column: '隐患描述', reason: 'required cell is empty' },
  { line: 24, column: '行业领域', reason: "'餐饮业' is not a sector of the reference data (give its name or code, e.g. 危险化学品 or hazardous_chemicals)" },
];

/** Each imported row's hazard as the API must show it (hand-written from the sample's rows). */
const at = (date: string) => `${date}T00:00:00.000+08:00`;
const IMPORTED = [
  { line: 2, district: '500115', id: 'HZ-2024-001', uscc: USCC.A, sector: 'hazardous_chemicals', grade: 'general', status: 'closed', discovered: '2024-03-05', deadline: '2024-03-20', closed: '2024-03-22', fundsFen: 120050 },
  { line: 3, district: '500115', id: 'HZ-2024-002', uscc: USCC.A, sector: 'hazardous_chemicals', grade: 'major', status: 'closed', discovered: '2024-04-08', deadline: '2024-09-30', closed: '2024-10-08', fundsFen: 35800000, criterion: 'SAWS-121-2017-CHEM' },
  { line: 4, district: '500112', id: 'HZ-2023-017', uscc: USCC.B, sector: 'construction', grade: 'general', status: 'reported', discovered: '2023-11-20', deadline: null, closed: null },
  { line: 5, district: '500112', id: 'HZ-2024-003', uscc: USCC.B, sector: 'construction', grade: 'major', status: 'completed', discovered: '2024-05-10', deadline: '2024-06-30', closed: null, fundsFen: 8500000, channel: 'supervisory_inspection', criterion: 'MOHURD-2-2022' },
  { line: 6, district: '500113', id: 'HZ-2024-004', uscc: USCC.C, sector: 'metallurgy', grade: 'general', status: 'planned', discovered: '2024-06-03', deadline: '2024-06-30', closed: null, fundsFen: 0, responsible: '重庆钢联冶金有限公司' },
  { line: 7, district: '500113', id: 'HZ-2025-001', uscc: USCC.C, sector: 'metallurgy', grade: 'major', status: 'closed', discovered: '2025-01-15', deadline: '2025-04-30', closed: '2025-04-20', fundsFen: 125000000, criterion: 'MEM-10-2023' },
  { line: 8, district: '500240', id: 'HZ-2025-002', uscc: USCC.D, sector: 'non_coal_mine', grade: 'major', status: 'reported', discovered: '2025-02-10', deadline: null, closed: null, channel: 'supervisory_inspection', criterion: 'KA-88-2022' },
  { line: 9, district: 'CQ-LJXQ', id: 'HZ-2025-003', uscc: USCC.E, sector: 'gas', grade: 'general', status: 'closed', discovered: '2025-03-01', deadline: '2025-03-15', closed: '2025-03-12', fundsFen: 200000, channel: 'public_report' },
  { line: 10, district: '500101', id: 'HZ-2025-004', uscc: USCC.F, sector: 'commerce_trade', grade: 'general', status: 'closed', discovered: '2025-05-06', deadline: '2025-05-20', closed: '2025-05-21', fundsFen: 360000 },
  { line: 11, district: '500102', id: 'HZ-2025-005', uscc: USCC.G, sector: 'machinery', grade: 'general', status: 'planned', discovered: '2025-06-10', deadline: '2025-07-10', closed: null, fundsFen: 450050, channel: 'supervisory_inspection' },
  { line: 12, district: '500115', id: 'HZ-2025-006', uscc: USCC.A, sector: 'hazardous_chemicals', grade: 'general', status: 'reported', discovered: '2025-07-01', deadline: null, closed: null },
  { line: 13, district: '500102', id: 'HZ-2025-007', uscc: USCC.G, sector: 'machinery', grade: 'general', status: 'completed', discovered: '2025-08-12', deadline: '2025-08-31', closed: null, fundsFen: 1800000 },
  { line: 14, district: 'CQ-LJXQ', id: 'HZ-2025-008', uscc: USCC.E, sector: 'gas', grade: 'major', status: 'planned', discovered: '2025-09-01', deadline: '2025-12-31', closed: null, fundsFen: 96000000, criterion: 'MOHURD-GAS-2023' },
  { line: 15, district: '500240', id: 'HZ-2024-005', uscc: USCC.D, sector: 'non_coal_mine', grade: 'general', status: 'closed', discovered: '2024-08-08', deadline: '2024-09-08', closed: '2024-09-05', fundsFen: 1234567 },
];
/** Events the sample implies, counted by hand: 7 registrations + per row (report, plan, complete, verify, close as stated). */
const EVENTS = 7 + [5, 5, 1, 3, 2, 5, 1, 5, 5, 2, 1, 3, 2, 5].reduce((a, b) => a + b, 0);

const orders: [string, string, string][] = [
  ['CSV first', CSV, XLSX],
  ['XLSX first', XLSX, CSV],
];
const modes = appBackends({ deadlineWatchIntervalMs: 3_600_000 }, 'zhiben_e2e');
const cases = modes.flatMap(([mode, start]) => orders.map(([order, first, second]) => [mode, order, first, second, start] as const));

describe.each(cases)('ledger import over HTTP (%s, %s)', (_mode, _order, firstFile, secondFile, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  let lastPosition = '0';
  const head = async () => BigInt((await http(url, 'GET', '/health')).body.headPosition);
  const events = async (streamId: string) => {
    const res = await http(url, 'GET', `/api/v1/audit/streams/${streamId}`);
    return res.status === 404 ? null : (res.body.events as { type: string; data: any }[]);
  };

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
  });
  afterAll(async () => running?.done());

  it('imports the valid rows and rejects exactly the documented faults, with line, column and reason', async () => {
    const before = await head();
    const { exitCode, report } = await runImport({ file: firstFile, url, batch: 5, concurrency: 4, print: false, token: ADMIN_TOKEN });
    expect(exitCode).toBe(1);
    expect(report).toMatchObject({
      format: firstFile.endsWith('.csv') ? 'csv' : 'xlsx',
      encoding: firstFile.endsWith('.csv') ? 'gb18030' : null,
      rowsRead: 23,
      imported: 14,
      updated: 0,
      unchanged: 0,
      rejected: 9,
      failed: [],
      eventsAppended: EVENTS,
    });
    expect(report!.rejections).toEqual(REJECTIONS());
    expect((await head()) - before).toBe(BigInt(EVENTS));
    lastPosition = report!.lastPosition;
  });

  it('gives each imported hazard the state, dates and figures of its row', async () => {
    for (const row of IMPORTED) {
      const res = await http(url, 'GET', `/api/v1/hazards/${hazardId(row.district, row.id)}?minPosition=${lastPosition}`);
      expect({ line: row.line, status: res.status }).toEqual({ line: row.line, status: 200 });
      expect({ line: row.line, ...res.body }).toMatchObject({
        line: row.line,
        enterpriseUscc: row.uscc,
        districtCode: row.district,
        sector: row.sector,
        grade: row.grade,
        status: row.status,
        discoveredAt: at(row.discovered),
        deadline: row.deadline,
        closedAt: row.closed ? at(row.closed) : null,
        channel: row.channel ?? 'self_inspection',
        criterionCode: row.criterion ?? null,
      });
      if (row.fundsFen !== undefined) expect({ line: row.line, fundsFen: res.body.plan.fundsFen }).toEqual({ line: row.line, fundsFen: row.fundsFen });
      if (row.responsible) expect(res.body.plan.responsiblePerson.name).toBe(row.responsible);
    }
    // Closed on or before the deadline in force, or not (销号 2024-03-22 after 整改期限 2024-03-20).
    const closures = await Promise.all(
      [['500115', 'HZ-2024-001', false], ['500113', 'HZ-2025-001', true], ['500101', 'HZ-2025-004', false], ['500240', 'HZ-2024-005', true]].map(
        async ([d, id, onTime]) => [(await events(`hazard-${hazardId(d as string, id as string)}`))!.find((e) => e.type === 'HazardClosed')!.data.onTime, onTime],
      ),
    );
    for (const [actual, expected] of closures) expect(actual).toBe(expected);
  });

  it('registers each enterprise once, dated by its earliest hazard, with the sector link or the given industry code', async () => {
    const a = (await events(`enterprise-${USCC.A}`))!;
    expect(a.map((e) => e.type)).toEqual(['EnterpriseRegistered']);
    expect(a[0]!.data).toMatchObject({ name: '重庆长风化工有限公司', districtCode: '500115', sector: 'hazardous_chemicals', industryCode: 'C25', registeredAt: '2024-03-05T00:00:00+08:00' });
    expect((await events(`enterprise-${USCC.F}`))![0]!.data).toMatchObject({ sector: 'commerce_trade', industryCode: 'F5211' });
    expect((await events(`enterprise-${USCC.B}`))![0]!.data.registeredAt).toBe('2023-11-20T00:00:00+08:00');
  });

  it('leaves nothing of a rejected row', async () => {
    for (const [district, id] of [['500106', 'HZ-2025-009'], ['500113', 'HZ-2025-011'], ['500102', 'HZ-2025-012'], ['500112', 'HZ-2025-013'], ['500113', 'HZ-2025-014'], ['500102', 'HZ-2025-015'], ['500105', 'HZ-2025-016']]) {
      expect({ id, status: (await http(url, 'GET', `/api/v1/hazards/${hazardId(district!, id!)}?minPosition=${lastPosition}`)).status }).toEqual({ id, status: 404 });
      expect({ id, events: await events(`hazard-${hazardId(district!, id!)}`) }).toEqual({ id, events: null });
    }
    for (const uscc of [USCC.badCheck, USCC.chengdu, USCC.restaurant]) expect(await events(`enterprise-${uscc}`)).toBeNull();
    // The duplicate of line 2 added nothing to line 2's hazard.
    expect((await events(`hazard-${hazardId('500115', 'HZ-2024-001')}`))!.map((e) => e.type)).toEqual([
      'HazardReported',
      'RectificationPlanned',
      'RectificationCompleted',
      'RectificationVerified',
      'HazardClosed',
    ]);
  });

  it('appends nothing on a second import of the same ledger, in either format', async () => {
    for (const file of [firstFile, secondFile]) {
      const before = await head();
      const { exitCode, report } = await runImport({ file, url, batch: 100, concurrency: 8, print: false, token: ADMIN_TOKEN });
      expect(exitCode).toBe(1);
      expect(report).toMatchObject({ rowsRead: 23, imported: 0, updated: 0, unchanged: 14, rejected: 9, failed: [], eventsAppended: 0, lastPosition: '0' });
      expect(report!.rejections).toEqual(REJECTIONS());
      expect(await head()).toBe(before);
    }
  });

  it('appends only the new steps when a row gains dates, and exits 0 when every row is accepted; JSON report on request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiben-ledger-'));
    try {
      const file = join(dir, 'later.csv');
      // UTF-8 with BOM, another header spelling, HZ-2025-007 now verified and closed on 2025-09-05.
      writeFileSync(
        file,
        '\ufeff编号,企业名称,社会信用代码,区县,所属行业,隐患级别,隐患内容,发现时间,整改时限,整改措施,责任人,整改资金(元),完成日期,销号时间\r\n' +
          `HZ-2025-007,重庆涪陵机械制造有限公司,${USCC.G},涪陵区,机械,一般,喷漆房通风设施未与喷漆设备联锁,2025-08-12,2025-08-31,加装通风与喷漆设备联锁装置,孙磊,18000,2025-08-30,2025-09-05\r\n`,
      );
      const reportFile = join(dir, 'report.json');
      const before = await head();
      const { exitCode, report } = await runImport({ file, url, batch: 10, concurrency: 2, print: false, report: reportFile, token: ADMIN_TOKEN });
      expect(exitCode).toBe(0);
      expect(report).toMatchObject({ encoding: 'utf-8-bom', rowsRead: 1, imported: 0, updated: 1, unchanged: 0, rejected: 0, rejections: [], eventsAppended: 2 });
      expect((await head()) - before).toBe(2n);
      const hazard = await http(url, 'GET', `/api/v1/hazards/${hazardId('500102', 'HZ-2025-007')}?minPosition=${report!.lastPosition}`);
      expect(hazard.body).toMatchObject({ status: 'closed', closedAt: at('2025-09-05') });
      expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toMatchObject({ updated: 1, eventsAppended: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on a file that is no ledger, sending nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiben-ledger-'));
    try {
      const file = join(dir, 'notes.csv');
      writeFileSync(file, '序号,备注\r\n1,无\r\n');
      const before = await head();
      expect(await runImport({ file, url, batch: 10, concurrency: 2, print: false, token: ADMIN_TOKEN })).toEqual({ exitCode: 2, report: null });
      expect(await head()).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
