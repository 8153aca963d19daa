/**
 * Hostile and careless clients against the newer routes, over real HTTP against the real app (embedded
 * PGlite; PostgreSQL too when TEST_DATABASE_URL is set): whistle-blower reports, key tasks, targets and
 * the scoreboard, `units=` on the statistics routes, and the ledger import. Bad input is answered with
 * the documented 4xx and JSON body and appends nothing (the store's head position stays put); no input
 * is answered 500 or hangs; a reporter's identity is found nowhere but as ciphertext — not in errors,
 * logs, the idempotency table or the analysts' event stream.
 *
 * Every case states the documented behaviour; a failing case is a defect of the app.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import { READ_MODELS } from '#bootstrap';
import { runImport } from '../../apps/cli/src/import/run-import.js';
import { ADMIN_AUTH, ADMIN_TOKEN } from '../support/app-harness.js';
import { appBackends, testUscc, type StartedApp } from '../support/backends.js';
import { expectDocumentedRefusal, expectStatus, headPosition, hostileCase as c, json, projectionErrors, raw, withRawKey, type HostileCase, type RawResponse } from '../support/raw-http.js';

/** Canonical JSON (keys sorted at every level), written here independently of the app's own. */
function sortedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
}

/**
 * A ZIP (stored as .xlsx) made by hand: each entry deflated; `xl/worksheets/sheet1.xml` is `padMb` MB of
 * blanks inside <sheetData> — a few hundred kB on disk (a "zip bomb"). Written here, with node:zlib only.
 */
async function zipBomb(padMb: number): Promise<Buffer> {
  const sheetHead = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  const sheetTail = '<row r="1"><c r="A1" t="inlineStr"><is><t>隐患编号</t></is></c></row></sheetData></worksheet>';
  const entries: [string, () => Promise<{ data: Buffer; crc: number; size: number }>][] = [
    ['[Content_Types].xml', async () => plain('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')],
    ['_rels/.rels', async () => plain('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')],
    ['xl/workbook.xml', async () => plain('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')],
    ['xl/_rels/workbook.xml.rels', async () => plain('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')],
    ['xl/worksheets/sheet1.xml', async () => {
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const deflate = createDeflateRaw({ level: 9 });
      const out: Buffer[] = [];
      deflate.on('data', (b: Buffer) => out.push(b));
      const ended = new Promise((resolve) => deflate.on('end', resolve));
      let crc = crc32(sheetHead);
      deflate.write(sheetHead);
      for (let i = 0; i < padMb; i++) {
        crc = crc32(chunk, crc);
        if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
      }
      crc = crc32(sheetTail, crc);
      deflate.end(sheetTail);
      await ended;
      return { data: Buffer.concat(out), crc, size: Buffer.byteLength(sheetHead) + padMb * chunk.length + Buffer.byteLength(sheetTail) };
    }],
  ];
  function plain(text: string) {
    const bytes = Buffer.from(text);
    return { data: deflateRawSync(bytes), crc: crc32(bytes), size: bytes.length };
  }
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, make] of entries) {
    const { data, crc, size } = await make();
    const fileName = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x0800, 8); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(size, 24); central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += 30 + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const KEK = randomBytes(32).toString('base64');
const APP_OPTIONS = { minPositionTimeoutMs: 1000, deadlineWatchIntervalMs: 86_400_000, reporterKek: KEK, logLevel: 'log' as const };
const modes = appBackends(APP_OPTIONS, 'zhiben_break');

const D1 = '500104'; // 大渡口区
const REPORT = { districtCode: D1, sector: 'hazardous_chemicals', channel: 'phone', summary: '仓库违规储存危险化学品', receivedAt: '2025-03-01T09:00:00+08:00' };
const VERIFY = { substantiated: true, fineFen: 20_000_000, verifiedAt: '2025-03-10T09:00:00+08:00' };
const PAY = { amountFen: 3_000_000, paidAt: '2025-04-01T09:00:00+08:00' };
const PROGRESS = { itemNo: '3.2', leadUnit: '市安委会办公室', summary: '进展情况', reportedAt: '2024-03-01T09:00:00+08:00' };
const COMPLETE = { leadUnit: '市安委会', evidence: '印发文件', completedAt: '2024-10-01T09:00:00+08:00' };

const report = (patch: Record<string, unknown>) => json({ ...REPORT, ...patch });
const verify = (patch: Record<string, unknown>) => json({ ...VERIFY, ...patch });
const pay = (patch: Record<string, unknown>) => json({ ...PAY, ...patch });
const progress = (patch: Record<string, unknown>) => json({ ...PROGRESS, ...patch });
const complete = (patch: Record<string, unknown>) => json({ ...COMPLETE, ...patch });

const R = '/api/v1/reports';
/** `{r}` is a report received just for the case (with an identity); `{v}` one already verified as substantiated. */
const VER = '/api/v1/reports/{r}/verification';
const PAYR = '/api/v1/reports/{v}/reward-payment';
const READ = '/api/v1/reports/{r}/reporter-identity-reads';
const KT = '/api/v1/key-tasks/3/progress-reports';
const KC = '/api/v1/key-tasks/3/items/3.6/completion';
const STATS = '/api/v1/statistics/reports?groupBy=district&year=2025';
const NIL = '00000000-0000-0000-0000-000000000000';

const bigNumbers: [string, string][] = [['2^53', '9007199254740992'], ['-1', '-1'], ['1e309', '1e309'], ['1.5', '1.5'], ['"NaN"', '"NaN"'], ['"1"', '"1"'], ['99999999999999999999', '99999999999999999999'], ['null', 'null'], ['true', 'true']];

const CASES: HostileCase[] = [
  // --- not JSON, or JSON that is no object
  c('reports: malformed JSON', 'POST', R, '{bad json', 400),
  c('reports: an array body', 'POST', R, '[]', 400, { error: 'validation' }),
  c('reports: an array holding a valid report', 'POST', R, `[${report({})}]`, 400, { error: 'validation' }),
  c('reports: a null body', 'POST', R, 'null', 400, { error: 'validation' }),
  c('reports: a string body', 'POST', R, '"x"', 400, { error: 'validation' }),
  c('reports: an empty body', 'POST', R, '', 400, { error: 'validation' }),
  c('verification: an array body', 'POST', VER, '[true]', 400, { error: 'validation' }),
  c('reward: a number body', 'POST', PAYR, '42', 400, { error: 'validation' }),
  c('identity read: a null body', 'POST', READ, 'null', 400, { error: 'validation' }),
  c('key-task progress: an array body', 'POST', KT, `[${progress({})}]`, 400, { error: 'validation' }),
  c('key-task completion: malformed JSON', 'POST', KC, '{"leadUnit":', 400),
  // --- too large
  c('reports: a 1 MB summary', 'POST', R, report({ summary: 'x'.repeat(1_000_000) }), 413, { error: 'payload_too_large' }),
  c('reports: a 4 001-character summary', 'POST', R, report({ summary: 'x'.repeat(4001) }), 400, { error: 'validation', detail: 'summary' }),
  c('key-task progress: a 1 MB summary', 'POST', KT, progress({ summary: '进'.repeat(400_000) }), 413, { error: 'payload_too_large' }),
  c('key-task progress: 101 measurements', 'POST', KT, progress({ measurements: Array.from({ length: 101 }, () => ({ indicator: 'converted_tractors_remaining', numerator: 1 })) }), 400, { error: 'validation', detail: 'measurements' }),
  // --- unknown and prototype keys
  c('reports: an unknown field', 'POST', R, report({ status: 'rewarded' }), 400, { error: 'validation', detail: 'status' }),
  c('reports: an unknown field in reporter', 'POST', R, report({ reporter: { name: '张三', idCard: 'x' } }), 400, { error: 'validation', detail: 'reporter.idCard' }),
  c('reports: "__proto__" at the top', 'POST', R, withRawKey(report({}), '__proto__', '{"channel":"visit"}'), 400, { error: 'validation' }),
  c('reports: "constructor" at the top', 'POST', R, withRawKey(report({}), 'constructor', '{"prototype":{}}'), 400, { error: 'validation' }),
  c('reports: "__proto__" in reporter', 'POST', R, report({ reporter: { name: '§' } }).replace('"§"', '"张三","__proto__":{"contact":"x"}'), 400, { error: 'validation' }),
  c('reports: reporter as an array', 'POST', R, report({ reporter: ['张三'] }), 400, { error: 'validation', detail: 'reporter' }),
  c('reports: reporter as a string', 'POST', R, report({ reporter: '张三 13800000000' }), 400, { error: 'validation', detail: 'reporter' }),
  c('reports: reporter null (was a 500)', 'POST', R, report({ reporter: null }), 400, { error: 'validation', detail: 'reporter' }),
  c('verification: an unknown field', 'POST', VER, verify({ rewardFen: 1 }), 400, { error: 'validation', detail: 'rewardFen' }),
  c('reward: "__proto__"', 'POST', PAYR, withRawKey(pay({}), '__proto__', '{"overrideReason":"x"}'), 400, { error: 'validation' }),
  c('key-task progress: an unknown field', 'POST', KT, progress({ taskNo: 4 }), 400, { error: 'validation', detail: 'taskNo' }),
  c('key-task progress: "__proto__" in a measurement', 'POST', KT, progress({ measurements: [{ indicator: 'converted_tractors_remaining', numerator: 1 }] }).replace('"numerator":1}', '"numerator":1,"__proto__":{"x":1}}'), 400, { error: 'validation' }),
  c('key-task completion: "constructor"', 'POST', KC, withRawKey(complete({}), 'constructor', '{}'), 400, { error: 'validation' }),
  // --- wrong types, huge numbers, fen as floats
  c('reports: channel in upper case', 'POST', R, report({ channel: 'PHONE' }), 400, { error: 'validation', detail: 'channel' }),
  c('reports: districtCode as a number', 'POST', R, report({ districtCode: 500104 }), 400, { error: 'validation', detail: 'districtCode' }),
  c('reports: receivedAt as a number', 'POST', R, report({ receivedAt: 1740790800000 }), 400, { error: 'validation', detail: 'receivedAt' }),
  c('reports: receivedAt without an offset', 'POST', R, report({ receivedAt: '2025-03-01T09:00:00' }), 400, { error: 'validation', detail: 'receivedAt' }),
  c('reports: receivedAt in year 0000', 'POST', R, report({ receivedAt: '0000-01-01T00:00:00+08:00' }), [400, 422]),
  c('reports: receivedAt in the future', 'POST', R, report({ receivedAt: '2099-01-01T00:00:00+08:00' }), 422, { error: 'occurred_in_future' }),
  c('reports: an unknown district', 'POST', R, report({ districtCode: '__proto__' }), 422, { error: 'unknown_district' }),
  c('reports: an unknown sector', 'POST', R, report({ sector: 'constructor' }), 422, { error: 'unknown_sector' }),
  c('reports: an SQL-ish USCC', 'POST', R, report({ enterpriseUscc: "'; DROP TABLE x;--12345" }), [400, 422]),
  c('reports: an unregistered enterprise', 'POST', R, report({ enterpriseUscc: testUscc('91500104MA5U7ZZZ9') }), 422, { error: 'unknown_enterprise' }),
  c('reports: a summary of blanks', 'POST', R, report({ summary: '   ' }), 422, { error: 'summary_required' }),
  c('verification: substantiated as "true"', 'POST', VER, verify({ substantiated: 'true' }), 400, { error: 'validation', detail: 'substantiated' }),
  c('verification: hazardId a path', 'POST', VER, verify({ hazardId: '../../etc/passwd' }), 400, { error: 'validation', detail: 'hazardId' }),
  c('verification: an unknown hazard', 'POST', VER, verify({ hazardId: NIL }), 422, { error: 'unknown_hazard' }),
  c('verification: a fine on an unsubstantiated report', 'POST', VER, verify({ substantiated: false }), 422, { error: 'link_requires_substantiation' }),
  ...bigNumbers.map(([n, v]) => c(`verification: fineFen ${n}`, 'POST', VER, verify({ fineFen: '§' }).replace('"§"', v), n === 'null' ? [201, 400] : 400, n === 'null' ? {} : { error: 'validation', detail: 'fineFen' })),
  ...bigNumbers.map(([n, v]) => c(`reward: amountFen ${n}`, 'POST', PAYR, pay({ amountFen: '§' }).replace('"§"', v), 400, { error: 'validation', detail: 'amountFen' })),
  c('reward: another amount without a reason', 'POST', PAYR, pay({ amountFen: 3_000_001 }), 422, { error: 'override_reason_required' }),
  c('reward: paid before the verification', 'POST', PAYR, pay({ paidAt: '2025-03-01T09:00:00+08:00' }), 422, { error: 'chronology' }),
  c('identity read: purpose of blanks', 'POST', READ, json({ purpose: ' \t' }), 422, { error: 'purpose_required' }),
  c('identity read: purpose a number', 'POST', READ, json({ purpose: 1 }), 400, { error: 'validation', detail: 'purpose' }),
  c('key-task progress: percentComplete 1e309', 'POST', KT, progress({ percentComplete: '§' }).replace('"§"', '1e309'), 400, { error: 'validation', detail: 'percentComplete' }),
  c('key-task progress: percentComplete 101', 'POST', KT, progress({ percentComplete: 101 }), 400, { error: 'validation', detail: 'percentComplete' }),
  c('key-task progress: percentComplete "50"', 'POST', KT, progress({ percentComplete: '50' }), 400, { error: 'validation', detail: 'percentComplete' }),
  c('key-task progress: year 2025.5', 'POST', KT, progress({ year: 2025.5 }), 400, { error: 'validation', detail: 'year' }),
  c('key-task progress: year 2^53', 'POST', KT, progress({ year: '§' }).replace('"§"', '9007199254740993'), 400, { error: 'validation', detail: 'year' }),
  c('key-task progress: year outside the deadline', 'POST', KT, progress({ year: 2030 }), 422, { error: 'year_outside_deadline' }),
  c('key-task progress: a numerator of 1e13', 'POST', KT, progress({ measurements: [{ indicator: 'converted_tractors_remaining', numerator: 1e13 }] }), 400, { error: 'validation', detail: 'measurements.0.numerator' }),
  c('key-task progress: a negative numerator', 'POST', KT, progress({ measurements: [{ indicator: 'converted_tractors_remaining', numerator: -1 }] }), 400, { error: 'validation', detail: 'measurements.0.numerator' }),
  c('key-task progress: measurements as an object', 'POST', KT, progress({ measurements: { indicator: 'x' } }), 400, { error: 'validation', detail: 'measurements' }),
  c('key-task progress: measurements holding null', 'POST', KT, progress({ measurements: [null] }), 400, { error: 'validation' }),
  c('key-task progress: "__proto__" as an indicator', 'POST', KT, progress({ measurements: [{ indicator: '__proto__', numerator: 1 }] }), 422, { error: 'unknown_indicator' }),
  c('key-task progress: "toString" as the item', 'POST', KT, progress({ itemNo: 'toString' }), 422, { error: 'unknown_task_item' }),
  c('key-task progress: a lead unit of another item', 'POST', KT, progress({ leadUnit: '市应急局 ' }), 422, { error: 'lead_unit_mismatch' }),
  c('key-task progress: an item of another task', 'POST', KT, progress({ itemNo: '4.1' }), 422, { error: 'unknown_task_item' }),
  c('key-task completion: evidence of blanks', 'POST', KC, complete({ evidence: ' ' }), 422, { error: 'evidence_required' }),
  c('key-task completion: completedAt in the future', 'POST', KC, complete({ completedAt: '2099-01-01T00:00:00+08:00' }), 422, { error: 'occurred_in_future' }),
  // --- path parameters
  c('verification: a non-UUID id', 'POST', '/api/v1/reports/not-an-id/verification', verify({}), 404, { error: 'report_not_found' }),
  c('verification: a traversal id', 'POST', '/api/v1/reports/..%2F..%2Fetc%2Fpasswd/verification', verify({}), 404),
  c('verification: a NUL id', 'POST', '/api/v1/reports/%00/verification', verify({}), 404),
  c('verification: an unknown UUID', 'POST', `/api/v1/reports/${NIL}/verification`, verify({}), 404, { error: 'report_not_found' }),
  c('shredding: an unknown UUID', 'POST', `/api/v1/reports/${NIL}/identity-shredding`, undefined, 404, { error: 'report_not_found' }),
  c('shredding: a 5 000-character id', 'POST', `/api/v1/reports/${'a'.repeat(5000)}/identity-shredding`, undefined, 404),
  c('identity read: an unknown UUID', 'POST', `/api/v1/reports/${NIL}/reporter-identity-reads`, json({ purpose: '回访' }), 404, { error: 'report_not_found' }),
  c('identity read: a lone surrogate id', 'POST', '/api/v1/reports/%ED%A0%80/reporter-identity-reads', json({ purpose: '回访' }), [400, 404]),
  c('GET a report: a non-UUID id', 'GET', '/api/v1/reports/abc', undefined, 404, { error: 'report_not_found' }),
  c('GET a report: a NUL id', 'GET', '/api/v1/reports/%00', undefined, 404),
  c('GET a report: unicode', 'GET', '/api/v1/reports/%E4%B8%BE%E6%8A%A5', undefined, 404),
  c('GET a report: minPosition=abc', 'GET', `/api/v1/reports/${NIL}?minPosition=abc`, undefined, 400, { error: 'validation', detail: 'minPosition' }),
  c('key-task progress: task 0', 'POST', '/api/v1/key-tasks/0/progress-reports', progress({}), 404, { error: 'key_task_not_found' }),
  c('key-task progress: task 23', 'POST', '/api/v1/key-tasks/23/progress-reports', progress({}), 404, { error: 'key_task_not_found' }),
  c('key-task progress: task 03', 'POST', '/api/v1/key-tasks/03/progress-reports', progress({}), 404, { error: 'key_task_not_found' }),
  c('key-task progress: task 3.0', 'POST', '/api/v1/key-tasks/3.0/progress-reports', progress({}), 404, { error: 'key_task_not_found' }),
  c('key-task progress: task 2^53', 'POST', '/api/v1/key-tasks/9007199254740993/progress-reports', progress({}), 404, { error: 'key_task_not_found' }),
  c('key-task progress: task %00', 'POST', '/api/v1/key-tasks/%00/progress-reports', progress({}), 404),
  c('key-task completion: item ../3.1', 'POST', '/api/v1/key-tasks/3/items/..%2F3.1/completion', complete({}), 404),
  c('key-task completion: item of another task', 'POST', '/api/v1/key-tasks/3/items/4.1/completion', complete({}), 404, { error: 'key_task_item_not_found' }),
  c('key-task completion: item __proto__', 'POST', '/api/v1/key-tasks/3/items/__proto__/completion', complete({}), 404, { error: 'key_task_item_not_found' }),
  c('key-task completion: a 5 000-character item', 'POST', `/api/v1/key-tasks/3/items/${'9'.repeat(5000)}/completion`, complete({}), 404),
  c('GET a key task: 3abc', 'GET', '/api/v1/key-tasks/3abc', undefined, 404, { error: 'key_task_not_found' }),
  c('GET a key task: unicode', 'GET', '/api/v1/key-tasks/%E4%B8%89', undefined, 404),
  // --- query strings
  c('key tasks: year=', 'GET', '/api/v1/key-tasks?year=', undefined, 400, { error: 'validation', detail: 'year' }),
  c('key tasks: year twice', 'GET', '/api/v1/key-tasks?year=2024&year=2025', undefined, 400, { error: 'validation', detail: 'year' }),
  c('key tasks: an unknown parameter', 'GET', '/api/v1/key-tasks?task=3', undefined, 400, { error: 'validation', detail: 'task' }),
  c('key tasks: year as an object', 'GET', '/api/v1/key-tasks?year[a]=2024', undefined, 400, { error: 'validation' }),
  c('one key task: year 99999', 'GET', '/api/v1/key-tasks/3?year=99999', undefined, 400, { error: 'validation', detail: 'year' }),
  c('one key task: minPosition=-1', 'GET', '/api/v1/key-tasks/3?minPosition=-1', undefined, 400, { error: 'validation', detail: 'minPosition' }),
  c('key-task figures: groupBy=district', 'GET', '/api/v1/statistics/key-tasks?year=2024&groupBy=district', undefined, 400, { error: 'validation', detail: 'groupBy' }),
  c('key-task figures: year twice', 'GET', '/api/v1/statistics/key-tasks?year=2024&year=2025', undefined, 400, { error: 'validation', detail: 'year' }),
  c('report figures: year=', 'GET', '/api/v1/statistics/reports?groupBy=district&year=', undefined, 400, { error: 'validation', detail: 'year' }),
  c('report figures: year twice', 'GET', `${STATS}&year=2024`, undefined, 400, { error: 'validation', detail: 'year' }),
  c('report figures: units=CURRENT', 'GET', `${STATS}&units=CURRENT`, undefined, 400, { error: 'validation', detail: 'units' }),
  c('report figures: units=', 'GET', `${STATS}&units=`, undefined, 400, { error: 'validation', detail: 'units' }),
  c('report figures: units twice', 'GET', `${STATS}&units=current&units=in_force`, undefined, 400, { error: 'validation', detail: 'units' }),
  c('report figures: an unknown parameter', 'GET', `${STATS}&reporter=x`, undefined, 400, { error: 'validation', detail: 'reporter' }),
  c('hazard figures: units=__proto__', 'GET', '/api/v1/statistics/hazards?groupBy=district&year=2025&units=__proto__', undefined, 400, { error: 'validation', detail: 'units' }),
  c('targets: year=', 'GET', '/api/v1/targets?year=', undefined, 400, { error: 'validation', detail: 'year' }),
  c('targets: year twice', 'GET', '/api/v1/targets?year=2024&year=2025', undefined, 400, { error: 'validation', detail: 'year' }),
  c('targets: year 1e3', 'GET', '/api/v1/targets?year=1e3', undefined, 400, { error: 'validation', detail: 'year' }),
  c('targets: groupBy', 'GET', '/api/v1/targets?year=2024&groupBy=district', undefined, 400, { error: 'validation', detail: 'groupBy' }),
  c('targets: units=CURRENT', 'GET', '/api/v1/targets?year=2024&units=CURRENT', undefined, 400, { error: 'validation', detail: 'units' }),
  c('targets: minPosition=1.5', 'GET', '/api/v1/targets?year=2024&minPosition=1.5', undefined, 400, { error: 'validation', detail: 'minPosition' }),
  c('scoreboard: year=abc', 'GET', '/api/v1/scoreboard?year=abc', undefined, 400, { error: 'validation', detail: 'year' }),
  c('scoreboard: an unknown parameter', 'GET', '/api/v1/scoreboard?year=2024&sort=rank', undefined, 400, { error: 'validation', detail: 'sort' }),
  c('scoreboard: __proto__', 'GET', '/api/v1/scoreboard?year=2024&__proto__=1', undefined, 400, { error: 'validation' }),
  // --- methods
  c('DELETE a report', 'DELETE', `/api/v1/reports/${NIL}`, undefined, [404, 405]),
  c('GET the identity reads', 'GET', '/api/v1/reports/{r}/reporter-identity-reads', undefined, [404, 405]),
  c('PUT a key task', 'PUT', '/api/v1/key-tasks/3', '{}', [404, 405]),
];

/** Records everything the process writes to stdout and stderr (the app's logs) while still writing it. */
function recordOutput(): { text(): string; stop(): void } {
  const chunks: string[] = [];
  const originals = [process.stdout.write, process.stderr.write] as const;
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  }
  return {
    text: () => chunks.join(''),
    stop: () => {
      process.stdout.write = originals[0];
      process.stderr.write = originals[1];
    },
  };
}

describe.each(modes)('hostile input on the new routes (%s)', (_mode, start) => {
  let running: StartedApp;
  let url: string;
  let ds: DataSource;
  let output: ReturnType<typeof recordOutput>;
  /** Unique, never sent anywhere but inside `reporter`. */
  const PLANTED_NAME = `举报人${randomUUID().slice(0, 8)}`;
  const PLANTED_CONTACT = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

  const head = (): Promise<string> => headPosition(url);
  const newReport = async (patch: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<string> => {
    const res = await raw(url, 'POST', R, report({ reporter: { name: PLANTED_NAME, contact: PLANTED_CONTACT }, ...patch }), headers);
    expect(res.status).toBe(201);
    return res.body.reportId as string;
  };
  const verified = async (): Promise<string> => {
    const id = await newReport();
    expect((await raw(url, 'POST', `/api/v1/reports/${id}/verification`, verify({}))).status).toBe(201);
    return id;
  };
  const streamTypes = async (id: string): Promise<string[]> =>
    ((await raw(url, 'GET', `/api/v1/audit/streams/report-${id}`)).body?.events ?? []).map((e: { type: string }) => e.type);

  beforeAll(async () => {
    output = recordOutput();
    running = await start();
    url = running.app.baseUrl;
    ds = running.app.app.get<DataSource>(READ_MODELS);
  });
  afterAll(async () => {
    output?.stop();
    await running?.done();
  });

  it.each(CASES.map((k) => [k.name, k] as const))('%s: the documented answer, nothing appended', async (_name, k) => {
    const r = k.path.includes('{r}') ? await newReport() : '';
    const v = k.path.includes('{v}') ? await verified() : '';
    const before = await head();
    const res = await raw(url, k.method, k.path.replace('{r}', r).replace('{v}', v), k.body, k.headers);
    expectDocumentedRefusal(res, k);
    if (res.status >= 400) expect(await head()).toBe(before);
  });

  it.each<[string, string, () => string, string]>([
    ['a NUL in a summary', R, () => report({ summary: 'a\u0000b' }), 'summary'],
    ['a lone surrogate in a summary', R, () => report({ summary: '§' }).replace('"§"', '"\\ud800"'), 'summary'],
    ['a NUL in the reporter name', R, () => report({ reporter: { name: 'x\u0000y' } }), 'reporter.name'],
    ['a lone surrogate in the reporter contact', R, () => report({ reporter: { contact: '§' } }).replace('"§"', '"\\udc00"'), 'reporter.contact'],
    ['a NUL in a reward override reason', PAYR, () => pay({ amountFen: 3_000_001, overrideReason: '\u0000' }), 'overrideReason'],
    ['a NUL in a progress summary', KT, () => progress({ summary: '\u0000' }), 'summary'],
    ['a lone surrogate in a lead unit', KT, () => progress({ leadUnit: '§' }).replace('"§"', '"\\udfff"'), 'leadUnit'],
    ['a NUL in a completion evidence', '/api/v1/key-tasks/3/items/3.3/completion', () => complete({ leadUnit: '各区县政府', evidence: 'a\u0000' }), 'evidence'],
  ])('%s: 400 naming the field, or accepted and then readable — never 500', async (_name, route, body, field) => {
    const v = route.includes('{v}') ? await verified() : '';
    const before = await head();
    const res = await raw(url, 'POST', route.replace('{v}', v), body());
    expectStatus(res, [201, 400, 422]);
    if (res.status !== 201) {
      if (res.status === 400) expectDocumentedRefusal(res, { status: 400, error: 'validation', detail: field });
      expect(await head()).toBe(before);
    }
    const health = await raw(url, 'GET', `/health`);
    const position = res.status === 201 ? res.body.position : await head();
    expect((await raw(url, 'GET', `${STATS}&minPosition=${position}`)).status).toBe(200);
    expect((await raw(url, 'GET', `/api/v1/statistics/key-tasks?year=2024&minPosition=${position}`)).status).toBe(200);
    expect(projectionErrors(health)).toEqual([]);
  });

  it('the same report verified twice at once: one 201, one 422 report_already_verified, one event', async () => {
    const id = await newReport();
    const [a, b] = await Promise.all([
      raw(url, 'POST', `/api/v1/reports/${id}/verification`, verify({})),
      raw(url, 'POST', `/api/v1/reports/${id}/verification`, verify({ substantiated: false, fineFen: undefined })),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 422]);
    expect([a, b].find((x) => x.status === 422)!.body.error).toBe('report_already_verified');
    expect(await streamTypes(id)).toEqual(['ReportReceived', 'ReportVerified']);
  });

  it('the same reward paid twice at once: one 201, one 422 reward_already_paid', async () => {
    const id = await verified();
    const [a, b] = await Promise.all([raw(url, 'POST', `/api/v1/reports/${id}/reward-payment`, pay({})), raw(url, 'POST', `/api/v1/reports/${id}/reward-payment`, pay({}))]);
    expect([a.status, b.status].sort()).toEqual([201, 422]);
    expect([a, b].find((x) => x.status === 422)!.body.error).toBe('reward_already_paid');
    expect(await streamTypes(id)).toEqual(['ReportReceived', 'ReportVerified', 'RewardPaid']);
  });

  it('the same key-task item completed twice at once: one 201, one 422 already_completed, one event', async () => {
    const before = await raw(url, 'GET', '/api/v1/audit/streams/task-2');
    const count = before.body?.events?.length ?? 0;
    const body = json({ leadUnit: '市安委会有关成员单位', evidence: '印发文件', completedAt: '2024-06-30T12:00:00+08:00' });
    const answers = await Promise.all([1, 2, 3].map(() => raw(url, 'POST', '/api/v1/key-tasks/2/items/2.1/completion', body)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422, 422]);
    for (const a of answers.filter((x) => x.status === 422)) expect(a.body.error).toBe('already_completed');
    const after = await raw(url, 'GET', '/api/v1/audit/streams/task-2');
    expect(after.body.events.length).toBe(count + 1);
  });

  it('one Idempotency-Key sent at once with two different report bodies: one report, the identity of its own body', async () => {
    const key = randomUUID();
    const bodies = [
      report({ reporter: { name: `${PLANTED_NAME}甲`, contact: PLANTED_CONTACT } }),
      report({ summary: '另一份举报', reporter: { name: `${PLANTED_NAME}乙` } }),
    ];
    const before = BigInt(await head());
    const answers = await Promise.all(bodies.map((b) => raw(url, 'POST', R, b, { 'Idempotency-Key': key })));
    const won = answers.findIndex((a) => a.status === 201);
    expect(won).toBeGreaterThanOrEqual(0);
    const lost = answers[1 - won]!;
    expect([409, 422]).toContain(lost.status);
    expect(['idempotency_key_reused', 'idempotency_in_progress']).toContain(lost.body.error);
    expect(BigInt(await head())).toBe(before + 1n);
    const read = await raw(url, 'POST', `/api/v1/reports/${answers[won]!.body.reportId}/reporter-identity-reads`, json({ purpose: '核实' }));
    expect(read.status).toBe(201);
    expect(read.body.identity).toEqual(JSON.parse(bodies[won]!).reporter);
  });

  it('one Idempotency-Key sent at once with one report body five times: one report, every answer the same, the identity readable', async () => {
    const key = randomUUID();
    const body = report({ reporter: { name: PLANTED_NAME, contact: PLANTED_CONTACT } });
    const before = BigInt(await head());
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => raw(url, 'POST', R, body, { 'Idempotency-Key': key })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(answers.map((a) => a.body)).toEqual(answers.map(() => answers[0]!.body));
    expect(BigInt(await head())).toBe(before + 1n);
    const read = await raw(url, 'POST', `/api/v1/reports/${answers[0]!.body.reportId}/reporter-identity-reads`, json({ purpose: '核实' }));
    expect({ status: read.status, identity: read.body.identity }).toEqual({ status: 201, identity: { name: PLANTED_NAME, contact: PLANTED_CONTACT } });
  });

  it('shredding while the identity is read: each read either returns the identity before the shredding, or 410; afterwards 410 for good', async () => {
    const id = await newReport();
    const reads = Array.from({ length: 4 }, () => raw(url, 'POST', `/api/v1/reports/${id}/reporter-identity-reads`, json({ purpose: '回访' })));
    const shred = raw(url, 'POST', `/api/v1/reports/${id}/identity-shredding`);
    const [shredded, ...answers] = await Promise.all([shred, ...reads]);
    expect(shredded.status).toBe(201);
    for (const a of answers) {
      expectStatus(a, [201, 410]);
      if (a.status === 201) expect(a.body.identity).toEqual({ name: PLANTED_NAME, contact: PLANTED_CONTACT });
      else expect(a.body.error).toBe('identity_shredded');
    }
    const types = await streamTypes(id);
    const granted = answers.filter((a) => a.status === 201).length;
    // every granted read is recorded, and recorded before the shredding
    expect(types).toEqual(['ReportReceived', ...Array(granted).fill('ReporterIdentityRead'), 'ReporterIdentityShredded']);
    const later = await raw(url, 'POST', `/api/v1/reports/${id}/reporter-identity-reads`, json({ purpose: '回访' }));
    expect({ status: later.status, error: later.body.error }).toEqual({ status: 410, error: 'identity_shredded' });
    expect(await ds.query('SELECT 1 FROM reporter_keys WHERE report_id = $1', [id])).toEqual([]);
  });

  it('the idempotency table holds no hash from which a reporter identity can be recovered', async () => {
    // An insider who can read idempotency_keys and report_register knows every field of a report but the
    // reporter; a plain SHA-256 of the request would let them try the 10^4 possible last digits of a phone.
    const key = randomUUID();
    const prefix = '1380013';
    const contact = `${prefix}${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;
    const body = { ...REPORT, reporter: { contact } };
    const res = await raw(url, 'POST', R, json(body), { 'Idempotency-Key': key });
    expect(res.status).toBe(201);
    const [row] = await ds.query('SELECT request_hash FROM idempotency_keys WHERE key = $1', [key]);
    expect(row).toBeDefined();
    let recovered: string | null = null;
    for (let i = 0; i < 10_000 && recovered === null; i++) {
      const guess = `${prefix}${String(i).padStart(4, '0')}`;
      const hash = createHash('sha256').update(`POST ${R} ${sortedJson({ ...body, reporter: { contact: guess } })}`).digest('hex');
      if (hash === row.request_hash) recovered = guess;
    }
    expect(recovered).toBeNull();
    // and a retry with the same body still answers the first response
    const retry = await raw(url, 'POST', R, json(body), { 'Idempotency-Key': key });
    expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: res.body });
    const other = await raw(url, 'POST', R, json({ ...body, reporter: { contact: `${contact}0` } }), { 'Idempotency-Key': key });
    expect({ status: other.status, error: other.body.error }).toEqual({ status: 422, error: 'idempotency_key_reused' });
  });

  it('the planted identity is nowhere: answers to bad input, logs, idempotency rows, read models, SSE', async () => {
    const sse = new AbortController();
    const sseChunks: string[] = [];
    const sseDone = fetch(`${url}/api/v1/streams/events`, { headers: ADMIN_AUTH, signal: sse.signal })
      .then(async (res) => {
        const reader = res.body!.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          sseChunks.push(Buffer.from(value).toString('utf8'));
        }
      })
      .catch(() => undefined);
    const answers: RawResponse[] = [];
    const withId = (patch: Record<string, unknown>) => report({ reporter: { name: PLANTED_NAME, contact: PLANTED_CONTACT }, ...patch });
    answers.push(await raw(url, 'POST', R, `${withId({})}garbage`));
    answers.push(await raw(url, 'POST', R, withId({}).slice(0, -3)));
    answers.push(await raw(url, 'POST', R, withId({ districtCode: 'nowhere' })));
    answers.push(await raw(url, 'POST', R, withId({ receivedAt: 'yesterday' })));
    answers.push(await raw(url, 'POST', R, report({ reporter: { name: PLANTED_NAME, contact: PLANTED_CONTACT, extra: PLANTED_NAME } })));
    answers.push(await raw(url, 'POST', R, report({ reporter: { name: `${PLANTED_NAME}${'x'.repeat(300)}` } })));
    answers.push(await raw(url, 'POST', R, report({ reporter: { name: [PLANTED_NAME] } })));
    answers.push(await raw(url, 'POST', R, report({ reporter: { contact: { v: PLANTED_CONTACT } } })));
    answers.push(await raw(url, 'POST', R, withId({}), { 'Idempotency-Key': PLANTED_CONTACT }));
    answers.push(await raw(url, 'POST', R, withId({ summary: 'x'.repeat(300_000) })));
    const id = await newReport({}, { 'Idempotency-Key': randomUUID() });
    const read = await raw(url, 'POST', `/api/v1/reports/${id}/reporter-identity-reads`, json({ purpose: '核实' }));
    expect(read.status).toBe(201);
    expect(read.headers['cache-control']).toBe('no-store');
    answers.push(await raw(url, 'GET', `/api/v1/reports/${id}?minPosition=${read.body.position}`));
    answers.push(await raw(url, 'GET', `${STATS}&minPosition=${read.body.position}`));
    for (const a of answers) {
      expect(a.status).toBeLessThan(500);
      expect(a.text).not.toContain(PLANTED_NAME);
      expect(a.text).not.toContain(PLANTED_CONTACT);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    sse.abort();
    await sseDone;
    const stream = sseChunks.join('');
    expect(stream).toContain('ReportReceived');
    expect(stream).not.toContain(PLANTED_NAME);
    expect(stream).not.toContain(PLANTED_CONTACT);
    const idem = JSON.stringify(await ds.query('SELECT * FROM idempotency_keys'));
    expect(idem).not.toContain(PLANTED_NAME);
    expect(idem).not.toContain(PLANTED_CONTACT);
    const register = JSON.stringify(await ds.query('SELECT * FROM report_register'));
    expect(register).not.toContain(PLANTED_NAME);
    const logs = output.text();
    expect(logs).not.toContain(PLANTED_NAME);
    expect(logs).not.toContain(PLANTED_CONTACT);
  });

  it('GET /api/v1/targets and /api/v1/scoreboard: every plan year and a year without targets answer 200', async () => {
    for (const year of [2023, 2024, 2025, 2026, 2100]) {
      const t = await raw(url, 'GET', `/api/v1/targets?year=${year}`);
      expect(t.status).toBe(200);
      const s = await raw(url, 'GET', `/api/v1/scoreboard?year=${year}`);
      expect(s.status).toBe(200);
    }
    const current = await raw(url, 'GET', '/api/v1/targets?year=2025&units=current');
    expectStatus(current, [200]);
  });

  describe('the ledger import on hostile files: exit 2 or rows rejected, nothing appended, never a crash', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'zb-break-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const HEADER = '隐患编号,单位名称,统一社会信用代码,所属区县,行业领域,隐患等级,隐患描述,发现日期';
    const file = (name: string, content: string | Buffer) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    };
    const run = (path: string) => runImport({ file: path, url, batch: 50, concurrency: 4, print: false, token: ADMIN_TOKEN });

    it.each<[string, () => string, number]>([
      ['binary garbage', () => file('garbage.csv', randomBytes(64 * 1024)), 2],
      ['an empty file', () => file('empty.csv', ''), 2],
      ['only a header', () => file('header.csv', `${HEADER}\n`), 0],
      ['a text file renamed .xlsx', () => file('text.xlsx', `${HEADER}\nA,B,C\n`), 2],
      ['a zip that is no workbook', () => file('nozip.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(1000)])), 2],
      ['a CSV of NUL bytes', () => file('nul.csv', Buffer.alloc(10_000)), 2],
      ['a header with a lone quote', () => file('quote.csv', `"${HEADER}\n1,2\n`), 2],
    ])('%s', async (_name, make, exitCode) => {
      const before = await head();
      const { exitCode: code } = await run(make());
      expect(code).toBe(exitCode);
      expect(await head()).toBe(before);
    });

    it('a file mixing UTF-8 and GB18030 bytes is decoded as GB18030 whole: no header found, exit 2, nothing appended', async () => {
      const bytes = Buffer.concat([Buffer.from(`${HEADER}\nHZ-M1,某公司\n`, 'utf8'), Buffer.from([0xc4, 0xe3, 0x0a])]);
      const before = await head();
      expect((await run(file('mixed.csv', bytes))).exitCode).toBe(2);
      expect(await head()).toBe(before);
    });

    it('formula-injection cells are kept as plain text, never evaluated', async () => {
      const uscc = testUscc('91500104MA5U7FQ20');
      const formula = "=cmd|' /C calc'!A0";
      const lines = [`${HEADER},国民经济行业代码,隐患名称`, `HZ-F1,"${formula}",${uscc},500104,machinery,一般,"=HYPERLINK(""http://x"",""y"")",2025-03-01,C34,@SUM(1+1)`];
      const { exitCode, report } = await run(file('formula.csv', `${lines.join('\n')}\n`));
      expect({ exitCode, rejections: report?.rejections }).toEqual({ exitCode: 0, rejections: [] });
      const stream = await raw(url, 'GET', `/api/v1/audit/streams/enterprise-${uscc}`);
      expect(stream.body.events[0].data.name).toBe(formula);
      // the import's documented hazard id: uuidv5(`{districtCode}:{隐患编号}`, its namespace)
      const hazardId = uuidv5('500104:HZ-F1', '0b7e4c52-3f61-4d0e-8a27-6c1f95d2e8b4');
      const reported = (await raw(url, 'GET', `/api/v1/audit/streams/hazard-${hazardId}`)).body.events[0].data;
      expect({ title: reported.title, description: reported.description }).toEqual({ title: '@SUM(1+1)', description: '=HYPERLINK("http://x","y")' });
    });

    it.each([[64], [1024]])('an XLSX zip bomb (a %i MB sheet in a few hundred kB): exit 2 in bounded time and memory, nothing appended', async (padMb) => {
      const path = file(`bomb-${padMb}.xlsx`, await zipBomb(padMb));
      const before = await head();
      const rssBefore = process.memoryUsage().rss;
      const started = Date.now();
      const { exitCode } = await run(path);
      expect(exitCode).toBe(2);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(512 * 1024 * 1024);
      expect(await head()).toBe(before);
    }, 60_000);

    it('100 000 rows: answered in bounded time and memory, every row accounted for', async () => {
      const lines = [HEADER];
      for (let i = 0; i < 100_000; i++) lines.push(`HZ-BIG-${i},某公司,91500104MA5U7XXXX,成都市,机械,一般,描述,2025-03-01`);
      const path = file('big.csv', `${lines.join('\n')}\n`);
      const before = await head();
      const heapBefore = process.memoryUsage().rss;
      const started = Date.now();
      const { exitCode, report } = await run(path);
      expect(exitCode).toBe(1);
      expect(report!.rowsRead).toBe(100_000);
      expect(report!.rejected).toBe(100_000);
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(process.memoryUsage().rss - heapBefore).toBeLessThan(1024 * 1024 * 1024);
      expect(await head()).toBe(before);
    }, 120_000);
  });
});
