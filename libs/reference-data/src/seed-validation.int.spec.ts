import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadReferenceData } from './load-reference-data.js';
import type { SeedFileName } from './reference-data.types.js';
import { SeedValidationError } from './seed-validation.error.js';

// Copies the real seeds into a temp dir, breaks one thing, and checks that loading stops with an
// error naming the file, the entry (index and code/id) and the problem.

const SEEDS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../seeds');

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Fault {
  name: string;
  file: SeedFileName;
  /** Breaks the parsed file in place; returns the index and id of the entry broken (null: file level). */
  breakIt: (doc: Json) => { index: number; id: string } | null;
  problem: RegExp;
}

function at(doc: Json, key: string, value: unknown): { index: number; entry: Json } {
  const index = (doc.entries as Json[]).findIndex((e) => e[key] === value);
  if (index < 0) throw new Error(`test setup: no entry with ${key}=${String(value)}`);
  return { index, entry: doc.entries[index] };
}

const FAULTS: Fault[] = [
  {
    name: 'a required field is missing',
    file: 'districts.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', '500103'); delete entry.name; return { index, id: '500103' }; },
    problem: /^name: is required$/,
  },
  {
    name: 'an unknown (misspelt) field',
    file: 'sectors.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', 'gas'); entry.higRisk = true; return { index, id: 'gas' }; },
    problem: /^higRisk: unknown field$/,
  },
  {
    name: 'a boolean written as a string',
    file: 'sectors.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', 'coal_mine'); entry.highRisk = 'true'; return { index, id: 'coal_mine' }; },
    problem: /^highRisk: must be a boolean/,
  },
  {
    name: 'a GB/T 4754 code under the wrong 门类',
    file: 'sectors.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', 'tobacco'); entry.gbt4754 = ['B16']; return { index, id: 'tobacco' }; },
    problem: /^gbt4754\[0\]: 大类 16 is not under 门类 B/,
  },
  {
    name: 'a malformed district code',
    file: 'districts.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', '500110'); entry.gbCode = '50011'; return { index, id: '500110' }; },
    problem: /^gbCode: '50011' is not a six-digit Chongqing GB\/T 2260 code/,
  },
  {
    name: 'a district whose kind contradicts its code',
    file: 'districts.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', '500229'); entry.kind = 'district'; return { index, id: '500229' }; },
    problem: /^kind: a district \(区\) has a 5001xx code/,
  },
  {
    name: 'a successor that is not a unit of the file',
    file: 'districts.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', '500105'); entry.successor = '500199'; return { index, id: '500105' }; },
    problem: /^successor: '500199' is not a unit of this file$/,
  },
  {
    name: 'a successor not yet in force the day after the retirement',
    file: 'districts.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', '500105'); entry.validTo = '2025-06-30'; return { index, id: '500105' }; },
    problem: /^successor: '500157' is not in force on 2025-07-01, the day after 500105 retires$/,
  },
  {
    name: 'a retired unit without a successor',
    file: 'districts.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', '500112'); entry.successor = null; return { index, id: '500112' }; },
    problem: /^successor: a unit retired on 2025-11-05 must name its successor$/,
  },
  {
    name: 'a valid unit with a successor',
    file: 'districts.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', '500101'); entry.successor = '500102'; return { index, id: '500101' }; },
    problem: /^successor: a unit still valid \(validTo null\) has no successor$/,
  },
  {
    name: 'a validity range that ends before it starts',
    file: 'districts.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', '500157'); entry.validTo = '2025-01-01'; entry.successor = '500109'; return { index, id: '500157' }; },
    problem: /^validTo: 2025-01-01 is before validFrom 2025-11-06$/,
  },
  {
    name: 'a negative township count',
    file: 'districts.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', '500103'); entry.townships = -1; return { index, id: '500103' }; },
    problem: /^townships: -1 is outside 0–100000$/,
  },
  {
    name: 'counts without their source',
    file: 'districts.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', '500103'); entry.countsSource = null; return { index, id: '500103' }; },
    problem: /^countsSource: must be given exactly when townships or villages is/,
  },
  {
    name: 'a duplicate code',
    file: 'risk-tags.json',
    breakIt: (doc) => { doc.entries.push({ code: 'steel', name: '钢铁(重复)' }); return { index: doc.entries.length - 1, id: 'steel' }; },
    problem: /^code: 'steel' duplicates entry #\d+$/,
  },
  {
    name: 'a date that does not exist',
    file: 'criteria.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', 'MEM-10-2023'); entry.effectiveFrom = '2023-02-30'; return { index, id: 'MEM-10-2023' }; },
    problem: /^effectiveFrom: must be a real date 'YYYY-MM-DD', got "2023-02-30"$/,
  },
  {
    name: 'supersededBy pointing at no entry',
    file: 'criteria.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', 'GB-35181-2017'); entry.supersededBy = 'GB-35181-2099'; return { index, id: 'GB-35181-2017' }; },
    problem: /^supersededBy: 'GB-35181-2099' is not an entry of criteria\.json$/,
  },
  {
    name: 'a criterion naming an unknown sector',
    file: 'criteria.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', 'MEM-4-2020'); entry.sector = 'mining'; entry.appliesToSectors = ['mining']; return { index, id: 'MEM-4-2020' }; },
    problem: /^sector: 'mining' is not a sector of sectors\.json$/,
  },
  {
    name: 'a clause-level entry without text',
    file: 'criteria.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'code', 'MEM-10-2023'); entry.clauseNo = '第三条'; return { index, id: 'MEM-10-2023' }; },
    problem: /^text: clauseNo and text are both null/,
  },
  {
    name: 'a deadline on a day that does not exist',
    file: 'key-tasks.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'taskNo', 2); entry.items[0].deadline.date = '2024-06-31'; return { index, id: 'task 2' }; },
    problem: /^items\[0\]\.deadline\.date: must be a real date/,
  },
  {
    name: 'a deadline listing years out of order',
    file: 'key-tasks.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'taskNo', 5); entry.items[1].deadline = { kind: 'year', year: 2025, years: [2026, 2025] }; return { index, id: 'task 5' }; },
    problem: /^items\[1\]\.deadline\.years\[1\]: years must be strictly ascending$/,
  },
  {
    name: 'a deadline of an unknown kind',
    file: 'key-tasks.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'taskNo', 12); entry.items[0].deadline = { kind: 'forever' }; return { index, id: 'task 12' }; },
    problem: /^items\[0\]\.deadline\.kind: must be one of year \| date \| yearly \| ongoing/,
  },
  {
    name: 'an inherited cell that differs from the row above',
    file: 'key-tasks.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'taskNo', 21); entry.items[2].leadUnits = '市应急局'; return { index, id: 'task 21' }; },
    problem: /^items\[2\]\.leadUnits: marked inherited but differs from row 21\.2$/,
  },
  {
    name: 'a target pointing at an annex item that does not exist',
    file: 'plan-targets.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'targetId', 'major-stock-cleared-2024'); entry.keyTaskItem = '3.99'; return { index, id: 'major-stock-cleared-2024' }; },
    problem: /^keyTaskItem: '3\.99' is not an item of key-tasks\.json$/,
  },
  {
    name: 'a ratio threshold given in percent',
    file: 'plan-targets.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'targetId', 'village-rescue-stations-2025'); entry.threshold = 90; return { index, id: 'village-rescue-stations-2025' }; },
    problem: /^threshold: a ratio threshold lies in \[0, 1\], got 90$/,
  },
  {
    name: 'a comparator outside the enum',
    file: 'plan-targets.json',
    breakIt: (doc) => { const { index, entry } = at(doc, 'targetId', 'major-dynamic-zero-2026'); entry.comparator = '<'; return { index, id: 'major-dynamic-zero-2026' }; },
    problem: /^comparator: must be one of >= \| <= \| =/,
  },
  {
    name: 'a missing source block',
    file: 'risk-tags.json',
    breakIt: (doc) => { delete doc.source; return null; },
    problem: /^source: is required$/,
  },
];

describe('seed validation', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zhiben-seeds-'));
    cpSync(SEEDS, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function expectFailure(file: SeedFileName, entry: { index: number; id: string } | null, problem: RegExp): void {
    let caught: unknown;
    try {
      loadReferenceData(dir);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SeedValidationError);
    const e = caught as SeedValidationError;
    expect(e.file).toBe(file);
    expect(e.entry).toEqual(entry);
    expect(e.problem).toMatch(problem);
    expect(e.message).toContain(file);
    expect(e.message).toContain(e.problem);
    expect(e.message).toContain(entry === null ? 'file level' : `entry #${entry.index} (${entry.id})`);
  }

  it('loads the unbroken copy', () => {
    expect(loadReferenceData(dir).districts).toHaveLength(42);
  });

  it.each(FAULTS)('refuses $file with $name', ({ file, breakIt, problem }) => {
    const path = join(dir, file);
    const doc = JSON.parse(readFileSync(path, 'utf8')) as Json;
    const entry = breakIt(doc);
    writeFileSync(path, JSON.stringify(doc, null, 2));
    expectFailure(file, entry, problem);
  });

  it('refuses a file that is not JSON', () => {
    writeFileSync(join(dir, 'sectors.json'), '{ "source": ');
    expectFailure('sectors.json', null, /^not valid JSON: /);
  });

  it('refuses a missing file', () => {
    unlinkSync(join(dir, 'criteria.json'));
    expectFailure('criteria.json', null, /^cannot read .*criteria\.json/);
  });

  it('names an entry by index alone when its code is missing', () => {
    const path = join(dir, 'districts.json');
    const doc = JSON.parse(readFileSync(path, 'utf8')) as Json;
    delete doc.entries[4].code;
    writeFileSync(path, JSON.stringify(doc));
    let caught: unknown;
    try {
      loadReferenceData(dir);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SeedValidationError);
    expect((caught as SeedValidationError).entry).toEqual({ index: 4, id: null });
    expect((caught as SeedValidationError).message).toBe('seed file districts.json, entry #4: code: is required');
  });
});
