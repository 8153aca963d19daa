import type { DistrictRemapRule } from '#reference-data';

const COLUMN = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;
const DATE_SQL = /^([a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?|\$\d+::date)$/;

/**
 * A SQL expression giving the district a row counts under, for statistics grouped by district:
 * `CASE WHEN <code> = $i AND <date> >= $j::date THEN $k … ELSE <code> END`, one WHEN per remap rule
 * (rules come from `districtRemap` in #reference-data; a rule with `from` null matches any date).
 * The rule values are appended to `params` and referenced by placeholder, never spliced into the SQL.
 * With no rules the expression is `codeColumn` itself.
 *
 * Use it in place of the district column, in SELECT and GROUP BY alike, e.g.:
 *   const params: unknown[] = [start, cut];
 *   const unit = districtUnitSql('district_code', 'held_date', q.remap ?? [], params);
 *   await ds.query(`SELECT ${unit} AS key, count(*) AS n FROM t WHERE held_date BETWEEN $1::date AND $2::date GROUP BY ${unit}`, params);
 *
 * @param codeColumn the district-code column (a plain identifier, optionally table-qualified)
 * @param dateSql the fact's CST date: a date column, or a `$n::date` placeholder already in `params`
 *   (e.g. the cut, for standing facts such as registered enterprises)
 * @param rules the remap rules (empty for none)
 * @param params the query's parameter list; the rule values are pushed onto it
 * @throws Error when `codeColumn` or `dateSql` is not a plain identifier / placeholder (programming error)
 */
export function districtUnitSql(codeColumn: string, dateSql: string, rules: readonly DistrictRemapRule[], params: unknown[]): string {
  if (!COLUMN.test(codeColumn)) throw new Error(`districtUnitSql: '${codeColumn}' is not a plain column name`);
  if (!DATE_SQL.test(dateSql)) throw new Error(`districtUnitSql: '${dateSql}' is neither a column name nor a $n::date placeholder`);
  if (rules.length === 0) return codeColumn;
  const whens = rules.map((r) => {
    params.push(r.code);
    const code = `$${params.length}`;
    let when = `${codeColumn} = ${code}::text`;
    if (r.from !== null) {
      params.push(r.from);
      when += ` AND ${dateSql} >= $${params.length}::date`;
    }
    params.push(r.to);
    return `WHEN ${when} THEN $${params.length}::text`;
  });
  return `(CASE ${whens.join(' ')} ELSE ${codeColumn} END)`;
}
