/**
 * Reading ledger text: encoding detection (UTF-8 with and without BOM, GB18030 including a
 * four-byte character) and CSV splitting. The GB18030 bytes were produced by another encoder
 * (Python's codec), not by the code under test.
 */
import { cellText, decodeLedgerText, detectEncoding, excelCell, parseCsvText } from './read-ledger.js';

// '隐患编号,单位名称\r\nA1,重庆𠀀化工\r\n' in GB18030 (𠀀 U+20000 is the four-byte sequence 95 32 82 36).
const GB18030_BYTES = Buffer.from('d2febbbcb1e0bac52cb5a5cebbc3fbb3c60d0a41312cd6d8c7ec95328236bbafb9a40d0a', 'hex');
const TEXT = '隐患编号,单位名称\r\nA1,重庆𠀀化工\r\n';

describe('detectEncoding / decodeLedgerText', () => {
  it('takes bytes that are not UTF-8 as GB18030 and decodes them, four-byte characters included', () => {
    expect(detectEncoding(GB18030_BYTES)).toBe('gb18030');
    expect(decodeLedgerText(GB18030_BYTES)).toEqual({ text: TEXT, encoding: 'gb18030' });
  });

  it('takes strict UTF-8 as UTF-8, and drops a byte-order mark', () => {
    const utf8 = Buffer.from(TEXT, 'utf8');
    expect(detectEncoding(utf8)).toBe('utf-8');
    expect(decodeLedgerText(utf8).text).toBe(TEXT);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    expect(decodeLedgerText(withBom)).toEqual({ text: TEXT, encoding: 'utf-8-bom' });
  });

  it('takes plain ASCII as UTF-8 (both encodings agree on it)', () => {
    expect(detectEncoding(Buffer.from('a,b\r\n1,2\r\n'))).toBe('utf-8');
  });

  it('does not mistake one stray byte in UTF-8 text for UTF-8', () => {
    // 隐 in UTF-8 (e9 9a 90) with its last byte cut off, then a comma
    expect(detectEncoding(Buffer.from([0xe9, 0x9a, 0x2c]))).toBe('gb18030');
  });
});

describe('parseCsvText', () => {
  it('splits records, keeps quoted commas and line breaks, and keeps empty lines as empty records', () => {
    const records = parseCsvText('a,b,c\r\n"x,1","line1\nline2",3\r\n\r\nlast,,\r\n');
    expect(records).toEqual([['a', 'b', 'c'], ['x,1', 'line1\nline2', '3'], [''], ['last', '', '']]);
  });

  it('detects a tab- or semicolon-separated file from its first line', () => {
    expect(parseCsvText('a\tb\r\n1,5\t2\r\n')).toEqual([['a', 'b'], ['1,5', '2']]);
    expect(parseCsvText('a;b\n1;2\n')).toEqual([['a', 'b'], ['1', '2']]);
  });
});

describe('excelCell / cellText', () => {
  it('flattens rich text, hyperlinks, formulas and errors of ExcelJS cells', () => {
    expect(excelCell({ richText: [{ text: '重庆' }, { text: '化工' }] })).toBe('重庆化工');
    expect(excelCell({ text: 'HZ-1', hyperlink: 'http://x' })).toBe('HZ-1');
    expect(excelCell({ formula: 'A1*2', result: 42 })).toBe(42);
    expect(excelCell({ error: '#N/A' })).toBe('#N/A');
    expect(excelCell(undefined)).toBeNull();
  });

  it('gives text trimmed, and dates as ISO', () => {
    expect(cellText('  a ')).toBe('a');
    expect(cellText(null)).toBe('');
    expect(cellText(new Date(Date.UTC(2024, 2, 5)))).toBe('2024-03-05T00:00:00.000Z');
  });
});
