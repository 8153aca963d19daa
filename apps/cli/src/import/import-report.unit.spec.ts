/** The import report's summary line: a re-run that appends nothing says so instead of "last position 0". */
import { formatReport, type ImportReport } from './import-report.js';

const base: ImportReport = {
  file: 'ledger.csv',
  format: 'csv',
  encoding: 'utf-8',
  sheet: null,
  url: 'http://127.0.0.1:3000',
  rowsRead: 23,
  imported: 0,
  updated: 0,
  unchanged: 14,
  rejected: 9,
  rejections: [],
  failed: [],
  eventsAppended: 0,
  lastPosition: '0',
  elapsedMs: 1500,
};

describe('formatReport', () => {
  it('a run that appended nothing says nothing new, and names no position', () => {
    const line = formatReport(base)[2]!;
    expect(line).toBe("events appended 0 in 1.5 s (nothing new: the ledger's rows are all in the store already or rejected)");
  });

  it('a run that appended events names the last position', () => {
    expect(formatReport({ ...base, imported: 14, unchanged: 0, eventsAppended: 61, lastPosition: '1234' })[2]).toBe('events appended 61 in 1.5 s (last position 1234)');
  });
});
