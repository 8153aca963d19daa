import { districtUnitSql } from './district-unit-sql.js';

describe('districtUnitSql', () => {
  it('is the column itself when there are no rules, adding no parameters', () => {
    const params: unknown[] = ['2025-01-01'];
    expect(districtUnitSql('district_code', 'held_date', [], params)).toBe('district_code');
    expect(params).toEqual(['2025-01-01']);
  });

  it('builds a CASE with placeholders numbered after the existing parameters, values never in the SQL', () => {
    const params: unknown[] = ['2025-01-01', '2025-12-31'];
    const sql = districtUnitSql('t.district_code', '$2::date', [
      { code: '500105', from: '2025-11-06', to: '500157' },
      { code: "x' OR 1=1 --", from: null, to: '500157' },
    ], params);
    expect(sql).toBe(
      '(CASE WHEN t.district_code = $3::text AND $2::date >= $4::date THEN $5::text WHEN t.district_code = $6::text THEN $7::text ELSE t.district_code END)',
    );
    expect(params).toEqual(['2025-01-01', '2025-12-31', '500105', '2025-11-06', '500157', "x' OR 1=1 --", '500157']);
  });

  it('refuses a column or date expression that is not a plain identifier or placeholder', () => {
    expect(() => districtUnitSql('district_code; drop table x', 'held_date', [], [])).toThrow(/plain column name/);
    expect(() => districtUnitSql('district_code', 'now()', [], [])).toThrow(/neither a column name/);
  });
});
